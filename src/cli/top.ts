/**
 * `smoothtask top`: the full-screen monitor. Starts the runtime (sampling loop, alerts, config
 * reload, the metrics endpoint with --listen; src/runtime/runtime.ts) and hands its store, process
 * actions and detail readers to the UI.
 */
import { processActions } from '../runtime/actions.js';
import { detailSource } from '../runtime/detail.js';
import { startRuntime } from '../runtime/runtime.js';
import { colorMode } from './color.js';
import { writeErr } from './output.js';
import type { Settings } from './settings.js';

export async function runTop(opts: Settings): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    await writeErr('smoothtask top: needs a terminal on stdin and stdout; for pipes and scripts use `smoothtask snapshot --json`.\n');
    return 1;
  }
  const held = opts.pauseRows > 0 ? { samples: opts.historyLength, rows: opts.pauseRows } : undefined;
  let runtime;
  try {
    runtime = await startRuntime({ ...opts, held, record: opts.recordTop ? opts.recording : undefined, deferKernel: true });
  } catch (err) {
    // Only the endpoint can refuse to start (a bad web config, a port in use): say so, before any screen.
    if (opts.listen === undefined) throw err;
    await writeErr(`smoothtask top: cannot serve metrics at ${opts.listen.address}: ${(err as Error).message}\n`);
    return 1;
  }
  const { monitor, alerts } = runtime;
  monitor.start();
  // The first pass lists /proc and hands its facts files to the addon's threads before the
  // screen's modules load and it mounts, so that both go on while the files are read
  // (bench/README.md, 'Facts read ahead while the screen starts'). setImmediate comes after the
  // pass's synchronous part, which runs in promise callbacks.
  try {
    await new Promise((resolve) => setImmediate(resolve));
    const { runScreen } = await import('../ui/run.js');
    await runScreen({
      store: runtime.store,
      intervalMs: opts.intervalMs,
      color: colorMode(opts.noColor, process.env),
      ascii: opts.ascii,
      onQuit: () => monitor.stop(),
      // The first frame comes from /proc; the BPF programs load once it is on the screen.
      onFirstFrame: () => void monitor.openDeferred(),
      actions: {
        acknowledgeAlert: (id) => alerts.engine.acknowledge(id),
        silenceAlert: (id, ms) => alerts.engine.silence(id, ms),
        processes: processActions({ procRoot: monitor.ctx.procRoot, sysRoot: monitor.ctx.sysRoot }),
      },
      detail: detailSource(monitor.ctx),
    });
  } finally {
    await runtime.close();
  }
  // Said once the terminal is back: the screen had it to itself until then.
  if (runtime.logError !== undefined) await writeErr(`smoothtask top: the log file could not be opened, so nothing was logged: ${runtime.logError}\n`);
  if (runtime.exporter !== undefined)
    await writeErr(`smoothtask top: served metrics at ${runtime.exporter.server.scheme}://${runtime.exporter.server.address}/metrics\n`);
  return 0;
}
