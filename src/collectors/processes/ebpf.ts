/**
 * The eBPF backend of the processes collector: one pass of the task iterator (bpf/task_iter.bpf.c)
 * through the addon replaces the /proc scan for the process list and its stat/statm/status
 * fields; the /proc backend after it fills the rest (cmdline, cgroup path, I/O, user names).
 * Threads are grouped by tgid and their CPU time summed with the exited threads' time, as
 * /proc/PID/stat does (fs/proc/array.c do_task_stat, thread_group_cputime).
 *
 * The scheduler group (bpf/sched.bpf.c) runs beside it when it loads: it adds the run-queue wait
 * of the whole process, a run-queue latency histogram per process, and exec/exit events so a
 * process that lived between two samples is still seen. If it fails to load, it is off alone.
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import type { RunqueueLatency } from '../../types/snapshot.js';
import { acquireBpfStats, BpfGroup, bpfNative, describeBpfError, releaseBpfStats, type BpfNative } from '../../native/bpf.js';
import {
  decodeProcEvents,
  decodeSchedStats,
  decodeTaskRecords,
  PF_KTHREAD,
  sumPerCpuU64,
  taskStateLetter,
  type ProcEvent,
  type SchedStats,
  type TaskRecord,
} from '../../native/bpf-records.js';
import { sanitizeText } from '../../util/sanitize.js';
import { ProcProcessReader } from './proc.js';
import type { ProcessesRaw, RawProcess } from './raw.js';

const NS_PER_SEC = 1_000_000_000;
/** Exec/exit events kept between two drains; older ones are dropped first. */
const MAX_PENDING_EVENTS = 20_000;

/**
 * Fold the iterator's per-thread records into one RawProcess per thread group, with the units of
 * raw.ts: ticks of USER_HZ (`clockTicks`) and bytes. A group whose leader was not seen (it exited
 * between two threads of the pass) is left out: /proc would not list it either.
 */
export function processesFromTasks(tasks: readonly TaskRecord[], clockTicks: number, pageSize: number): RawProcess[] {
  const cpuNs = new Map<number, number>();
  for (const t of tasks) cpuNs.set(t.tgid, (cpuNs.get(t.tgid) ?? 0) + t.sumExecRuntimeNs);
  const out: RawProcess[] = [];
  for (const t of tasks) {
    if (t.tid !== t.tgid) continue;
    const groupNs = (cpuNs.get(t.tgid) ?? 0) + t.deadExecRuntimeNs;
    out.push({
      pid: t.tgid,
      startTime: bootNsToTicks(t.startBoottimeNs, clockTicks),
      ppid: t.ppid,
      comm: sanitizeText(t.procName),
      state: taskStateLetter(t.state, t.exitState),
      cpuTicks: (groupNs / NS_PER_SEC) * clockTicks,
      nice: t.nice,
      priority: t.prio,
      threads: t.nrThreads,
      rssBytes: t.rssPages * pageSize,
      vszBytes: t.totalVmPages * pageSize,
      sharedBytes: t.sharedPages * pageSize,
      uid: t.euid,
      kernelThread: (t.flags & PF_KTHREAD) !== 0,
    });
  }
  return out;
}

/** nsec_to_clock_t(): whole ticks of NSEC_PER_SEC / USER_HZ, in bigint so it stays exact. */
export function bootNsToTicks(ns: bigint, clockTicks: number): number {
  return Number(ns / BigInt(NS_PER_SEC / clockTicks));
}

/**
 * Run-queue latency over one interval from two cumulative samples of a process's histogram:
 * p50 and p99 are the geometric middle of the log2 bucket they fall in (bucket i holds waits of
 * [2^i, 2^(i+1)) µs, so the figure is within a factor of √2), max is the longest wait since the
 * group was loaded. Undefined when the process did not wait at all in the interval.
 */
export function runqueueLatency(prev: SchedStats | undefined, cur: SchedStats): RunqueueLatency | undefined {
  const histogram = cur.histogram.map((n, i) => n - (prev?.histogram[i] ?? 0));
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total <= 0) return undefined;
  const percentile = (q: number): number => {
    let seen = 0;
    for (let i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= q * total) return i === 0 ? 1 : 2 ** i * Math.SQRT2;
    }
    return 2 ** (histogram.length - 1) * Math.SQRT2;
  };
  return { p50Us: percentile(0.5), p99Us: percentile(0.99), maxUs: cur.runqMaxNs / 1000, histogram };
}

/** A program group that runs, or why it does not. */
export type GroupStatus = { on: true } | { on: false; reason: string; remedy?: string };

/** The processes backend plus what the scheduler group adds beyond the raw process shape. */
export interface EbpfProcessesBackend extends Backend<ProcessesRaw> {
  /** Whether the scheduler group runs (it is optional: the task iterator works without it). */
  schedStatus(): GroupStatus;
  /** Cumulative scheduling counters per tgid as of the last read; undefined without the group. */
  schedStats(): ReadonlyMap<number, SchedStats> | undefined;
  /** Exec and exit events since the last call, oldest first. */
  drainEvents(): ProcEvent[];
  /** Events the kernel dropped because the ring buffer was full (cumulative); undefined without the group. */
  eventsLost(): number | undefined;
  /** The loaded groups, for BPF run-time stats (SmoothTask's own overhead). */
  groups(): BpfGroup[];
}

export interface EbpfProcessesOptions {
  /** Object paths (tests); default build/bpf/<group>.bpf.o. */
  taskIterPath?: string;
  schedPath?: string;
  /** Send exit events only for processes that lived less than this (ns); 0 = every exit. */
  shortLivedNs?: number;
}

/** The eBPF processes backend: task iterator (required) and scheduler group (optional). */
export function createEbpfProcessesBackend(options: EbpfProcessesOptions = {}): EbpfProcessesBackend {
  let iter: BpfGroup | undefined;
  let sched: BpfGroup | undefined;
  let schedStatus: GroupStatus = { on: false, reason: 'not probed yet' };
  let schedStats: Map<number, SchedStats> | undefined;
  let pending: ProcEvent[] = [];
  // Reads pid 1 where the kernel hides it from BPF (see read()); created on first need.
  let initReader: ProcProcessReader | undefined;
  let statsHeld: BpfNative | undefined;

  function openSched(native: BpfNative): void {
    try {
      sched = BpfGroup.open(native, 'sched', { short_lived_ns: BigInt(options.shortLivedNs ?? 0) }, options.schedPath);
      schedStatus = { on: true };
    } catch (err) {
      schedStatus = { on: false, ...describeBpfError(err) };
    }
  }

  function readSched(): void {
    if (sched === undefined) return;
    const batch = sched.readMap('proc_sched');
    schedStats = decodeSchedStats(batch.keys, batch.values, batch.count);
    pending.push(...decodeProcEvents(sched.consumeRing('events')));
    if (pending.length > MAX_PENDING_EVENTS) pending = pending.slice(-MAX_PENDING_EVENTS);
  }

  return {
    id: 'ebpf',
    probe(): ProbeResult {
      const native = bpfNative();
      if (!native.ok) return { available: false, reason: native.reason, remedy: native.remedy };
      try {
        iter = BpfGroup.open(native.module, 'task_iter', undefined, options.taskIterPath);
      } catch (err) {
        return { available: false, ...describeBpfError(err) };
      }
      openSched(native.module);
      // Program run time is counted while SmoothTask runs, for its own overhead on the header.
      acquireBpfStats(native.module);
      statsHeld = native.module;
      const extra = schedStatus.on ? ' and scheduler tracepoints (bpf/sched.bpf.c)' : `; scheduler group off: ${schedStatus.reason}`;
      return { available: true, reason: `task iterator (bpf/task_iter.bpf.c)${extra}` };
    },
    read(ctx: CollectorContext): Partial<ProcessesRaw> {
      if (iter === undefined || iter.closed) throw new Error('eBPF task iterator is not loaded');
      const processes = processesFromTasks(decodeTaskRecords(iter.iterate('dump_task')), ctx.host.clockTicks, ctx.host.pageSize);
      // Some kernels hide pid 1 from BPF: on the Firecracker kernel SmoothTask is developed on,
      // neither the task iterator nor bpf_task_from_pid(1) sees it, while /proc does. Read it
      // from /proc then, every tick, so its counters always come from one source.
      if (!processes.some((p) => p.pid === 1)) {
        initReader ??= new ProcProcessReader();
        const init = initReader.readProcess(`${ctx.procRoot}/1`, 1, ctx.host.pageSize);
        if (init !== undefined) processes.push(init);
      }
      readSched();
      if (schedStats !== undefined) {
        // The tracepoints see every switch since load, so a process with no entry has waited 0 ns
        // since then: a measurement. runqueueWaitFrom tells derive not to make a rate across
        // this since-load, whole-process counter and /proc's since-start, main-thread one.
        for (const p of processes) {
          p.runqueueWaitNs = schedStats.get(p.pid)?.runqWaitNs ?? 0;
          p.runqueueWaitFrom = 'ebpf';
        }
      }
      return { processes };
    },
    close(): void {
      iter?.close();
      sched?.close();
      iter = sched = undefined;
      if (statsHeld !== undefined) releaseBpfStats(statsHeld);
      statsHeld = undefined;
      schedStatus = { on: false, reason: 'closed' };
    },
    schedStatus: () => schedStatus,
    schedStats: () => schedStats,
    drainEvents(): ProcEvent[] {
      const out = pending;
      pending = [];
      return out;
    },
    eventsLost(): number | undefined {
      if (sched === undefined || sched.closed) return undefined;
      const batch = sched.readMap('events_lost');
      return batch.count === 0 ? 0 : sumPerCpuU64(batch.values, batch.valueSize);
    },
    groups: () => [iter, sched].filter((g): g is BpfGroup => g !== undefined && !g.closed),
  };
}
