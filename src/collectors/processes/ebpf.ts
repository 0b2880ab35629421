/**
 * The eBPF backend of the processes collector: one pass of the task iterator (bpf/task_iter.bpf.c)
 * through the addon replaces the /proc scan for the process list and its stat/statm/status/io
 * fields; the /proc backend after it fills the rest (cmdline, cgroup path, user names). Threads
 * are grouped by tgid and their CPU time and storage bytes summed with the exited threads', as
 * /proc/PID/stat and /proc/PID/io do (fs/proc/array.c thread_group_cputime, fs/proc/base.c
 * do_io_accounting).
 *
 * The scheduler group (bpf/sched.bpf.c) runs beside it when it loads: it adds the run-queue wait
 * of the whole process, a run-queue latency histogram per process, and exec/exit events so a
 * process that lived between two samples is still seen. The net group (bpf/net.bpf.c), shared
 * with the connections backend through a lease, adds bytes sent and received per process. Each
 * optional group that fails to load is off alone.
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { acquireBpfStats, BpfGroup, bpfNative, describeBpfError, releaseBpfStats, type BpfNative } from '../../native/bpf.js';
import { leaseGroup, type GroupLease } from '../../native/bpf-shared.js';
import {
  decodeProcEvents,
  decodeProcNet,
  decodeSchedStats,
  PF_KTHREAD,
  sumPerCpuU64,
  taskStateLetter,
  RUNQ_SLOTS,
  type NetBytes,
  type ProcEvent,
  type SchedStats,
  TaskRecords,
} from '../../native/bpf-records.js';
import { sanitizeText } from '../../util/sanitize.js';
import type { Counter, ProcessesRaw, RawProcess } from './raw.js';

const NS_PER_SEC = 1_000_000_000;
/** Exec/exit events kept between two drains; older ones are dropped first. */
const MAX_PENDING_EVENTS = 20_000;

/**
 * Fold the iterator's per-thread records into one RawProcess per thread group, with the units of
 * raw.ts: ticks of USER_HZ (`clockTicks`) and bytes, counters stamped `readAt` (monotonic ms of
 * the pass). A group whose leader was not seen (it exited between two threads of the pass) is left
 * out: /proc would not list it either.
 */
export function processesFromTasks(tasks: TaskRecords, clockTicks: number, pageSize: number, readAt: number): RawProcess[] {
  // Only the other threads are summed apart: most processes have one thread, and this runs for
  // thousands of them every pass.
  const others = new Map<number, { cpuNs: number; readBytes?: number; writeBytes?: number }>();
  for (let i = 0; i < tasks.count; i++) {
    const tgid = tasks.tgid(i);
    if (tasks.tid(i) === tgid) continue;
    const sum = others.get(tgid);
    if (sum === undefined) {
      others.set(tgid, { cpuNs: tasks.sumExecRuntimeNs(i), readBytes: tasks.readBytes(i), writeBytes: tasks.writeBytes(i) });
      continue;
    }
    sum.cpuNs += tasks.sumExecRuntimeNs(i);
    sum.readBytes = addMeasured(sum.readBytes, tasks.readBytes(i));
    sum.writeBytes = addMeasured(sum.writeBytes, tasks.writeBytes(i));
  }
  const out: RawProcess[] = [];
  for (let i = 0; i < tasks.count; i++) {
    const tgid = tasks.tgid(i);
    if (tasks.tid(i) !== tgid) continue;
    const sum = others.get(tgid);
    const groupNs = tasks.sumExecRuntimeNs(i) + tasks.deadExecRuntimeNs(i) + (sum?.cpuNs ?? 0);
    const readBytes = tasks.readBytes(i);
    const writeBytes = tasks.writeBytes(i);
    out.push({
      pid: tgid,
      startTime: tasks.startTicks(i),
      ppid: tasks.ppid(i),
      comm: sanitizeText(tasks.procName(i)),
      state: taskStateLetter(tasks.state(i), tasks.exitState(i)),
      cpuTicks: (groupNs / NS_PER_SEC) * clockTicks,
      nice: tasks.nice(i),
      priority: tasks.prio(i),
      threads: tasks.nrThreads(i),
      rssBytes: tasks.rssPages(i) * pageSize,
      vszBytes: tasks.totalVmPages(i) * pageSize,
      sharedBytes: tasks.sharedPages(i) * pageSize,
      uid: tasks.euid(i),
      cgroupId: tasks.cgroupId(i),
      kernelThread: (tasks.flags(i) & PF_KTHREAD) !== 0,
      // The leader's record already holds signal->ioac (the exited threads' bytes).
      readBytes: ebpfCounter(sum === undefined ? readBytes : addMeasured(readBytes, sum.readBytes), readAt),
      writeBytes: ebpfCounter(sum === undefined ? writeBytes : addMeasured(writeBytes, sum.writeBytes), readAt),
      // Filled later in the pass (below, and in the merge's copy from the /proc fill). Named here
      // so every record has one shape from the start: added one by one, they would give each of
      // thousands of records a new property store every pass.
      user: undefined,
      cmdline: undefined,
      cgroup: undefined,
      runqueueWaitNs: undefined,
      runqueueHistogram: undefined,
      runqueueMaxNs: undefined,
      netTxBytes: undefined,
      netRxBytes: undefined,
    });
  }
  return out;
}

/** A counter this backend read at `readAt`, or undefined when unmeasured. */
function ebpfCounter(value: number | undefined, readAt: number): Counter | undefined {
  return value === undefined ? undefined : { value, readAt, source: 'ebpf' };
}

/** a + b, or undefined when either is unmeasured. */
function addMeasured(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
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
  /** Whether the net group runs (optional: it gives bytes per process). */
  netStatus(): GroupStatus;
  /** The loaded groups, for BPF run-time stats (SmoothTask's own overhead). */
  groups(): BpfGroup[];
}

export interface EbpfProcessesOptions {
  /** Object paths (tests); default build/bpf/<group>.bpf.o. */
  taskIterPath?: string;
  schedPath?: string;
  netPath?: string;
  /** Send exit events only for processes that lived less than this (ns); 0 = every exit. */
  shortLivedNs?: number;
}

/** A process the sched group never saw switch in since it loaded: no waits, a measurement. */
const NO_WAITS: readonly number[] = Object.freeze(new Array<number>(RUNQ_SLOTS).fill(0));

/** The eBPF processes backend: task iterator (required), scheduler and net groups (optional). */
export function createEbpfProcessesBackend(options: EbpfProcessesOptions = {}): EbpfProcessesBackend {
  let iter: BpfGroup | undefined;
  let sched: BpfGroup | undefined;
  let schedStatus: GroupStatus = { on: false, reason: 'not probed yet' };
  let schedStats: Map<number, SchedStats> | undefined;
  let net: GroupLease | undefined;
  let netStatus: GroupStatus = { on: false, reason: 'not probed yet' };
  let pending: ProcEvent[] = [];
  let statsHeld: BpfNative | undefined;

  function openSched(native: BpfNative): void {
    try {
      sched = BpfGroup.open(native, 'sched', { short_lived_ns: BigInt(options.shortLivedNs ?? 0) }, options.schedPath);
      schedStatus = { on: true };
    } catch (err) {
      schedStatus = { on: false, ...describeBpfError(err) };
    }
  }

  function openNet(native: BpfNative): void {
    try {
      net = leaseGroup(native, 'net', options.netPath);
      netStatus = { on: true };
    } catch (err) {
      netStatus = { on: false, ...describeBpfError(err) };
    }
  }

  /** Bytes per tgid since the net group loaded, or undefined without it. */
  function readNet(): Map<number, NetBytes> | undefined {
    if (net === undefined || net.group.closed) return undefined;
    const batch = net.group.readMap('proc_net');
    return decodeProcNet(batch.keys, batch.values, batch.count);
  }

  function readSched(): void {
    if (sched === undefined) return;
    const batch = sched.readMap('proc_sched');
    schedStats = decodeSchedStats(batch.keys, batch.values, batch.count, schedStats);
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
      openNet(native.module);
      // Program run time is counted while SmoothTask runs, for its own overhead on the header.
      acquireBpfStats(native.module);
      statsHeld = native.module;
      const schedText = schedStatus.on ? ', scheduler tracepoints (bpf/sched.bpf.c)' : `; scheduler group off: ${schedStatus.reason}`;
      const netText = netStatus.on ? ', socket byte tracepoints (bpf/net.bpf.c)' : `; net group off: ${netStatus.reason}`;
      return { available: true, reason: `task iterator (bpf/task_iter.bpf.c)${schedText}${netText}` };
    },
    read(ctx: CollectorContext): Partial<ProcessesRaw> {
      if (iter === undefined || iter.closed) throw new Error('eBPF task iterator is not loaded');
      const readAt = ctx.now();
      const processes = processesFromTasks(new TaskRecords(iter.iterate('dump_task'), ctx.host.clockTicks), ctx.host.clockTicks, ctx.host.pageSize, readAt);
      // Where the kernel hides pid 1 from BPF, the collector has the /proc backend list it (index.ts MUST_LIST).
      readSched();
      if (schedStats !== undefined) {
        // The tracepoints see every switch since load, so a process with no entry has waited 0 ns
        // since then: a measurement. Its source tells derive not to make a rate across this
        // since-load, whole-process counter and /proc's since-start, main-thread one.
        // The same holds for the histogram and the longest wait.
        const waitReadAt = ctx.now();
        for (let i = 0; i < processes.length; i++) {
          const p = processes[i];
          const stats = schedStats.get(p.pid);
          p.runqueueWaitNs = { value: stats?.runqWaitNs ?? 0, readAt: waitReadAt, source: 'ebpf' };
          p.runqueueHistogram = stats?.histogram ?? NO_WAITS;
          p.runqueueMaxNs = stats?.runqMaxNs ?? 0;
        }
      }
      const bytes = readNet();
      if (bytes !== undefined) {
        // Every socket send and receive since load is counted: no entry is 0 bytes, measured.
        for (let i = 0; i < processes.length; i++) {
          const p = processes[i];
          const b = bytes.get(p.pid);
          p.netTxBytes = b?.txBytes ?? 0;
          p.netRxBytes = b?.rxBytes ?? 0;
        }
      }
      return { processes };
    },
    close(): void {
      iter?.close();
      sched?.close();
      net?.release();
      iter = sched = undefined;
      net = undefined;
      if (statsHeld !== undefined) releaseBpfStats(statsHeld);
      statsHeld = undefined;
      schedStatus = { on: false, reason: 'closed' };
      netStatus = { on: false, reason: 'closed' };
    },
    schedStatus: () => schedStatus,
    netStatus: () => netStatus,
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
    groups: () => [iter, sched, net?.group].filter((g): g is BpfGroup => g !== undefined && !g.closed),
  };
}
