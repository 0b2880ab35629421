/** `smoothtask top`: the full-screen monitor. Starts the sampling loop and hands the store to the UI. */
import { Monitor } from '../runtime/monitor.js';
import { runTop as runScreen } from '../ui/run.js';
import type { CliOptions } from './args.js';
import { writeErr } from './output.js';

/** Colour depth from flags and the environment (COLORTERM advertises truecolor). */
export function colorMode(noColor: boolean, env: NodeJS.ProcessEnv): 'none' | '16' | 'truecolor' {
  if (noColor) return 'none';
  return env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 'truecolor' : '16';
}

export async function runTop(opts: CliOptions): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    await writeErr('smoothtask top: needs a terminal on stdin and stdout; for pipes and scripts use `smoothtask snapshot --json`.\n');
    return 1;
  }
  const monitor = await Monitor.create({ intervalMs: opts.intervalMs });
  monitor.start();
  try {
    await runScreen({
      store: monitor.store,
      intervalMs: opts.intervalMs,
      color: colorMode(opts.noColor, process.env),
      ascii: opts.ascii,
      onQuit: () => monitor.stop(),
    });
  } finally {
    monitor.stop();
  }
  return 0;
}
