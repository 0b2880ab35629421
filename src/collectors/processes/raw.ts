/**
 * The raw shape every processes backend produces (the /proc reader in proc.ts and the eBPF
 * iterator in ebpf.ts alike), before derive.ts turns counters into rates. Keep it stable: both
 * backends and the merge in index.ts depend on it.
 *
 * Units are fixed so derive never branches on the source: times in clock ticks (USER_HZ,
 * ctx.host.clockTicks; fractional is allowed for a backend that measures finer), memory in bytes,
 * cumulative counters as read (those a backend may read at another time than the pass as a
 * Counter: value, read time, source). Text fields (comm, cmdline, user, cgroup) are already sanitised
 * with src/util/sanitize.ts. A field a backend could not measure is undefined, never 0.
 */
import type { CounterRead } from '../../util/rate.js';
import type { RecentExits } from '../../types/snapshot.js';

/** One process as read from the kernel. (pid, startTime) is its identity. */
export interface RawProcess {
  pid: number;
  /** Start time in clock ticks after boot: proc(5) /proc/PID/stat field 22 (starttime). */
  startTime: number;
  ppid: number;
  /** Kernel comm (at most 15 bytes in the kernel), sanitised. */
  comm: string;
  /** One letter, as in proc(5) stat field 3: R S D Z T t X I (and P W K on older kernels). */
  state: string;
  /** utime + stime (stat fields 14 and 15), clock ticks, cumulative. */
  cpuTicks?: number;
  /** stat field 19. */
  nice?: number;
  /** stat field 18, as the kernel reports it (20 + nice for normal tasks, negative for RT). */
  priority?: number;
  /** stat field 20 (num_threads). */
  threads?: number;
  /** Resident set size in bytes (statm resident × page size). */
  rssBytes?: number;
  /** Virtual size in bytes (statm size × page size). */
  vszBytes?: number;
  /** Resident shared pages in bytes (statm shared × page size). */
  sharedBytes?: number;
  /** Effective uid (status "Uid:" second field). */
  uid?: number;
  /** User name for uid (from /etc/passwd), sanitised; undefined when uid has no name. */
  user?: string;
  /** Arguments joined with spaces, sanitised; '' for kernel threads and zombies. */
  cmdline?: string;
  /** Kernel thread: PF_KTHREAD in stat field 9 (flags). */
  kernelThread?: boolean;
  /** cgroup v2 path (the "0::" line of /proc/PID/cgroup), or the v1 path as a fallback, sanitised. */
  cgroup?: string;
  /**
   * The cgroup v2 id (the inode of its cgroupfs folder), from a backend that sees it cheaply (the
   * eBPF task iterator): the /proc reader reads the cgroup path again only when it changes.
   */
  cgroupId?: number;
  /** /proc/PID/io read_bytes: bytes fetched from storage, cumulative. Undefined where unreadable. */
  readBytes?: Counter;
  /** /proc/PID/io write_bytes: bytes sent to storage, cumulative. Undefined where unreadable. */
  writeBytes?: Counter;
  /**
   * Time spent waiting on a run queue, ns, cumulative: /proc/PID/schedstat field 2 (source 'proc':
   * since the process started, main thread only) or the sched group (source 'ebpf': the whole
   * process, since the group loaded).
   */
  runqueueWaitNs?: Counter;
  /**
   * Run-queue latency histogram (eBPF sched group): slot i counts waits of [2^i, 2^(i+1)) µs,
   * cumulative since the group loaded. derive turns two of them into the last interval's figures.
   */
  runqueueHistogram?: readonly number[];
  /** Longest single run-queue wait since the sched group loaded, ns (eBPF). */
  runqueueMaxNs?: number;
  /** Bytes the process sent through sockets since the net group loaded, cumulative (eBPF). */
  netTxBytes?: number;
  /** Bytes the process received through sockets since the net group loaded, cumulative (eBPF). */
  netRxBytes?: number;
}

/** Which backend counted a Counter (derive makes no rate across two of them). */
export type CounterSource = 'proc' | 'ebpf';

/**
 * A cumulative counter as a process record carries it: the latest read, stamped with when and by
 * whom it was read, and the read before it where the backend keeps one. Every counter that a
 * backend may read at another time than the pass (the /proc reader reads an idle process's io
 * and schedstat once in ten passes) has this one shape, and derive rates every one of them the
 * same way (derive.ts counterRateOf): over the latest read and the one before it.
 */
export interface Counter extends CounterRead {
  source: CounterSource;
  /**
   * The read before this one, from a backend that reads on its own schedule and hands on its
   * last reads between them (the rate is then over that window, not the tick's). Without it the
   * read before is the previous sample's.
   */
  before?: CounterRead;
}

/**
 * What a later backend read for one process of an earlier backend's list: only the fields it
 * read, keyed by (pid, startTime). The merge (index.ts) puts each into the fields the earlier
 * record left undefined.
 */
export type ProcessFill = Pick<RawProcess, 'pid' | 'startTime'> &
  Partial<
    Pick<
      RawProcess,
      | 'cpuTicks'
      | 'nice'
      | 'priority'
      | 'threads'
      | 'kernelThread'
      | 'rssBytes'
      | 'vszBytes'
      | 'sharedBytes'
      | 'uid'
      | 'user'
      | 'cmdline'
      | 'cgroup'
      | 'readBytes'
      | 'writeBytes'
      | 'runqueueWaitNs'
    >
  >;

/** What a processes backend returns from read(). */
export interface ProcessesRaw {
  /**
   * The processes this backend read. From a backend after the first: only processes the earlier
   * list lacks (the /proc backend lists pid 1 where the kernel hides it from BPF).
   */
  processes: RawProcess[];
  /** Processes that lived and exited between two passes (eBPF sched group; recent-exits.ts). */
  recentExits?: RecentExits;
  /**
   * From a backend after the first: what it read for the earlier list's processes, fills[i] for
   * processes[i] of that list where it read anything. The merge joins them and drops this field.
   */
  fills?: (ProcessFill | undefined)[];
}

/**
 * The entry for process (pid, startTime) in a map keyed by pid alone, or undefined when the pid
 * now holds another process. Per-tick maps of thousands of processes are keyed this way rather
 * than by processKey: no string is built and hashed per process per tick.
 */
export function samePid<T extends { startTime: number }>(map: { get(pid: number): T | undefined }, pid: number, startTime: number): T | undefined {
  const entry = map.get(pid);
  return entry !== undefined && entry.startTime === startTime ? entry : undefined;
}

/** Records after the ascending run looked through one by one; past this many, a Map is made of them. */
const UNSORTED_SCAN = 32;

/**
 * Where each pid is in a list of records, without a Map a pass: the lists come in ascending pid
 * order (the task iterator and /proc's listing walk pids upwards; a process a later backend adds,
 * pid 1 where the kernel hides it from BPF, comes at the end). A cursor follows the ascending
 * run; a pid asked out of order is found by halving that run, then among the records after it.
 */
export class PidIndex {
  private readonly records: readonly { pid: number }[];
  /** How many of the records it indexes: records[0 .. count). */
  private readonly count: number;
  /** records[0 .. sorted) ascend by pid. */
  private readonly sorted: number;
  private cursor = 0;
  /** The records after the ascending run, by pid, where there are more than a look through costs. */
  private unsorted: Map<number, number> | undefined;

  constructor(records: readonly { pid: number }[], count = records.length) {
    this.records = records;
    this.count = Math.min(count, records.length);
    let n = this.count > 0 ? 1 : 0;
    while (n < this.count && records[n].pid > records[n - 1].pid) n++;
    this.sorted = n;
  }

  /** The index of `pid` in the records, or -1. */
  indexOf(pid: number): number {
    const records = this.records;
    let i = this.cursor;
    if (i > 0 && records[i - 1].pid >= pid) i = this.search(pid);
    else while (i < this.sorted && records[i].pid < pid) i++;
    this.cursor = i;
    if (i < this.sorted && records[i].pid === pid) return i;
    if (this.count - this.sorted <= UNSORTED_SCAN) {
      for (let j = this.sorted; j < this.count; j++) if (records[j].pid === pid) return j;
      return -1;
    }
    this.unsorted ??= this.mapUnsorted();
    return this.unsorted.get(pid) ?? -1;
  }

  private mapUnsorted(): Map<number, number> {
    const map = new Map<number, number>();
    for (let j = this.sorted; j < this.count; j++) map.set(this.records[j].pid, j);
    return map;
  }

  /** The first index of the ascending run whose pid is not below `pid`. */
  private search(pid: number): number {
    let lo = 0;
    let hi = this.sorted;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid].pid < pid) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * `fill` (a new one, or one of the pass before: the merge copies out of each fill within its tick
 * and keeps none) emptied for process (pid, startTime), every field it may get named, so that
 * thousands of them share one shape.
 */
export function emptyFill(fill: ProcessFill | undefined, pid: number, startTime: number): ProcessFill {
  const f: ProcessFill = fill ?? { pid, startTime };
  f.pid = pid;
  f.startTime = startTime;
  f.cpuTicks = undefined;
  f.nice = undefined;
  f.priority = undefined;
  f.threads = undefined;
  f.kernelThread = undefined;
  f.rssBytes = undefined;
  f.vszBytes = undefined;
  f.sharedBytes = undefined;
  f.uid = undefined;
  f.user = undefined;
  f.cmdline = undefined;
  f.cgroup = undefined;
  f.readBytes = undefined;
  f.writeBytes = undefined;
  f.runqueueWaitNs = undefined;
  return f;
}

/**
 * A new record with every field it will get named: added one by one, they would give each of
 * thousands of records a new property store every pass.
 */
export function blankRecord(pid: number): RawProcess {
  return {
    pid,
    startTime: 0,
    ppid: 0,
    comm: '',
    state: '',
    cpuTicks: undefined,
    nice: undefined,
    priority: undefined,
    threads: undefined,
    rssBytes: undefined,
    vszBytes: undefined,
    sharedBytes: undefined,
    uid: undefined,
    cgroupId: undefined,
    kernelThread: undefined,
    readBytes: undefined,
    writeBytes: undefined,
    user: undefined,
    cmdline: undefined,
    cgroup: undefined,
    runqueueWaitNs: undefined,
    runqueueHistogram: undefined,
    runqueueMaxNs: undefined,
    netTxBytes: undefined,
    netRxBytes: undefined,
  };
}

/**
 * The records of a backend's last two passes. A pass's records live until the pass after next
 * (the sampler keeps one pass as the previous sample while the next is read), so each pass writes
 * into the records of the pass before last, field by field, where the same process is listed: at
 * thousands of processes, no record is allocated a pass for those, and none is left for the
 * collector to trace (bench/README.md, "Records written again"). A pass that fails part-way keeps
 * nothing, and the next writes into the same set again: the records it wrote into were the
 * sampler's previous sample, whose derive is already made. Sound only for a backend whose reads
 * the sampler never abandons (no Backend.timeoutMs): a read abandoned and finished later would be
 * kept here but not there, and the pass after it would write into the sampler's current sample.
 */
export class RecordSets {
  private readonly sets: Kept[] = [
    { records: [], count: 0 },
    { records: [], count: 0 },
  ];
  private next = 0;
  /** The list of the set keep() let go last: the pass after that one lists into it. */
  private spare: RawProcess[] = [];

  /** The records this pass writes into: the pass before last's, in its order. */
  recycled(): Recycled {
    return this.sets[this.next];
  }

  /**
   * The array this pass lists its records in, from index 0 (then its length is set to the count):
   * the list of the pass three before, which no one holds any more, as recycled() says of its
   * records. A list of thousands made anew each pass lived an interval, as the sampler's
   * previous sample, and was promoted to old space to die there (bench/README.md, "Objects that
   * live an interval, written again").
   */
  list(): RawProcess[] {
    return this.spare;
  }

  /**
   * This pass's records, read whole: the next pass writes into the other set. Only those in the
   * list now are the backend's: the merge (index.ts) may append a later backend's records to the
   * list it hands over, and those are that backend's to write.
   */
  keep(records: RawProcess[]): void {
    const dropped = this.sets[this.next];
    this.sets[this.next] = { records, count: records.length };
    this.next ^= 1;
    this.spare = dropped.records;
  }
}

/** A set RecordSets keeps: its list stays writable, for list() to hand on. */
interface Kept extends Recycled {
  readonly records: RawProcess[];
}

/** A backend's records of its pass before last: records[0 .. count) are its own (RecordSets). */
export interface Recycled {
  readonly records: readonly RawProcess[];
  readonly count: number;
}

/** No records to write into (a backend's first pass). */
export const NO_RECORDS: Recycled = Object.freeze({ records: Object.freeze([]), count: 0 });
