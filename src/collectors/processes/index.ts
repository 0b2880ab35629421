/**
 * The processes collector: backends in priority order (eBPF first where it loads, then /proc),
 * a merge that joins their output process by process on (pid, startTime), and derive.
 */
import type { Backend, Collector } from '../contract.js';
import type { ProcessRow, RecentExits } from '../../types/snapshot.js';
import { deriveProcesses } from './derive.js';
import { createProcProcessesBackend } from './proc.js';
import { samePid, type ProcessesRaw, type ProcessFill, type RawProcess } from './raw.js';

/**
 * Processes every list must hold. Some kernels hide pid 1 from BPF: on the Firecracker kernel
 * SmoothTask is developed on, neither the task iterator nor bpf_task_from_pid(1) sees it, while
 * /proc does. The /proc backend lists it where an earlier backend's list lacks it.
 */
const MUST_LIST: readonly number[] = [1];

/** A copy of `p` with the fields it left undefined taken from `fill` (the merge's own record). */
function filled(p: RawProcess, fill: ProcessFill): RawProcess {
  // Named fields, not a loop over the fill's keys: this runs for thousands of processes a tick.
  const out: RawProcess = { ...p };
  out.cpuTicks ??= fill.cpuTicks;
  out.nice ??= fill.nice;
  out.priority ??= fill.priority;
  out.threads ??= fill.threads;
  out.kernelThread ??= fill.kernelThread;
  out.rssBytes ??= fill.rssBytes;
  out.vszBytes ??= fill.vszBytes;
  out.sharedBytes ??= fill.sharedBytes;
  out.uid ??= fill.uid;
  out.user ??= fill.user;
  out.cmdline ??= fill.cmdline;
  out.cgroup ??= fill.cgroup;
  out.readBytes ??= fill.readBytes;
  out.writeBytes ??= fill.writeBytes;
  out.runqueueWaitNs ??= fill.runqueueWaitNs;
  return out;
}

/**
 * Join a later backend's output into an earlier one's. The earlier list decides which processes
 * exist this tick (it was read first, as one pass); each of its records whose key has a fill gets
 * the fields it left undefined from that fill, as a new record: neither backend's list is
 * changed. fills[i] goes with processes[i] (checked by key; a fill out of place is found by key).
 * The later backend's own processes fill the record of their key the same way, or join the list
 * where their pid is not in it (pid 1, where the kernel hides it from BPF). Records of other keys
 * never mix.
 */
export function mergeProcesses(prior: Partial<ProcessesRaw>, next: Partial<ProcessesRaw>): Partial<ProcessesRaw> {
  const { fills, ...rest } = next;
  const earlier = prior.processes;
  if (earlier === undefined) return { ...prior, ...rest };
  const later = next.processes ?? [];
  if (fills === undefined && later.length === 0) return prior;
  // Keyed by pid, checked by start time (raw.ts samePid): no key string per process.
  let fillsByPid: Map<number, ProcessFill> | undefined;
  // Fills made for another list (not one per record) are all found by key.
  const aligned = fills === undefined || fills.length === earlier.length;
  const laterByPid = new Map<number, RawProcess>();
  for (let i = 0; i < later.length; i++) laterByPid.set(later[i].pid, later[i]);
  const seen = new Set<RawProcess>();
  const processes = new Array<RawProcess>(earlier.length);
  for (let i = 0; i < earlier.length; i++) {
    const p = earlier[i];
    let fill = fills?.[i];
    if ((fill !== undefined && (fill.pid !== p.pid || fill.startTime !== p.startTime)) || (fill === undefined && !aligned)) {
      fillsByPid ??= new Map((fills ?? []).filter((f) => f !== undefined).map((f) => [f.pid, f]));
      fill = samePid(fillsByPid, p.pid, p.startTime);
    }
    let out = fill === undefined ? p : filled(p, fill);
    const own = laterByPid.size === 0 ? undefined : laterByPid.get(p.pid);
    if (own !== undefined) {
      // A record of a pid the list holds under another start time is not added: the list decides.
      if (own.startTime === p.startTime) out = filled(out, own);
      seen.add(own);
    }
    processes[i] = out;
  }
  for (let i = 0; i < later.length; i++) if (!seen.has(later[i])) processes.push(later[i]);
  return { ...prior, processes };
}

/** What the processes collector derives: the rows, and the processes that lived and exited within the interval. */
export interface ProcessesPart {
  rows: ProcessRow[];
  recentExits?: RecentExits;
}

/**
 * The processes collector. `earlier` are backends tried before /proc (the eBPF backend of
 * ebpf.ts); /proc always comes last, fills what they leave undefined and lists what they miss.
 */
export function createProcessesCollector(earlier: Backend<ProcessesRaw>[] = []): Collector<ProcessesRaw, ProcessesPart> {
  return {
    name: 'processes',
    backends: [...earlier, createProcProcessesBackend({ mustList: MUST_LIST })],
    merge: mergeProcesses,
    // The exits are already the interval's (the eBPF backend keeps them per read): nothing to derive.
    derive: (prev, cur, ctx) => ({ rows: deriveProcesses(prev, cur, ctx), ...(cur.raw.recentExits ? { recentExits: cur.raw.recentExits } : {}) }),
  };
}
