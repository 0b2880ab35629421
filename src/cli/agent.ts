/**
 * `smoothtask agent` (alias `record`): the headless face. It runs the same runtime as `top` (the
 * Monitor with every collector, the alert rules with their sinks, hot reload) and records every
 * sample into the history database, and serves /metrics with --listen; no terminal is needed. SIGTERM and SIGINT finish the sample
 * in flight, close the database and exit 0; SIGHUP reloads the config file.
 */
import { HistoryError } from '../history/errors.js';
import { startRuntime } from '../runtime/runtime.js';
import { writeErr } from './output.js';
import type { Settings } from './settings.js';

export async function runAgent(opts: Settings): Promise<number> {
  let runtime;
  try {
    runtime = await startRuntime({ ...opts, record: opts.recording });
  } catch (err) {
    // Besides the database (HistoryError, reported by main), only the endpoint can refuse to start.
    if (opts.listen === undefined || err instanceof HistoryError) throw err;
    await writeErr(`smoothtask agent: cannot serve metrics at ${opts.listen.address}: ${(err as Error).message}\n`);
    return 1;
  }
  const { monitor, logger } = runtime;
  const onHup = (): void => {
    logger.info('SIGHUP: reloading the config file');
    runtime.reload();
  };
  process.on('SIGHUP', onHup);
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  monitor.start();
  logger.info({ db: opts.recording.path, intervalMs: opts.intervalMs }, 'agent started');
  await writeErr(`smoothtask agent: recording to ${opts.recording.path} every ${opts.intervalMs / 1000} s (pid ${process.pid})\n`);
  if (runtime.exporter !== undefined) await writeErr(`smoothtask agent: serving metrics at http://${runtime.exporter.server.address}/metrics\n`);
  if (runtime.logError !== undefined) await writeErr(`smoothtask agent: the log file could not be opened, so nothing is logged: ${runtime.logError}\n`);
  const signal = await stopped;
  process.off('SIGHUP', onHup);
  await runtime.close();
  const status = runtime.recorder?.status();
  logger.info({ signal, written: status?.written, dropped: status?.dropped }, 'agent stopped');
  const written = status?.written ?? 0;
  const perSample =
    status !== undefined && written > 0
      ? ` (per sample: ${(status.writeMsTotal / written).toFixed(2)} ms writing in the writer thread (${(status.writeCpuMsTotal / written).toFixed(2)} ms CPU), ${(status.encodeMsTotal / Math.max(1, status.encoded)).toFixed(2)} ms encoding in the sampling thread (${(status.encodeCpuMsTotal / Math.max(1, status.encoded)).toFixed(2)} ms CPU))`
      : '';
  await writeErr(`smoothtask agent: ${signal}: stopped; ${written} samples written, ${status?.dropped ?? 0} dropped${perSample}\n`);
  return 0;
}
