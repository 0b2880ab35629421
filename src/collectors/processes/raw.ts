/**
 * The raw shape every processes backend produces (the /proc reader in proc.ts and the eBPF
 * iterator in ebpf.ts alike), before derive.ts turns counters into rates. Keep it stable: both
 * backends and the merge in index.ts depend on it.
 *
 * Units are fixed so derive never branches on the source: times in clock ticks (USER_HZ,
 * ctx.host.clockTicks; fractional is allowed for a backend that measures finer), memory in bytes,
 * cumulative counters as read. Text fields (comm, cmdline, user, cgroup) are already sanitised
 * with src/util/sanitize.ts. A field a backend could not measure is undefined, never 0.
 */

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
  readBytes?: number;
  /** /proc/PID/io write_bytes: bytes sent to storage, cumulative. Undefined where unreadable. */
  writeBytes?: number;
  /**
   * Monotonic ms at which readBytes and writeBytes were read, set by a backend that reads them on
   * its own schedule rather than every tick (the /proc reader: not every pass for an idle
   * process). When it is set, derive makes the rate against ioBefore only, over their own gap.
   */
  ioReadAt?: number;
  /** The read of readBytes/writeBytes before the one in this record (with ioReadAt). */
  ioBefore?: IoRead;
  /** /proc/PID/schedstat field 2: time spent waiting on a run queue, ns, cumulative. */
  runqueueWaitNs?: number;
  /** As ioReadAt, for runqueueWaitNs. */
  runqueueWaitReadAt?: number;
  /** The read of runqueueWaitNs before the one in this record (with runqueueWaitReadAt). */
  runqueueWaitBefore?: WaitRead;
  /**
   * Which backend counted runqueueWaitNs ('proc': since the process started, main thread only;
   * eBPF: since its programs loaded). derive makes a rate only from two samples of the same
   * origin, so a tick that falls back from one backend to the other shows n/a, not a jump.
   */
  runqueueWaitFrom?: string;
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

/** One read of a process's storage I/O counters and the monotonic ms it was taken at. */
export interface IoRead {
  at: number;
  readBytes: number;
  writeBytes: number;
}

/** One read of a process's run-queue wait counter (ns) and the monotonic ms it was taken at. */
export interface WaitRead {
  at: number;
  ns: number;
}

/** What a processes backend returns from read(). */
export interface ProcessesRaw {
  processes: RawProcess[];
  /**
   * Set by a backend that filled the gaps of an earlier backend's list (the /proc fill after
   * eBPF): that list, so the merge knows `processes` is already the join (same processes, same
   * order, every earlier field kept) and need not rebuild it record by record.
   */
  filledFrom?: readonly RawProcess[];
}

/** The identity of a process across ticks and caches (src/util/processKey.ts): pid reuse gets a new key. */
export { processKey } from '../../util/processKey.js';

/**
 * The entry for process (pid, startTime) in a map keyed by pid alone, or undefined when the pid
 * now holds another process. Per-tick maps of thousands of processes are keyed this way rather
 * than by processKey: no string is built and hashed per process per tick.
 */
export function samePid<T extends { startTime: number }>(map: { get(pid: number): T | undefined }, pid: number, startTime: number): T | undefined {
  const entry = map.get(pid);
  return entry !== undefined && entry.startTime === startTime ? entry : undefined;
}
