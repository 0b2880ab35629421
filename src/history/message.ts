/**
 * What the sampling thread posts to the writer for one sample (encode.ts builds it, write.ts
 * stores it), and what the writer answers. Only what changed travels: the rows of processes
 * whose stored values moved, the facts of processes new since the last sample, the keys of the
 * processes gone, and the alerts whose state changed.
 */
import type { AlertState, RecentExit, RecentExits, Snapshot } from '../types/snapshot.js';
import type { ProcessFacts, RowValues } from './columns.js';

/**
 * The short-lived processes' counts as the panels hold them. The exits themselves are rows of the
 * exits table, which reports read; the panels of samples written before schema 6 held them too.
 */
export type StoredExits = Omit<RecentExits, 'exits'> & { exits?: RecentExit[] };

/** The snapshot's system panels, stored whole with each sample (compressed). */
export type Panels = Pick<
  Snapshot,
  'schemaVersion' | 'cpu' | 'memory' | 'pressure' | 'disks' | 'network' | 'gpus' | 'sensors' | 'connectionEvents' | 'alerts' | 'config' | 'verdict' | 'self'
> & { recentExits?: StoredExits };

export interface SampleMessage {
  type: 'sample';
  /** takenAt, ms since the epoch. */
  t: number;
  intervalMs: number;
  /**
   * The system panels (Panels), host, sources and connections, as JSON text: stored compressed,
   * and the chunks only when their text differs from the last sample's.
   */
  json: Record<'panels' | 'host' | 'sources' | 'connections', string>;
  /** The verdict's top limiting resource, 'headroom', or null where the sample has no verdict. */
  limiting: string | null;
  /** The processes that exited since the last sample, as the eBPF exit events saw them. */
  exits?: Snapshot['recentExits'];
  /** Facts of the processes first seen (or every process, when `present` is set). */
  facts: ProcessFacts[];
  /** [processKey, values] of the processes whose stored values changed. */
  rows: [string, RowValues][];
  /** Keys of the processes that were in the last sample and are not in this one. */
  ended: string[];
  /** Every process key: set on a full sample (the first, or the first after a dropped one). */
  present?: string[];
  /** Alerts that are new or changed state since the last sample. */
  alertChanges: AlertState[];
}

export interface CloseMessage {
  type: 'close';
}

export type ToWriter = SampleMessage | CloseMessage;

/** The writer's state as `doctor` and the log report it. */
export interface RecorderStatus {
  path: string;
  state: 'starting' | 'recording' | 'failing' | 'closed';
  written: number;
  dropped: number;
  lastWriteMs?: number;
  /** Wall time spent writing all written samples in the writer thread, ms, and the CPU time of it. */
  writeMsTotal: number;
  writeCpuMsTotal: number;
  /** Samples encoded and posted to the writer, and the time (wall and CPU) the sampling thread spent on them, ms. */
  encoded: number;
  encodeMsTotal: number;
  encodeCpuMsTotal: number;
  lastWrittenAt?: number;
  lastError?: string;
}

/** CPU time this thread has used since `from` (process.threadCpuUsage), ms: what a sample costs, whatever else the machine runs. */
export function cpuMsSince(from: NodeJS.CpuUsage): number {
  const now = process.threadCpuUsage(from);
  return (now.user + now.system) / 1000;
}

export type FromWriter =
  /** Sent before a migration starts: a large file takes a while (docs/history-schema.md). */
  | { type: 'migrating'; from: number; to: number }
  | { type: 'ready' }
  | { type: 'written'; t: number; ms: number; cpuMs: number }
  | { type: 'dropped'; t: number; error: string }
  | { type: 'retention'; deleted: number; thinned: number }
  | { type: 'retentionFailed'; error: string }
  | { type: 'fatal'; error: string }
  | { type: 'closed' };
