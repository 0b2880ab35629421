/**
 * The bounded cache of slow-changing per-process facts (cmdline, cgroup, uid), keyed by pid and
 * holding the start time they were read under, so a reused pid is never served another process's
 * entry (raw.ts samePid). It also remembers the comm the facts were read under: exec changes comm,
 * and a changed comm means the facts must be read again.
 */
import { LRUCache } from 'lru-cache';

/** What is cached for one process. */
export interface ProcessFacts {
  /** Start time of the process the facts were read from (stat field 22, clock ticks). */
  startTime: number;
  /** Sanitised comm at the time cmdline and cgroup were read. */
  comm: string;
  cmdline: string;
  cgroup?: string;
  /** cgroup is still to be read: a reader's first pass leaves it to the second (proc.ts slowFacts). */
  cgroupDeferred?: boolean;
  /** The cgroup id the path was read under, where the earlier backend gave one (raw.ts cgroupId). */
  cgroupId?: number;
  /** Effective uid from status (undefined where status could not be read). */
  uid?: number;
  /**
   * Shared pages from statm, in bytes, when an earlier backend (eBPF) gave RSS and VSZ but not
   * this: re-read with the other facts rather than opening statm for every process every pass.
   */
  sharedBytes?: number;
}

/** Default bound: well above the 5,000 processes the benchmarks start. */
export const DEFAULT_FACTS_CACHE_SIZE = 20_000;

export type ProcessFactsCache = LRUCache<number, ProcessFacts>;

/** A cache holding at most `max` processes' facts; the least recently used go first. */
export function createProcessFactsCache(max = DEFAULT_FACTS_CACHE_SIZE): ProcessFactsCache {
  return new LRUCache<number, ProcessFacts>({ max });
}
