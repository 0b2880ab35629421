/**
 * When the /proc reader reads a process's cumulative counters (/proc/PID/io and
 * /proc/PID/schedstat) and its memory (/proc/PID/statm) again, and what it remembers of them from
 * one pass to the next.
 *
 * These files are three quarters of the opens of a pass. Their counters only move while the
 * process runs or waits to run: read_bytes and write_bytes are charged in the process's own
 * context (submission, dirtying a page; proc_pid_io(5)), and run-queue wait accrues while it is
 * runnable. So they are read every pass for a process that may have moved them (new, state R or
 * D, or whose utime + stime changed since the last pass), and for every other process at least
 * once in COUNTER_REFRESH_PASSES passes, staggered by pid so each pass does an even share. statm
 * is read on the same schedule, and also whenever stat's own vsize or rough RSS moved (memory
 * can change hands while the process sleeps: reclaim, swap-in by another task, a shared mapping).
 *
 * The trade-off: utime and stime move by whole clock ticks, so a sleeping process that ran for
 * less than a tick, did I/O (or waited on a run queue) in it and went back to sleep shows no
 * change, and its counters are picked up at most COUNTER_REFRESH_PASSES - 1 passes late. The
 * rate is never made up: each read keeps the monotonic time it was taken, and derive rates the
 * last two actual reads over their own gap.
 */
import type { IoRead, RawProcess, WaitRead } from './raw.js';
import type { StatFields, StatmFields } from './parse.js';

/** The last statm read, and stat's vsize and rough RSS at that pass (what tells it moved). */
export interface MemoryRead extends StatmFields {
  statVsize?: number;
  statRss?: number;
}

/**
 * An idle process's io, schedstat and statm are read again at least once in this many passes
 * (10: at 5,000 sleeping processes, 1,500 opens a pass instead of 3,750 with 4, ~15 ms less).
 */
export const COUNTER_REFRESH_PASSES = 10;

/** What one pass knew of a process's counters, handed to the next pass. */
export interface CounterHistory {
  /** The process's start time (the maps are keyed by pid: raw.ts samePid). */
  startTime: number;
  /** utime + stime at that pass. */
  cpuTicks?: number;
  /** The reader has read io for this process (the read may have given nothing: EACCES, no file). */
  ioTried: boolean;
  /** That read was denied (EACCES, EPERM): proc.ts asks again only now and then. */
  ioDenied: boolean;
  /** The latest read of io, and the read before it. */
  io?: IoRead;
  ioBefore?: IoRead;
  /** As ioTried, io and ioBefore, for schedstat. */
  waitTried: boolean;
  wait?: WaitRead;
  waitBefore?: WaitRead;
  /** The last statm read, when the reader read statm for this process. */
  memory?: MemoryRead;
}

/**
 * Whether a process's counters must be read this pass (see the file comment): true for a process
 * the last pass did not see, in state R or D, whose CPU time is unknown or moved, or whose turn
 * in the rotation it is.
 */
export function countersDue(
  proc: Pick<RawProcess, 'pid' | 'state' | 'cpuTicks'>,
  last: CounterHistory | undefined,
  pass: number,
): boolean {
  return (
    last === undefined ||
    proc.state === 'R' ||
    proc.state === 'D' ||
    proc.cpuTicks === undefined ||
    proc.cpuTicks !== last.cpuTicks ||
    (proc.pid + pass) % COUNTER_REFRESH_PASSES === 0
  );
}

/**
 * Whether statm must be read this pass: when the counters are due, when stat (read this pass) is
 * not at hand, or when its vsize or rough RSS differ from the pass of the last statm read.
 */
export function memoryDue(countersAreDue: boolean, stat: StatFields | undefined, last: MemoryRead | undefined): boolean {
  return (
    countersAreDue ||
    stat === undefined ||
    last === undefined ||
    stat.vsize === undefined ||
    stat.rssPagesApprox === undefined ||
    stat.vsize !== last.statVsize ||
    stat.rssPagesApprox !== last.statRss
  );
}
