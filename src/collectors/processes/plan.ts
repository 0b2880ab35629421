/**
 * The read plan of the /proc backend: which files it reads for which process this pass. Pure: the
 * pass, what an earlier backend left undefined, stat's figures and what the last pass remembered
 * in, the steps out; proc.ts does the reading.
 *
 * io, schedstat and statm are three quarters of the opens of a pass. Their counters only move
 * while the process runs or waits to run: read_bytes and write_bytes are charged in the process's
 * own context (submission, dirtying a page; proc_pid_io(5)), and run-queue wait accrues while it
 * is runnable. So they are read every pass for a process that may have moved them (new, state R
 * or D, or whose utime + stime changed since the last pass), and for every other process at least
 * once in COUNTER_REFRESH_PASSES passes, staggered by pid so each pass does an even share. statm
 * is read on the same schedule, and also whenever stat's own vsize or rough RSS moved (memory can
 * change hands while the process sleeps: reclaim, swap-in by another task, a shared mapping).
 *
 * The trade-off: utime and stime move by whole clock ticks, so a sleeping process that ran for
 * less than a tick, did I/O (or waited on a run queue) in it and went back to sleep shows no
 * change, and its counters are picked up at most COUNTER_REFRESH_PASSES - 1 passes late. The rate
 * is never made up: each read keeps the monotonic time it was taken (raw.ts Counter), and derive
 * rates the last two actual reads over their own gap.
 */
import type { ProcessFacts } from './cache.js';
import type { StatFields, StatmFields } from './parse.js';
import type { Counter, RawProcess } from './raw.js';

/**
 * What differs between a reader's first pass and the others. The first pass is the wait for the
 * first frame, so it reads only what that frame shows; the second reads the rest.
 */
export interface ReadPlanPolicy {
  /**
   * io and schedstat are read. A rate needs two reads, so the first pass's would show nothing on
   * the first frame, and they are two of the seven files per process of that cold pass
   * (bench/README.md, 'First pass without io and schedstat').
   */
  readonly counters: boolean;
  /**
   * Where memory comes from when no earlier backend gave it: statm, or the status the facts read
   * anyway for the uid (it carries statm's figures, and a cold open fewer per process shortens
   * the wait for the first frame: bench/README.md, 'First pass memory from status'). statm after
   * all where status had none (kernel threads, zombies).
   */
  readonly memoryFrom: 'statm' | 'status';
  /**
   * The cgroup path is read; else left to the next pass (no panel shows it, and its cold read
   * delays the first frame: bench/README.md, 'First pass without cgroup').
   */
  readonly cgroup: boolean;
}

/** A reader's first pass: what the first frame shows, as soon as it can. */
export const FIRST_PASS: ReadPlanPolicy = { counters: false, memoryFrom: 'status', cgroup: false };
/** Every later pass. */
export const LATER_PASS: ReadPlanPolicy = { counters: true, memoryFrom: 'statm', cgroup: true };

/**
 * An idle process's io, schedstat and statm are read again at least once in this many passes
 * (10, not 4: far fewer opens a pass, for counters picked up a few passes later;
 * bench/README.md, 'Idle counters once in 10 passes').
 */
export const COUNTER_REFRESH_PASSES = 10;

/**
 * A process whose io was denied (another user's, without CAP_SYS_PTRACE: proc_pid_io checks
 * ptrace access) is asked again once in this many passes, not on every rotation or CPU tick: the
 * answer only changes when either side's credentials or the target's dumpable flag do. As nobody
 * among many root processes that saves failed opens every pass, each with its thrown error
 * (bench/README.md, 'Denied io retried once in 100 passes').
 */
export const IO_DENIED_RETRY_PASSES = 100;

/**
 * A process's cached facts are read again once in this many passes (staggered by pid), or less
 * often when there are many processes: about FACTS_REFRESH_PER_PASS of them a pass, so that the
 * opens a pass spends on facts stay bounded however many processes there are (bench/README.md,
 * 'Facts re-read on a budget').
 */
const FACTS_REFRESH_PASSES = 10;
const FACTS_REFRESH_PER_PASS = 50;

/** One pass: its number (1 for a reader's first), its policy, and its facts rotation. */
export interface Pass {
  readonly number: number;
  readonly policy: ReadPlanPolicy;
  /** Facts are read again once in this many passes. */
  readonly factsCycle: number;
}

/** Pass `number` of a reader, over about `processes` processes. */
export function passPlan(number: number, processes: number): Pass {
  return {
    number,
    policy: number === 1 ? FIRST_PASS : LATER_PASS,
    factsCycle: Math.max(FACTS_REFRESH_PASSES, Math.ceil(processes / FACTS_REFRESH_PER_PASS)),
  };
}

/** The last statm read, and stat's vsize and rough RSS at that pass (what tells it moved). */
export interface MemoryRead extends StatmFields {
  statVsize?: number;
  statRss?: number;
}

/** What one pass knew of a process's counters, handed to the next pass. */
export interface CounterHistory {
  /** The process's start time (the maps are keyed by pid: raw.ts samePid). */
  startTime: number;
  /** utime + stime at that pass. */
  cpuTicks?: number;
  /** The reader has read io for this process (the read may have given nothing: EACCES, no file). */
  ioTried: boolean;
  /** That read was denied (EACCES, EPERM): asked again only now and then. */
  ioDenied: boolean;
  /** The latest reads of io (each carries the read before it). */
  readBytes?: Counter;
  writeBytes?: Counter;
  /** As ioTried and the io counters, for schedstat. */
  waitTried: boolean;
  wait?: Counter;
  /** The last statm read, when the reader read statm for this process. */
  memory?: MemoryRead;
}

/** A counter history with nothing tried yet: a new one, or `spare` (no one's any more) emptied. */
export function freshHistory(spare: CounterHistory | undefined, startTime: number, cpuTicks: number | undefined): CounterHistory {
  const h = spare ?? ({ startTime } as CounterHistory);
  h.startTime = startTime;
  h.cpuTicks = cpuTicks;
  h.ioTried = false;
  h.ioDenied = false;
  h.readBytes = undefined;
  h.writeBytes = undefined;
  h.waitTried = false;
  h.wait = undefined;
  h.memory = undefined;
  return h;
}

/** A step of the plan for one file: read it, hand on the last read, or leave it (not wanted). */
export type Step = 'read' | 'handOn' | 'skip';

/** Which of the counter files to read for one process this pass. */
export interface CounterPlan {
  /** 'status': from the status the facts read (statm where it has none). */
  readonly memory: Step | 'status';
  readonly io: Step;
  readonly wait: Step;
}

/**
 * What the counter plan looks at of a process: its state and CPU time, and which counters an
 * earlier backend left undefined (in a scan, all of them). The record itself: no object per
 * process is built for the plan.
 */
export type PlanSubject = Pick<RawProcess, 'pid' | 'state' | 'cpuTicks' | 'rssBytes' | 'vszBytes' | 'readBytes' | 'writeBytes' | 'runqueueWaitNs'>;

const MEMORY_STEPS = ['read', 'handOn', 'skip', 'status'] as const;
const STEPS = ['read', 'handOn', 'skip'] as const;
/** Every CounterPlan there is, built once: the plan runs for every process every pass. */
const COUNTER_PLANS: readonly CounterPlan[] = MEMORY_STEPS.flatMap((memory) => STEPS.flatMap((io) => STEPS.map((wait) => Object.freeze({ memory, io, wait }))));
function counterPlan(memory: CounterPlan['memory'], io: Step, wait: Step): CounterPlan {
  return COUNTER_PLANS[MEMORY_STEPS.indexOf(memory) * 9 + STEPS.indexOf(io) * 3 + STEPS.indexOf(wait)];
}
/** The plan that reads and hands on no counter: every one came from an earlier backend. */
const NOTHING_COUNTED: CounterPlan = counterPlan('skip', 'skip', 'skip');

/** countersLeft's bits. */
const MEMORY_LEFT = 1;
const IO_LEFT = 2;
const WAIT_LEFT = 4;

/**
 * The counters an earlier backend left undefined that this reader would take (as bits): none for
 * a process of the eBPF list, which is every process of every pass there, so proc.ts looks no
 * history up for it and plans nothing.
 */
export function countersLeft(p: PlanSubject, policy: ReadPlanPolicy): number {
  return (
    (p.rssBytes === undefined || p.vszBytes === undefined ? MEMORY_LEFT : 0) |
    (p.readBytes === undefined && p.writeBytes === undefined && policy.counters ? IO_LEFT : 0) |
    (p.runqueueWaitNs === undefined && policy.counters ? WAIT_LEFT : 0)
  );
}

/**
 * Whether a process's counters must be read this pass (see the file comment): true for a process
 * the last pass did not see, in state R or D, whose CPU time is unknown or moved, or whose turn
 * in the rotation it is.
 */
function countersDue(proc: Pick<RawProcess, 'pid' | 'state' | 'cpuTicks'>, last: CounterHistory | undefined, pass: number): boolean {
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
export function memoryDue(countersAreDue: boolean, stat: Pick<StatFields, 'vsize' | 'rssPagesApprox'> | undefined, last: MemoryRead | undefined): boolean {
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

/**
 * The counter files to read for `p` this pass, given stat's figures this pass (where stat was
 * read) and what the last pass remembered of it.
 */
export function planCounters(
  p: PlanSubject,
  stat: Pick<StatFields, 'vsize' | 'rssPagesApprox'> | undefined,
  last: CounterHistory | undefined,
  pass: Pass,
): CounterPlan {
  const left = countersLeft(p, pass.policy);
  if (left === 0) return NOTHING_COUNTED;
  const due = countersDue(p, last, pass.number);
  let memory: CounterPlan['memory'] = 'skip';
  if ((left & MEMORY_LEFT) !== 0) {
    if (pass.policy.memoryFrom === 'status') memory = 'status';
    else memory = memoryDue(due, stat, last?.memory) ? 'read' : 'handOn';
  }
  let io: Step = 'skip';
  if ((left & IO_LEFT) !== 0) {
    const askAgain = last?.ioDenied !== true || (p.pid + pass.number) % IO_DENIED_RETRY_PASSES === 0;
    io = last?.ioTried !== true || (due && askAgain) ? 'read' : 'handOn';
  }
  let wait: Step = 'skip';
  if ((left & WAIT_LEFT) !== 0) wait = last?.waitTried !== true || due ? 'read' : 'handOn';
  return counterPlan(memory, io, wait);
}

/** Which of the slow facts (cmdline, cgroup, status) to read for one process this pass. */
export interface FactsPlan {
  /** 'cached': serve the cache; 'read': read them again. */
  readonly facts: 'cached' | 'read';
  /** 'reuse': the cached path (the cgroup id shows it unchanged); 'defer': leave it to the next pass. */
  readonly cgroup: Step | 'reuse' | 'defer';
}

/** The facts plans there are, built once. */
const SERVE_CACHED: FactsPlan = Object.freeze({ facts: 'cached', cgroup: 'skip' });
const SERVE_CACHED_READ_CGROUP: FactsPlan = Object.freeze({ facts: 'cached', cgroup: 'read' });
const READ_REUSE_CGROUP: FactsPlan = Object.freeze({ facts: 'read', cgroup: 'reuse' });
const READ_WITH_CGROUP: FactsPlan = Object.freeze({ facts: 'read', cgroup: 'read' });
const READ_DEFER_CGROUP: FactsPlan = Object.freeze({ facts: 'read', cgroup: 'defer' });

/** What the facts plan looks at of a process. */
export type FactsSubject = Pick<RawProcess, 'pid' | 'comm' | 'cgroupId'>;

/**
 * The facts of a process are read again when it has none cached, when comm changed (exec), when
 * the earlier backend's cgroup id changed, and on its turn in the rotation (factsCycle): a process
 * can retitle itself (setproctitle), move to another cgroup or drop root without an exec. The
 * cgroup path is read with them unless the cgroup id shows it unchanged or the policy defers it,
 * and a deferred one is read on the next pass that may.
 */
export function planFacts(p: FactsSubject, cached: ProcessFacts | undefined, pass: Pass): FactsPlan {
  const turn = (p.pid + pass.number) % pass.factsCycle === 0;
  if (cached !== undefined && cached.comm === p.comm && cached.cgroupId === p.cgroupId && !turn) {
    return cached.cgroupDeferred === true && pass.policy.cgroup ? SERVE_CACHED_READ_CGROUP : SERVE_CACHED;
  }
  const sameCgroup = cached !== undefined && cached.cgroupDeferred !== true && cached.cgroupId !== undefined && cached.cgroupId === p.cgroupId;
  return sameCgroup ? READ_REUSE_CGROUP : pass.policy.cgroup ? READ_WITH_CGROUP : READ_DEFER_CGROUP;
}
