/**
 * The recorder on the sampling side: it takes the writer lock, starts the writer thread
 * (history-writer.ts) and, for every snapshot the store publishes (frozen screen or not), posts
 * the changed rows (encode.ts). It never waits for the disk: when the writer falls more than
 * MAX_IN_FLIGHT samples behind, a sample is dropped and counted here instead of queueing without
 * bound. `doctor` and the log read its status().
 */
import { mkdirSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store } from '../store/store.js';
import type { Snapshot } from '../types/snapshot.js';
import { SampleEncoder } from './encode.js';
import { HistoryError } from './errors.js';
import type { WriterData } from './history-writer.js';
import { lockForWriting, type WriterLock } from './lock.js';
import { cpuMsSince, type FromWriter, type RecorderStatus, type ToWriter } from './message.js';
import type { RetentionPolicy } from './retention.js';

export interface RecorderOptions {
  path: string;
  policy: RetentionPolicy;
  /** Create the database's folder when missing (the default path); a folder named with --db must exist. */
  createDir?: boolean;
  /** How often the writer applies retention, at most; 60 s by default. */
  retentionEveryMs?: number;
}

/** Events a face logs: drops and recoveries, retention runs. */
export type RecorderEvent =
  | { kind: 'migrating'; from: number; to: number }
  | { kind: 'dropped'; error: string; dropped: number }
  | { kind: 'resumed'; dropped: number }
  | { kind: 'retention'; deleted: number; thinned: number }
  | { kind: 'retentionFailed'; error: string };

const MAX_IN_FLIGHT = 30;

/**
 * Sources run under vitest as TypeScript: the writer thread then needs type stripping and the
 * `./x.js` → `./x.ts` resolution that tsc's output does not.
 */
const TS_RESOLVE = `import{registerHooks}from'node:module';registerHooks({resolve(s,c,n){try{return n(s,c)}catch(e){if(s.startsWith('.')&&s.endsWith('.js'))return n(s.slice(0,-3)+'.ts',c);throw e}}});`;

function startWorker(data: WriterData): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./history-writer${ext}`, import.meta.url);
  const execArgv =
    ext === '.ts' ? ['--experimental-transform-types', '--no-warnings', '--import', `data:text/javascript,${encodeURIComponent(TS_RESOLVE)}`] : [];
  return new Worker(url, { workerData: { smoothtaskHistoryWriter: data }, execArgv });
}

export class Recorder {
  private readonly encoder = new SampleEncoder();
  private inFlight = 0;
  private closing: Promise<void> | undefined;
  private readonly state: RecorderStatus;

  private constructor(
    private readonly worker: Worker,
    private readonly lock: WriterLock,
    path: string,
    private readonly onEvent: (e: RecorderEvent) => void,
  ) {
    this.state = { path, state: 'recording', written: 0, dropped: 0, writeMsTotal: 0, writeCpuMsTotal: 0, encoded: 0, encodeMsTotal: 0, encodeCpuMsTotal: 0 };
  }

  /** Open (or create) the database and start recording the store's snapshots. Throws HistoryError. */
  static async start(store: Store, opts: RecorderOptions, onEvent: (e: RecorderEvent) => void = () => {}): Promise<Recorder> {
    if (opts.createDir) {
      try {
        mkdirSync(dirname(opts.path), { recursive: true });
      } catch (err) {
        throw new HistoryError(opts.path, `its folder cannot be created (${(err as NodeJS.ErrnoException).code}); choose another file with --db`);
      }
    }
    const lock = lockForWriting(opts.path);
    const worker = startWorker({ path: opts.path, policy: opts.policy, retentionEveryMs: opts.retentionEveryMs ?? 60_000 });
    const first = await new Promise<FromWriter>((resolve, reject) => {
      const opening = (m: FromWriter): void => {
        if (m.type === 'migrating') return onEvent({ kind: 'migrating', from: m.from, to: m.to });
        worker.off('message', opening);
        resolve(m);
      };
      worker.on('message', opening);
      worker.once('error', reject);
    }).catch((err: unknown) => ({ type: 'fatal' as const, error: `${opts.path}: the writer thread failed: ${(err as Error).message}` }));
    if (first.type !== 'ready') {
      lock.release();
      await worker.terminate();
      throw new HistoryError(opts.path, first.type === 'fatal' ? first.error.replace(`${opts.path}: `, '') : 'the writer did not start');
    }
    const recorder = new Recorder(worker, lock, opts.path, onEvent);
    worker.on('message', (m: FromWriter) => recorder.onWriter(m));
    store.addProcessor((s) => {
      recorder.record(s);
      return s;
    });
    return recorder;
  }

  status(): RecorderStatus {
    return { ...this.state };
  }

  private post(m: ToWriter): void {
    this.worker.postMessage(m);
  }

  private record(s: Snapshot): void {
    if (this.closing !== undefined) return;
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.state.dropped += 1;
      this.encoder.reset();
      return;
    }
    this.inFlight += 1;
    const start = performance.now();
    const cpu = process.threadCpuUsage();
    this.post(this.encoder.encode(s));
    this.state.encodeMsTotal += performance.now() - start;
    this.state.encodeCpuMsTotal += cpuMsSince(cpu);
    this.state.encoded += 1;
  }

  private onWriter(m: FromWriter): void {
    switch (m.type) {
      case 'written':
        this.inFlight -= 1;
        this.state.written += 1;
        this.state.lastWriteMs = m.ms;
        this.state.writeMsTotal += m.ms;
        this.state.writeCpuMsTotal += m.cpuMs;
        this.state.lastWrittenAt = m.t;
        if (this.state.state === 'failing') this.onEvent({ kind: 'resumed', dropped: this.state.dropped });
        this.state.state = 'recording';
        break;
      case 'dropped':
        this.inFlight -= 1;
        this.state.dropped += 1;
        // The rows it carried are lost: the next sample carries every row again.
        this.encoder.reset();
        if (this.state.state !== 'failing' || this.state.lastError !== m.error) this.onEvent({ kind: 'dropped', error: m.error, dropped: this.state.dropped });
        this.state.state = 'failing';
        this.state.lastError = m.error;
        break;
      case 'retention':
        this.onEvent({ kind: 'retention', deleted: m.deleted, thinned: m.thinned });
        break;
      case 'retentionFailed':
        this.onEvent({ kind: 'retentionFailed', error: m.error });
        break;
      default:
        break;
    }
  }

  /** Write what is in flight, close the database, stop the thread, release the lock. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      const done = (): void => {
        this.state.state = 'closed';
        this.lock.release();
        resolve();
      };
      this.worker.on('message', (m: FromWriter) => {
        if (m.type === 'closed') void this.worker.terminate().then(done);
      });
      this.worker.once('error', () => done());
      this.post({ type: 'close' });
    });
    return this.closing;
  }
}
