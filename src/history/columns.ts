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

/** The ProcessRow's stored values, in ROW_COLUMNS order. */
export function rowValues(p: ProcessRow): RowValues {
  const rq = p.runqueue;
  return [
    p.ppid,
    p.state,
    p.nice ?? null,
    p.priority ?? null,
    p.threads ?? null,
    p.cpuPercent ?? null,
    p.cpuTimeSeconds ?? null,
    p.rssBytes ?? null,
    p.vszBytes ?? null,
    p.sharedBytes ?? null,
    p.readBytesPerSec ?? null,
    p.writeBytesPerSec ?? null,
    p.readBytes ?? null,
    p.writeBytes ?? null,
    p.runqueueWaitMsPerSec ?? null,
    p.runqueueWaitMs ?? null,
    rq?.p50Us ?? null,
    rq?.p99Us ?? null,
    rq?.maxUs ?? null,
    p.netTxBytesPerSec ?? null,
    p.netRxBytesPerSec ?? null,
    p.netTxBytes ?? null,
    p.netRxBytes ?? null,
    p.gpuPercent ?? null,
    p.gpuMemBytes ?? null,
    p.gpuFencesPerSec ?? null,
    p.gpuFenceBusyPercent ?? null,
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
