/**
 * The bounded cache of slow-changing per-process facts (cmdline, cgroup, uid), keyed by
 * `${pid}:${startTime}` so a reused pid can never be served another process's entry. It also
 * remembers the comm the facts were read under: exec changes comm, and a changed comm means the
 * facts must be read again.
 */
import { LRUCache } from 'lru-cache';

/** What is cached for one process. */
export interface ProcessFacts {
  /** Sanitised comm at the time cmdline and cgroup were read. */
  comm: string;
  cmdline: string;
  cgroup?: string;
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

export type ProcessFactsCache = LRUCache<string, ProcessFacts>;

/** A cache holding at most `max` processes' facts; the least recently used go first. */
export function createProcessFactsCache(max = DEFAULT_FACTS_CACHE_SIZE): ProcessFactsCache {
  return new LRUCache<string, ProcessFacts>({ max });
}
