/**
 * The per-sample process columns, declared once: the encoder builds a row in this order, the
 * writer inserts it, the reader turns it back into ProcessRow fields. A name is the ProcessRow
 * field it stores, except the run-queue latency's three figures (runqueue.p50Us, p99Us, maxUs).
 */
import type { ProcessRow } from '../types/snapshot.js';

export const ROW_COLUMNS = [
  'ppid',
  'state',
  'nice',
  'priority',
  'threads',
  'cpuPercent',
  'cpuTimeSeconds',
  'rssBytes',
  'vszBytes',
  'sharedBytes',
  'readBytesPerSec',
  'writeBytesPerSec',
  'readBytes',
  'writeBytes',
  'runqueueWaitMsPerSec',
  'runqueueWaitMs',
  'rqP50Us',
  'rqP99Us',
  'rqMaxUs',
  'netTxBytesPerSec',
  'netRxBytesPerSec',
  'netTxBytes',
  'netRxBytes',
  'gpuPercent',
  'gpuMemBytes',
  'gpuFencesPerSec',
  'gpuFenceBusyPercent',
] as const;

export type RowColumn = (typeof ROW_COLUMNS)[number];

/** One process's stored values, in ROW_COLUMNS order; null where not measured. */
export type RowValues = (number | string | null)[];

/**
 * The fractional columns are stored as integers of these units: SQLite stores an integer in 1 to
 * 6 bytes and a fraction in 8, and a value that only jitters below its unit then moves no row.
 * The units are finer than anything shown or reported: 0.01% of a core, 1 ms of
 * CPU time, 1 µs of run-queue wait, 1 byte/s. Every other column is an integer already.
 */
export const STORED_UNITS: Partial<Record<RowColumn, number>> = {
  cpuPercent: 100,
  cpuTimeSeconds: 1000,
  readBytesPerSec: 1,
  writeBytesPerSec: 1,
  runqueueWaitMsPerSec: 100,
  runqueueWaitMs: 1000,
  netTxBytesPerSec: 1,
  netRxBytesPerSec: 1,
  gpuPercent: 100,
  gpuFencesPerSec: 100,
  gpuFenceBusyPercent: 100,
};

/** A value as stored in `column`: counted in its unit (STORED_UNITS). */
function stored(column: RowColumn, v: number | undefined): number | null {
  const unit = STORED_UNITS[column];
  return v === undefined ? null : unit === undefined ? v : Math.round(v * unit);
}

/** A stored value of `column` back in the ProcessRow's own unit. */
export function fromStored(column: RowColumn, v: number): number {
  const unit = STORED_UNITS[column];
  return unit === undefined ? v : v / unit;
}

/** The ProcessRow's stored values, in ROW_COLUMNS order. */
export function rowValues(p: ProcessRow): RowValues {
  const rq = p.runqueue;
  return [
    p.ppid,
    p.state,
    p.nice ?? null,
    p.priority ?? null,
    p.threads ?? null,
    stored('cpuPercent', p.cpuPercent),
    stored('cpuTimeSeconds', p.cpuTimeSeconds),
    p.rssBytes ?? null,
    p.vszBytes ?? null,
    p.sharedBytes ?? null,
    stored('readBytesPerSec', p.readBytesPerSec),
    stored('writeBytesPerSec', p.writeBytesPerSec),
    p.readBytes ?? null,
    p.writeBytes ?? null,
    stored('runqueueWaitMsPerSec', p.runqueueWaitMsPerSec),
    stored('runqueueWaitMs', p.runqueueWaitMs),
    rq?.p50Us ?? null,
    rq?.p99Us ?? null,
    rq?.maxUs ?? null,
    stored('netTxBytesPerSec', p.netTxBytesPerSec),
    stored('netRxBytesPerSec', p.netRxBytesPerSec),
    p.netTxBytes ?? null,
    p.netRxBytes ?? null,
    stored('gpuPercent', p.gpuPercent),
    p.gpuMemBytes ?? null,
    stored('gpuFencesPerSec', p.gpuFencesPerSec),
    stored('gpuFenceBusyPercent', p.gpuFenceBusyPercent),
  ];
}

/** True when two rows store the same values (the later one then writes nothing). */
export function sameRow(a: RowValues, b: RowValues): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The slow facts of a process, written once per lifetime and again only when one changes (table procs). */
export interface ProcessFacts {
  pid: number;
  startTime: number;
  startedAt: number | null;
  comm: string;
  cmdline: string;
  uid: number | null;
  user: string | null;
  cgroup: string | null;
  kernelThread: number | null;
  /** Set when the facts of a process already recorded changed (a new comm after exec, a cgroup read late). */
  changed?: true;
}

/** True when the stored facts still describe the row (compared without building a new record). */
export function factsMatch(f: ProcessFacts, p: ProcessRow): boolean {
  return (
    f.comm === p.comm &&
    f.cmdline === p.cmdline &&
    f.uid === (p.uid ?? null) &&
    f.user === (p.user ?? null) &&
    f.cgroup === (p.cgroup ?? null) &&
    f.kernelThread === (p.kernelThread === undefined ? null : p.kernelThread ? 1 : 0) &&
    f.startedAt === (p.startedAt ?? null)
  );
}

export function factsOf(p: ProcessRow): ProcessFacts {
  return {
    pid: p.pid,
    startTime: p.startTime,
    startedAt: p.startedAt ?? null,
    comm: p.comm,
    cmdline: p.cmdline,
    uid: p.uid ?? null,
    user: p.user ?? null,
    cgroup: p.cgroup ?? null,
    kernelThread: p.kernelThread === undefined ? null : p.kernelThread ? 1 : 0,
  };
}
