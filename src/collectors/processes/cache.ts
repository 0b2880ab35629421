/**
 * The bounded cache of slow-changing per-process facts (cmdline, cgroup, uid). Entries are keyed
 * by pid and hold the start time they were read under; a lookup names both, so a reused pid is
 * never served another process's entry. It also remembers the comm the facts were read under:
 * exec changes comm, and a changed comm means the facts must be read again (plan.ts planFacts).
 */
import { LRUCache } from 'lru-cache';
import { samePid } from './raw.js';

/** What is cached for one process. */
export interface ProcessFacts {
  /** Start time of the process the facts were read from (stat field 22, clock ticks). */
  startTime: number;
  /** Sanitised comm at the time cmdline and cgroup were read. */
  comm: string;
  cmdline: string;
  cgroup?: string;
  /** cgroup is still to be read: the first pass leaves it to the second (plan.ts FIRST_PASS). */
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

/** The facts of at most `max` processes; the least recently used go first. */
export class ProcessFactsCache {
  private readonly entries: LRUCache<number, ProcessFacts>;
  /**
   * lru-cache's get makes an options object when it is given none, and writes its status field
   * into the one it is given: this one is the cache's own, passed to every lookup, so that the
   * thousands of lookups a pass make none (bench/README.md, 'Rows drafted in place').
   */
  private readonly getOptions: LRUCache.GetOptions<number, ProcessFacts, unknown> = {};
  private readonly lookup = { get: (pid: number) => this.entries.get(pid, this.getOptions) };

  constructor(max = DEFAULT_FACTS_CACHE_SIZE) {
    this.entries = new LRUCache<number, ProcessFacts>({ max });
  }

  /** The facts of process (pid, startTime), or undefined (none, or the pid now holds another process). */
  get(pid: number, startTime: number): ProcessFacts | undefined {
    return samePid(this.lookup, pid, startTime);
  }

  /** Keep the facts of process (pid, facts.startTime), replacing any entry of the pid. */
  set(pid: number, facts: ProcessFacts): void {
    this.entries.set(pid, facts);
  }
}
