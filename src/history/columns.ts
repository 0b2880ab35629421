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
 * CPU time, 1 µs of run-queue wait or latency (the percentiles are interpolated within log2
 * buckets, so their fractions are not measured), 1 byte/s. Every other column is an integer already.
 */
export const STORED_UNITS: Partial<Record<RowColumn, number>> = {
  cpuPercent: 100,
  cpuTimeSeconds: 1000,
  readBytesPerSec: 1,
  writeBytesPerSec: 1,
  runqueueWaitMsPerSec: 100,
  runqueueWaitMs: 1000,
  rqP50Us: 1,
  rqP99Us: 1,
  rqMaxUs: 1,
  netTxBytesPerSec: 1,
  netRxBytesPerSec: 1,
  gpuPercent: 100,
  gpuFencesPerSec: 100,
  gpuFenceBusyPercent: 100,
};

/** A stored value of `column` back in the ProcessRow's own unit. */
export function fromStored(column: RowColumn, v: number): number {
  const unit = STORED_UNITS[column];
  return unit === undefined ? v : v / unit;
}

type Read = (p: ProcessRow) => number | string | null;

/** A fractional field read as stored: counted in its column's unit (STORED_UNITS). */
function scaled(column: RowColumn, field: (p: ProcessRow) => number | undefined): Read {
  const unit = STORED_UNITS[column] ?? 1;
  return (p) => {
    const v = field(p);
    return v === undefined ? null : Math.round(v * unit);
  };
}

/** How each column is read from a ProcessRow, as stored. */
const READERS: Record<RowColumn, Read> = {
  ppid: (p) => p.ppid,
  state: (p) => p.state,
  nice: (p) => p.nice ?? null,
  priority: (p) => p.priority ?? null,
  threads: (p) => p.threads ?? null,
  cpuPercent: scaled('cpuPercent', (p) => p.cpuPercent),
  cpuTimeSeconds: scaled('cpuTimeSeconds', (p) => p.cpuTimeSeconds),
  rssBytes: (p) => p.rssBytes ?? null,
  vszBytes: (p) => p.vszBytes ?? null,
  sharedBytes: (p) => p.sharedBytes ?? null,
  readBytesPerSec: scaled('readBytesPerSec', (p) => p.readBytesPerSec),
  writeBytesPerSec: scaled('writeBytesPerSec', (p) => p.writeBytesPerSec),
  readBytes: (p) => p.readBytes ?? null,
  writeBytes: (p) => p.writeBytes ?? null,
  runqueueWaitMsPerSec: scaled('runqueueWaitMsPerSec', (p) => p.runqueueWaitMsPerSec),
  runqueueWaitMs: scaled('runqueueWaitMs', (p) => p.runqueueWaitMs),
  rqP50Us: scaled('rqP50Us', (p) => p.runqueue?.p50Us),
  rqP99Us: scaled('rqP99Us', (p) => p.runqueue?.p99Us),
  rqMaxUs: scaled('rqMaxUs', (p) => p.runqueue?.maxUs),
  netTxBytesPerSec: scaled('netTxBytesPerSec', (p) => p.netTxBytesPerSec),
  netRxBytesPerSec: scaled('netRxBytesPerSec', (p) => p.netRxBytesPerSec),
  netTxBytes: (p) => p.netTxBytes ?? null,
  netRxBytes: (p) => p.netRxBytes ?? null,
  gpuPercent: scaled('gpuPercent', (p) => p.gpuPercent),
  gpuMemBytes: (p) => p.gpuMemBytes ?? null,
  gpuFencesPerSec: scaled('gpuFencesPerSec', (p) => p.gpuFencesPerSec),
  gpuFenceBusyPercent: scaled('gpuFenceBusyPercent', (p) => p.gpuFenceBusyPercent),
};
const READ_IN_ORDER: readonly Read[] = ROW_COLUMNS.map((c) => READERS[c]);

/** The ProcessRow's stored values, in ROW_COLUMNS order. */
export function rowValues(p: ProcessRow): RowValues {
  return READ_IN_ORDER.map((read) => read(p));
}

/**
 * True when the row would store the values already stored (it then writes nothing): compared
 * column by column, without building the row, since most rows of most samples have not moved.
 */
export function rowUnchanged(stored: RowValues, p: ProcessRow): boolean {
  for (let i = 0; i < READ_IN_ORDER.length; i++) if (READ_IN_ORDER[i](p) !== stored[i]) return false;
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
