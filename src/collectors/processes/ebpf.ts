/**
 * The eBPF backend of the processes collector: one pass of the task iterator (bpf/task_iter.bpf.c)
 * through the addon replaces the /proc scan for the process list and its stat/statm/status
 * fields; the /proc backend after it fills the rest (cmdline, cgroup path, I/O, user names).
 * Threads are grouped by tgid and their CPU time summed with the exited threads' time, as
 * /proc/PID/stat does (fs/proc/array.c do_task_stat, thread_group_cputime).
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { BpfGroup, bpfNative, describeBpfError } from '../../native/bpf.js';
import { decodeTaskRecords, PF_KTHREAD, taskStateLetter, type TaskRecord } from '../../native/bpf-records.js';
import { sanitizeText } from '../../util/sanitize.js';
import type { ProcessesRaw, RawProcess } from './raw.js';

const NS_PER_SEC = 1_000_000_000;

/**
 * Fold the iterator's per-thread records into one RawProcess per thread group, with the units of
 * raw.ts: ticks of USER_HZ (`clockTicks`) and bytes. A group whose leader was not seen (it exited
 * between two threads of the pass) is left out: /proc would not list it either.
 */
export function processesFromTasks(tasks: readonly TaskRecord[], clockTicks: number, pageSize: number): RawProcess[] {
  const cpuNs = new Map<number, number>();
  for (const t of tasks) cpuNs.set(t.tgid, (cpuNs.get(t.tgid) ?? 0) + t.sumExecRuntimeNs);
  // nsec_to_clock_t(): whole ticks of NSEC_PER_SEC / USER_HZ, in bigint so it stays exact.
  const nsPerTick = BigInt(NS_PER_SEC / clockTicks);
  const out: RawProcess[] = [];
  for (const t of tasks) {
    if (t.tid !== t.tgid) continue;
    const groupNs = (cpuNs.get(t.tgid) ?? 0) + t.deadExecRuntimeNs;
    out.push({
      pid: t.tgid,
      startTime: Number(t.startBoottimeNs / nsPerTick),
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

/** The eBPF processes backend; `objectPath` overrides build/bpf/task_iter.bpf.o (tests). */
export function createEbpfProcessesBackend(objectPath?: string): Backend<ProcessesRaw> {
  let group: BpfGroup | undefined;
  return {
    id: 'ebpf',
    probe(): ProbeResult {
      const native = bpfNative();
      if (!native.ok) return { available: false, reason: native.reason, remedy: native.remedy };
      try {
        group = BpfGroup.open(native.module, 'task_iter', undefined, objectPath);
        return { available: true, reason: 'task iterator (bpf/task_iter.bpf.c)' };
      } catch (err) {
        return { available: false, ...describeBpfError(err) };
      }
    },
    read(ctx: CollectorContext): Partial<ProcessesRaw> {
      if (group === undefined || group.closed) throw new Error('eBPF task iterator is not loaded');
      const tasks = decodeTaskRecords(group.iterate('dump_task'));
      return { processes: processesFromTasks(tasks, ctx.host.clockTicks, ctx.host.pageSize) };
    },
    close(): void {
      group?.close();
      group = undefined;
    },
  };
}
