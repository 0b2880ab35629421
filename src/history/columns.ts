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
 * The fractional columns are stored as integers of these units: a packed row (row-codec.ts) holds
 * a small integer in a byte or two and a fraction in 9, and a value that only jitters below its
 * unit then moves no row.
 * The units are finer than anything shown or reported: 0.01% of a core, 1 ms of
 * CPU time, 1 µs of run-queue wait or latency (the percentiles are interpolated within log2
 * buckets, so their fractions are not measured), 1 byte/s. Every other column is an integer already.
 */
export const STORED_UNITS = {
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
} as const satisfies Partial<Record<RowColumn, number>>;

/** A stored value of `column` back in the ProcessRow's own unit. */
export function fromStored(column: RowColumn, v: number): number {
  const unit = (STORED_UNITS as Partial<Record<RowColumn, number>>)[column];
  return unit === undefined ? v : v / unit;
}

/** A fractional field as stored: a whole count of its column's unit (STORED_UNITS). */
function inUnits(v: number | undefined, unit: number): number | null {
  return v === undefined ? null : Math.round(v * unit);
}

/**
 * Write `p`'s stored values into `out`, in ROW_COLUMNS order, and return it. Written out column by
 * column, not as a table of a reader per column: it runs for every process of every sample, and a
 * call site over 27 different readers is never inlined (bench/README.md, "Where a sample's CPU
 * goes at 1,000 processes"). test/unit/history/columns.test.ts checks the order against ROW_COLUMNS.
 */
export function readStored(p: ProcessRow, out: RowValues): RowValues {
  out[0] = p.ppid;
  out[1] = p.state;
  out[2] = p.nice ?? null;
  out[3] = p.priority ?? null;
  out[4] = p.threads ?? null;
  out[5] = inUnits(p.cpuPercent, STORED_UNITS.cpuPercent);
  out[6] = inUnits(p.cpuTimeSeconds, STORED_UNITS.cpuTimeSeconds);
  out[7] = p.rssBytes ?? null;
  out[8] = p.vszBytes ?? null;
  out[9] = p.sharedBytes ?? null;
  out[10] = inUnits(p.readBytesPerSec, STORED_UNITS.readBytesPerSec);
  out[11] = inUnits(p.writeBytesPerSec, STORED_UNITS.writeBytesPerSec);
  out[12] = p.readBytes ?? null;
  out[13] = p.writeBytes ?? null;
  out[14] = inUnits(p.runqueueWaitMsPerSec, STORED_UNITS.runqueueWaitMsPerSec);
  out[15] = inUnits(p.runqueueWaitMs, STORED_UNITS.runqueueWaitMs);
  out[16] = inUnits(p.runqueue?.p50Us, STORED_UNITS.rqP50Us);
  out[17] = inUnits(p.runqueue?.p99Us, STORED_UNITS.rqP99Us);
  out[18] = inUnits(p.runqueue?.maxUs, STORED_UNITS.rqMaxUs);
  out[19] = inUnits(p.netTxBytesPerSec, STORED_UNITS.netTxBytesPerSec);
  out[20] = inUnits(p.netRxBytesPerSec, STORED_UNITS.netRxBytesPerSec);
  out[21] = p.netTxBytes ?? null;
  out[22] = p.netRxBytes ?? null;
  out[23] = inUnits(p.gpuPercent, STORED_UNITS.gpuPercent);
  out[24] = p.gpuMemBytes ?? null;
  out[25] = inUnits(p.gpuFencesPerSec, STORED_UNITS.gpuFencesPerSec);
  out[26] = inUnits(p.gpuFenceBusyPercent, STORED_UNITS.gpuFenceBusyPercent);
  return out;
}

/** The ProcessRow's stored values, in ROW_COLUMNS order. */
export function rowValues(p: ProcessRow): RowValues {
  return readStored(p, new Array<number | string | null>(ROW_COLUMNS.length));
}

/**
 * True when `p` would store the values already stored (it then writes nothing). `scratch` is the
 * caller's array, read into for the comparison: most rows of most samples have not moved, and
 * none of them then builds an array of its own.
 */
export function rowUnchanged(stored: RowValues, p: ProcessRow, scratch: RowValues): boolean {
  readStored(p, scratch);
  for (let i = 0; i < ROW_COLUMNS.length; i++) if (scratch[i] !== stored[i]) return false;
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
