/**
 * `smoothtask top`: the full-screen monitor. Starts the runtime (sampling loop, alerts, config
 * reload; src/runtime/runtime.ts) and hands its store, process actions and detail readers to the UI.
 */
import { processActions } from '../runtime/actions.js';
import { detailSource } from '../runtime/detail.js';
import { startRuntime } from '../runtime/runtime.js';
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
  const held = opts.pauseRows > 0 ? { samples: opts.historyLength, rows: opts.pauseRows } : undefined;
  const runtime = await startRuntime({ ...opts, held });
  const { monitor, alerts } = runtime;
  monitor.start();
  try {
    await runScreen({
      store: runtime.store,
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
    runtime.close();
  }
  // Said once the terminal is back: the screen had it to itself until then.
  if (runtime.logError !== undefined) await writeErr(`smoothtask top: the log file could not be opened, so nothing was logged: ${runtime.logError}\n`);
  return 0;
}
