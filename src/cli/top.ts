/** `smoothtask top`: the full-screen monitor. Starts the sampling loop and hands the store to the UI. */
import { startAlerts } from '../alerts/index.js';
import { Monitor } from '../runtime/monitor.js';
import { processActions } from '../runtime/actions.js';
import { detailSource } from '../runtime/detail.js';
import { runScreen } from '../ui/run.js';
import { writeErr } from './output.js';
import type { Settings } from './settings.js';

/** Colour depth from flags and the environment (COLORTERM advertises truecolor). */
export function colorMode(noColor: boolean, env: NodeJS.ProcessEnv): 'none' | '16' | 'truecolor' {
  if (noColor) return 'none';
  return env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 'truecolor' : '16';
}

export async function runTop(opts: Settings): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    await writeErr('smoothtask top: needs a terminal on stdin and stdout; for pipes and scripts use `smoothtask snapshot --json`.\n');
    return 1;
  }
  const monitor = await Monitor.create({ intervalMs: opts.intervalMs, historyLength: opts.historyLength });
  const { loaded } = opts;
  const alerts = startAlerts(monitor.store, loaded.config, { configPath: loaded.source === 'built-in' ? undefined : loaded.path });
  monitor.start();
  try {
    await runScreen({
      store: monitor.store,
      intervalMs: opts.intervalMs,
      color: colorMode(opts.noColor, process.env),
      ascii: opts.ascii,
      onQuit: () => monitor.stop(),
      actions: {
        acknowledgeAlert: (id) => alerts.engine.acknowledge(id),
        silenceAlert: (id, ms) => alerts.engine.silence(id, ms),
        processes: processActions({ procRoot: monitor.ctx.procRoot }),
      },
      detail: detailSource(monitor.ctx),
    });
  } finally {
    monitor.stop();
    alerts.close();
  }
  return 0;
}
