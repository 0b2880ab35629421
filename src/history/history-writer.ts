/**
 * The writer thread: the only connection that writes the history database. It stores each
 * sample the sampling thread posts (write.ts), applies retention and rolls up complete hours
 * (hours.ts) between samples, and answers with what happened, so a slow or full disk delays
 * nothing but this thread. A sample that cannot be written (ENOSPC, an I/O error) is dropped and
 * counted; the samples after it are dropped too until the sampling side sends a full one, which
 * starts the recording afresh where it resumes.
 * esbuild bundles this file on its own (scripts/bundle.sh): recorder.ts starts it beside itself.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { HistoryError } from './errors.js';
import { cpuMsSince, type FromWriter, type ToWriter } from './message.js';
import { rollUpHours } from './hours.js';
import { applyRetention, type RetentionPolicy } from './retention.js';
import { openForWriting } from './schema.js';
import { SampleWriter } from './write.js';

/**
 * The most time one maintenance run spends rolling up hours (at least one hour each run): a file
 * migrated from an older schema is rolled up over the next runs, while samples wait in the queue.
 */
const ROLLUP_BUDGET_MS = 250;

export interface WriterData {
  path: string;
  policy: RetentionPolicy;
  /** How often retention runs, at most. */
  retentionEveryMs: number;
}

function run(port: NonNullable<typeof parentPort>, data: WriterData): void {
  const post = (m: FromWriter): void => port.postMessage(m);
  let db;
  try {
    db = openForWriting(data.path, (from, to) => post({ type: 'migrating', from, to }));
  } catch (err) {
    post({ type: 'fatal', error: err instanceof HistoryError ? err.message : `${data.path}: ${(err as Error).message}` });
    port.close();
    return;
  }
  const writer = new SampleWriter(db);
  let failing = false;
  let lastRetention = -Infinity;
  const retain = (): void => {
    lastRetention = performance.now();
    try {
      const { deleted, thinned } = applyRetention(db, data.policy, Date.now());
      if (deleted + thinned > 0) post({ type: 'retention', deleted, thinned });
      rollUpHours(db, ROLLUP_BUDGET_MS);
    } catch (err) {
      post({ type: 'retentionFailed', error: (err as Error).message });
    }
  };
  post({ type: 'ready' });
  port.on('message', (m: ToWriter) => {
    if (m.type === 'close') {
      db.close();
      post({ type: 'closed' });
      port.close();
      return;
    }
    if (failing && m.present === undefined) {
      post({ type: 'dropped', t: m.t, error: 'waiting for a full sample after a failed write' });
      return;
    }
    const start = performance.now();
    const cpu = process.threadCpuUsage();
    try {
      writer.write(m);
      failing = false;
      post({ type: 'written', t: m.t, ms: performance.now() - start, cpuMs: cpuMsSince(cpu) });
    } catch (err) {
      failing = true;
      post({ type: 'dropped', t: m.t, error: (err as Error).message });
      return;
    }
    if (performance.now() - lastRetention >= data.retentionEveryMs) retain();
  });
}

if (parentPort !== null && (workerData as { smoothtaskHistoryWriter?: WriterData } | null)?.smoothtaskHistoryWriter !== undefined) {
  run(parentPort, (workerData as { smoothtaskHistoryWriter: WriterData }).smoothtaskHistoryWriter);
}
