/**
 * What the detail view of one process holds: one section per tab, each saying where its numbers
 * came from (`source`) and, when it could not be read, why (`unavailable`). Produced by
 * DetailSampler (sampler.ts); drawn by src/ui/detail/.
 */
import type { ContainerIdentity } from './parse/container.js';
import type { FdKind } from './parse/fd.js';
import type { IdSet } from './parse/status.js';
import type { Mapping, SmapsRollup } from './parse/smaps.js';
import type { ResourceLimit } from './parse/limits.js';
import type { IoCounters } from './parse/io.js';
import type { NamespaceDiff } from './parse/namespaces.js';
import type { EnvVar } from './parse/environ.js';

/** A section's data, or the reason it has none. */
export interface Section<T> {
  /** The /proc files (or eBPF map) the section reads, as shown on screen. */
  source: string;
  value?: T;
  /** Why there is no value: "EACCES reading /proc/1/io: needs root or the process's user". */
  unavailable?: string;
}

/** A process named in the parent chain or the children list (navigable). */
export interface ProcessLink {
  pid: number;
  startTime: number;
  /** Sanitised comm. */
  comm: string;
}

export interface Overview {
  /** Sanitised; '' for kernel threads. */
  cmdline: string;
  comm: string;
  /** exe and cwd link targets, sanitised; undefined when unreadable. */
  exe?: string;
  cwd?: string;
  uid?: IdSet;
  gid?: IdSet;
  /** Names for real and effective uid/gid (undefined when the id has no name). */
  realUser?: string;
  effectiveUser?: string;
  realGroup?: string;
  effectiveGroup?: string;
  state: string;
  nice: number;
  priority: number;
  /** sched(7) policy name and rt priority (stat fields 41 and 40). */
  policy?: string;
  rtPriority?: number;
  kernelThread: boolean;
  /** ms since epoch. */
  startedAt?: number;
  elapsedSeconds?: number;
  /** Nearest first: parent, grandparent, … up to PID 1 (or 2 for kernel threads). */
  parents: ProcessLink[];
  children: ProcessLink[];
  threads: number;
  cgroup?: string;
  container: ContainerIdentity;
  /** Namespaces that are not the reference's; undefined when there was nothing to compare. */
  namespaces?: NamespaceDiff[];
  /** Which namespaces were the reference (or why there was none). */
  namespaceReference: string;
}

export interface ThreadRow {
  tid: number;
  comm: string;
  state: string;
  /** % of one core over the measured gap; undefined on the first read. */
  cpuPercent?: number;
  /** Run-queue wait, ms per second over the measured gap. */
  runqueueWaitMsPerSec?: number;
  /** Cumulative run-queue wait, ns (schedstat). */
  runqueueWaitNs?: number;
}

export interface FdRow {
  fd: number;
  kind: FdKind;
  /** Link target, sanitised. */
  target: string;
  /** Open flags in words (fdinfo), undefined when fdinfo was unreadable or not read. */
  flags?: string;
  deleted?: boolean;
}

export interface FilesInfo {
  fds: FdRow[];
  countsByKind: Partial<Record<FdKind, number>>;
  /** fdinfo flags are read for at most this many descriptors (lowest first) plus those on screen. */
  flagsLimit: number;
}

export interface SocketRow {
  fd: number;
  inode: number;
  proto: 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'unix/other';
  local?: string;
  remote?: string;
  state?: string;
}

export interface MemoryInfo {
  rssAnonBytes?: number;
  rssFileBytes?: number;
  rssShmemBytes?: number;
  rollup: SmapsRollup;
  largest: Mapping[];
  /** smaps was larger than the read bound; `largest` covers the first part only. */
  smapsTruncated: boolean;
  limits: ResourceLimit[];
}

export interface IoInfo {
  counters: IoCounters;
  readBytesPerSec?: number;
  writeBytesPerSec?: number;
  rcharPerSec?: number;
  wcharPerSec?: number;
  syscrPerSec?: number;
  syscwPerSec?: number;
}

export interface SchedInfo {
  policy?: string;
  rtPriority?: number;
  nice: number;
  runNs?: number;
  waitNs?: number;
  timeslices?: number;
  runqueueWaitMsPerSec?: number;
  voluntaryCtxtSwitches?: number;
  nonvoluntaryCtxtSwitches?: number;
  voluntaryPerSec?: number;
  nonvoluntaryPerSec?: number;
}

/** Everything the detail view shows, read at one moment. */
export interface ProcDetail {
  pid: number;
  startTime: number;
  /** Monotonic ms at the start of the read (rates use the gap between two of these). */
  t: number;
  /** How long the read took, ms. */
  readMs: number;
  overview: Section<Overview>;
  threads: Section<ThreadRow[]>;
  files: Section<FilesInfo>;
  network: Section<SocketRow[]>;
  memory: Section<MemoryInfo>;
  io: Section<IoInfo>;
  scheduling: Section<SchedInfo>;
  /** Read only when asked (behind a key); undefined when not asked. */
  environment?: Section<EnvVar[]>;
}
