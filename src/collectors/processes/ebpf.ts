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
 * process that lived between two samples is still seen (recentExits). The net group
 * (bpf/net.bpf.c), shared with the connections backend, adds bytes sent and received per process.
 * Each optional group that fails to load is off alone. Every group comes from the KernelSession in
 * the collector context, which owns and closes them.
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { RingLoss } from '../../native/bpf-common.js';
import { decodeNetDrops, decodeProcNet, type NetDrops, type NetBytes } from '../../native/bpf-net.js';
import { decodeProcEvents, decodeSchedStats, NO_RUNQ_WAITS, type SchedStats } from '../../native/bpf-sched.js';
import { PF_KTHREAD, TaskRecords, taskFigures, taskStateLetter } from '../../native/bpf-task-iter.js';
import { NO_KERNEL_SESSION, type GroupStatus, type KernelSession } from '../../native/kernel-session.js';
import { sanitizeText } from '../../util/sanitize.js';
import { blankRecord, NO_RECORDS, PidIndex, RecordSets, type Counter, type ProcessesRaw, type RawProcess, type Recycled } from './raw.js';
import { recentExits } from './recent-exits.js';

const NS_PER_SEC = 1_000_000_000;

/**
 * Fold the iterator's per-thread records into one RawProcess per thread group, with the units of
 * raw.ts: ticks of USER_HZ (`clockTicks`) and bytes, counters stamped `readAt` (monotonic ms of
 * the pass). A group whose leader was not seen (it exited between two threads of the pass) is left
 * out: /proc would not list it either. `recycled` are records no one holds any more (raw.ts
 * RecordSets): a process listed there is written into its record instead of a new one. The
 * processes are listed in `out` (RecordSets.list(): an array no one holds any more), from index 0.
 */
export function processesFromTasks(
  tasks: TaskRecords,
  clockTicks: number,
  pageSize: number,
  readAt: number,
  recycled: Recycled = NO_RECORDS,
  out: RawProcess[] = [],
): RawProcess[] {
  // Only the other threads are summed apart: most processes have one thread, and this runs for
  // thousands of them every pass.
  const task = taskFigures();
  const others = new Map<number, { cpuNs: number; readBytes?: number; writeBytes?: number }>();
  for (let i = 0; i < tasks.count; i++) {
    const tgid = tasks.tgid(i);
    if (tasks.tid(i) === tgid) continue;
    tasks.readSums(i, task);
    const sum = others.get(tgid);
    if (sum === undefined) {
      others.set(tgid, { cpuNs: task.sumExecRuntimeNs, readBytes: task.readBytes, writeBytes: task.writeBytes });
      continue;
    }
    sum.cpuNs += task.sumExecRuntimeNs;
    sum.readBytes = addMeasured(sum.readBytes, task.readBytes);
    sum.writeBytes = addMeasured(sum.writeBytes, task.writeBytes);
  }
  const old = new PidIndex(recycled.records, recycled.count);
  let listed = 0;
  for (let i = 0; i < tasks.count; i++) {
    const tgid = tasks.tgid(i);
    if (tasks.tid(i) !== tgid) continue;
    tasks.read(i, task);
    const sum = others.get(tgid);
    const at = old.indexOf(tgid);
    const p = at >= 0 ? recycled.records[at] : blankRecord(tgid);
    p.startTime = task.startTicks;
    p.ppid = task.ppid;
    // The name a sleeping process had two passes ago is kept, not the one just decoded: the
    // record outlives a minor collection, and the new string would then be copied for nothing
    // (bench/README.md, "Objects that live an interval, written again"); nor is it decoded again
    // where the record's bytes still spell it.
    const comm = tasks.procNameIs(i, p.comm) ? p.comm : sanitizeText(tasks.procName(i));
    if (p.comm !== comm) p.comm = comm;
    p.state = taskStateLetter(task.state, task.exitState);
    // So are figures that did not move: a fraction, or a number past a small integer, is a heap
    // number of its own in a record's field, made anew with each store.
    const cpuTicks = ((task.sumExecRuntimeNs + task.deadExecRuntimeNs + (sum?.cpuNs ?? 0)) / NS_PER_SEC) * clockTicks;
    if (p.cpuTicks !== cpuTicks) p.cpuTicks = cpuTicks;
    p.nice = task.nice;
    p.priority = task.prio;
    p.threads = task.nrThreads;
    p.rssBytes = task.rssPages * pageSize;
    const vszBytes = task.totalVmPages * pageSize;
    if (p.vszBytes !== vszBytes) p.vszBytes = vszBytes;
    p.sharedBytes = task.sharedPages * pageSize;
    p.uid = task.euid;
    p.cgroupId = task.cgroupId;
    p.kernelThread = (task.flags & PF_KTHREAD) !== 0;
    // The leader's record already holds signal->ioac (the exited threads' bytes).
    const readBytes = sum === undefined ? task.readBytes : addMeasured(task.readBytes, sum.readBytes);
    const writeBytes = sum === undefined ? task.writeBytes : addMeasured(task.writeBytes, sum.writeBytes);
    p.readBytes = ebpfCounter(p.readBytes, readBytes, readAt);
    p.writeBytes = ebpfCounter(p.writeBytes, writeBytes, readAt);
    // Filled later in the pass (below, and by the merge from the /proc fill). The run-queue
    // fields are the sched step's (the backend's read), which writes or clears each of them.
    p.user = undefined;
    p.cmdline = undefined;
    p.cgroup = undefined;
    p.netTxBytes = undefined;
    p.netRxBytes = undefined;
    out[listed++] = p;
  }
  out.length = listed;
  return out;
}

/**
 * A counter this backend read at `readAt`, or undefined when unmeasured: written into `last`
 * where that is one of this backend's own (a recycled record's; one the merge put there from
 * /proc belongs to the /proc reader and is never written).
 */
function ebpfCounter(last: Counter | undefined, value: number | undefined, readAt: number): Counter | undefined {
  if (value === undefined) return undefined;
  if (last === undefined || last.source !== 'ebpf') return { value, readAt, source: 'ebpf', before: undefined };
  last.value = value;
  last.readAt = readAt;
  return last;
}

/** No run-queue figures for `p` (the sched group is off). */
function clearRunqueue(p: RawProcess): void {
  p.runqueueWaitNs = undefined;
  p.runqueueHistogram = undefined;
  p.runqueueMaxNs = undefined;
}

/** a + b, or undefined when either is unmeasured. */
function addMeasured(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

/** The processes backend plus what it says about its optional groups. */
export interface EbpfProcessesBackend extends Backend<ProcessesRaw> {
  /** Whether the scheduler group runs (it is optional: the task iterator works without it). */
  schedStatus(): GroupStatus;
  /** Cumulative scheduling counters per tgid as of the last read; undefined without the group. */
  schedStats(): ReadonlyMap<number, SchedStats> | undefined;
  /** Whether the net group runs (optional: it gives bytes per process). */
  netStatus(): GroupStatus;
}

function statusOf(kernel: KernelSession, name: string): GroupStatus {
  return kernel.status(name) ?? { on: false, reason: 'not probed yet' };
}

/** A process with no proc_net entry moved no byte: one shared value, not an object per process. */
const NO_BYTES: NetBytes = Object.freeze({ txBytes: 0, rxBytes: 0 });

/**
 * Bytes of one process, or undefined when they cannot be vouched for: proc_net is never evicted
 * (bpf/net.h st_net_drops), so an entry holds every byte and no entry means none, unless an
 * insert failed (the map was full) since the process started, which may have been its own.
 */
export function processNetBytes(b: NetBytes | undefined, startNs: number, drops: NetDrops): NetBytes | undefined {
  if (drops.count > 0 && startNs <= drops.lastNs) return undefined;
  return b ?? NO_BYTES;
}

/** The eBPF processes backend: task iterator (required), scheduler and net groups (optional), from ctx.kernel. */
export function createEbpfProcessesBackend(): EbpfProcessesBackend {
  let kernel: KernelSession | undefined;
  let schedStats: Map<number, SchedStats> | undefined;
  // The last pass's list, with what the merge appended to it (index.ts): an exit of a process it
  // did not hold lived between two samples.
  let previous: RawProcess[] | undefined;
  const ringLoss = new RingLoss();
  const records = new RecordSets();

  /** Exits of the interval from the sched group's ring; undefined without the group. */
  function readSched(k: KernelSession, processes: RawProcess[], ctx: CollectorContext): ProcessesRaw['recentExits'] {
    if (k.status('sched')?.on !== true) return undefined;
    const batch = k.readMap('sched', 'proc_sched');
    schedStats = decodeSchedStats(batch.keys, batch.values, batch.count, schedStats);
    const events = decodeProcEvents(k.consumeRing('sched', 'events'));
    const lost = ringLoss.sinceLastRead(k.readMap('sched', 'events_lost'));
    const exits = recentExits(events, previous, lost, ctx.host.clockTicks, ctx.host.bootTime);
    previous = processes;
    return exits;
  }

  return {
    id: 'ebpf',
    usesKernel: true,
    probe(ctx: CollectorContext): ProbeResult {
      if (ctx.kernel === undefined) return { available: false, reason: NO_KERNEL_SESSION };
      const iter = ctx.kernel.open('task_iter');
      if (!iter.ok) return { available: false, reason: iter.reason, remedy: iter.remedy };
      kernel = ctx.kernel;
      const sched = kernel.open('sched');
      const net = kernel.open('net');
      const schedText = sched.ok ? ', scheduler tracepoints (bpf/sched.bpf.c)' : `; scheduler group off: ${sched.reason}`;
      const netText = net.ok ? ', socket byte tracepoints (bpf/net.bpf.c)' : `; net group off: ${net.reason}`;
      return { available: true, reason: `task iterator (bpf/task_iter.bpf.c)${schedText}${netText}` };
    },
    read(ctx: CollectorContext): Partial<ProcessesRaw> {
      const k = ctx.kernel;
      if (k === undefined) throw new Error(NO_KERNEL_SESSION);
      const readAt = ctx.now();
      const processes = processesFromTasks(
        new TaskRecords(k.iterate('task_iter', 'dump_task'), ctx.host.clockTicks),
        ctx.host.clockTicks,
        ctx.host.pageSize,
        readAt,
        records.recycled(),
        records.list(),
      );
      // Where the kernel hides pid 1 from BPF, the collector has the /proc backend list it (index.ts MUST_LIST).
      const exits = readSched(k, processes, ctx);
      if (exits !== undefined && schedStats !== undefined) {
        // The tracepoints see every switch since load, so a process with no entry has waited 0 ns
        // since then: a measurement. Its source tells derive not to make a rate across this
        // since-load, whole-process counter and /proc's since-start, main-thread one.
        // The same holds for the histogram and the longest wait.
        const waitReadAt = ctx.now();
        for (let i = 0; i < processes.length; i++) {
          const p = processes[i];
          const stats = schedStats.get(p.pid);
          p.runqueueWaitNs = ebpfCounter(p.runqueueWaitNs, stats?.runqWaitNs ?? 0, waitReadAt);
          // A process the sched group never saw switch in since it loaded: no waits, a measurement.
          p.runqueueHistogram = stats?.histogram ?? NO_RUNQ_WAITS;
          p.runqueueMaxNs = stats?.runqMaxNs ?? 0;
        }
      } else {
        // Without the group (or its read this pass) a recycled record keeps no old figure.
        for (let i = 0; i < processes.length; i++) clearRunqueue(processes[i]);
      }
      if (k.status('net')?.on === true) {
        const batch = k.readMap('net', 'proc_net');
        const bytes = decodeProcNet(batch.keys, batch.values, batch.count);
        const drops = decodeNetDrops(k.readMap('net', 'proc_net_drops'));
        const nsPerTick = NS_PER_SEC / ctx.host.clockTicks;
        for (let i = 0; i < processes.length; i++) {
          const p = processes[i];
          const b = processNetBytes(bytes.get(p.pid), p.startTime * nsPerTick, drops);
          p.netTxBytes = b?.txBytes;
          p.netRxBytes = b?.rxBytes;
        }
      }
      records.keep(processes);
      return exits === undefined ? { processes } : { processes, recentExits: exits };
    },
    close(): void {
      kernel = undefined;
    },
    schedStatus: () => (kernel === undefined ? { on: false, reason: 'not probed yet' } : statusOf(kernel, 'sched')),
    netStatus: () => (kernel === undefined ? { on: false, reason: 'not probed yet' } : statusOf(kernel, 'net')),
    schedStats: () => schedStats,
  };
}
