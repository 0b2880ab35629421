/**
 * The processes collector: backends in priority order (eBPF first where it loads, then /proc),
 * a merge that joins their output process by process on (pid, startTime), and derive.
 */
import type { Backend, Collector, Timed } from '../contract.js';
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

/** Put into `p` the fields it left undefined that `fill` (a later backend's read of the same process) has. */
function fillIn(p: RawProcess, fill: ProcessFill): void {
  // Named fields, not a loop over the fill's keys: this runs for thousands of processes a tick.
  p.cpuTicks ??= fill.cpuTicks;
  p.nice ??= fill.nice;
  p.priority ??= fill.priority;
  p.threads ??= fill.threads;
  p.kernelThread ??= fill.kernelThread;
  p.rssBytes ??= fill.rssBytes;
  p.vszBytes ??= fill.vszBytes;
  p.sharedBytes ??= fill.sharedBytes;
  p.uid ??= fill.uid;
  p.user ??= fill.user;
  p.cmdline ??= fill.cmdline;
  p.cgroup ??= fill.cgroup;
  p.readBytes ??= fill.readBytes;
  p.writeBytes ??= fill.writeBytes;
  p.runqueueWaitNs ??= fill.runqueueWaitNs;
}

/**
 * Join a later backend's output into an earlier one's. The earlier list decides which processes
 * exist this tick (it was read first, as one pass); each of its records whose key has a fill gets
 * the fields it left undefined from that fill. The records are completed in place: a backend's
 * read() hands over records made for that pass, which nothing holds yet, and a copy of each of
 * thousands every tick would be one more object per process for the collector to trace (the
 * merged records outlive the next pass: they are derive's previous sample then). fills[i] goes with
 * processes[i] (checked by key; a fill out of place is found by key). The later backend's own
 * processes fill the record of their key the same way, or are appended to the list where their
 * pid is not in it (pid 1, where the kernel hides it from BPF): the list, too, is the earlier
 * backend's for this pass, which keeps as its own only the records it made (raw.ts RecordSets).
 * Records of other keys never mix.
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
  for (let i = 0; i < earlier.length; i++) {
    const p = earlier[i];
    let fill = fills?.[i];
    if ((fill !== undefined && (fill.pid !== p.pid || fill.startTime !== p.startTime)) || (fill === undefined && !aligned)) {
      fillsByPid ??= new Map((fills ?? []).filter((f) => f !== undefined).map((f) => [f.pid, f]));
      fill = samePid(fillsByPid, p.pid, p.startTime);
    }
    if (fill !== undefined) fillIn(p, fill);
    const own = laterByPid.size === 0 ? undefined : laterByPid.get(p.pid);
    if (own !== undefined) {
      // A record of a pid the list holds under another start time is not added: the list decides.
      if (own.startTime === p.startTime) fillIn(p, own);
      seen.add(own);
    }
  }
  // Appended to the earlier list, not to a copy of it: where the kernel hides pid 1 from BPF the
  // /proc backend adds it every pass, and the copy was one more array of thousands a pass that
  // lived an interval and was promoted (bench/README.md, "Objects that live an interval, written
  // again").
  for (const p of later) if (!seen.has(p)) earlier.push(p);
  return { ...prior, processes: earlier };
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
  let last: { from: Timed<ProcessesRaw>; rows: ProcessRow[] } | undefined;
  return {
    name: 'processes',
    backends: [...earlier, createProcProcessesBackend({ mustList: MUST_LIST })],
    merge: mergeProcesses,
    // The exits are already the interval's (the eBPF backend keeps them per read): nothing to derive.
    derive: (prev, cur, ctx) => {
      // The rows of the last derive go with its samples: derive hands back a row that did not
      // change.
      const rows = deriveProcesses(prev, cur, ctx, last !== undefined && last.from === prev ? last.rows : undefined);
      last = { from: cur, rows };
      return { rows, ...(cur.raw.recentExits ? { recentExits: cur.raw.recentExits } : {}) };
    },
  };
}
