/**
 * Decoders of the scheduler group's records (bpf/sched.h, bpf/sched.bpf.c): per-process
 * scheduling counters and the exec/exit events of its ring buffer. Every offset comes from
 * SCHED_LAYOUTS, which a test compares field by field with the addon's offsetof table.
 */
import { bytesOf, cString, splitRingRecords, u64, type RecordLayout } from './bpf-common.js';

/** The structs of bpf/sched.h: sizeof and offsetof of every field. */
export const SCHED_LAYOUTS = {
  st_sched_stats: {
    size: 168,
    fields: { oncpu_ns: 0, runq_wait_ns: 8, runq_max_ns: 16, switches: 24, wakeups: 32, hist: 40 },
  },
  st_proc_event: {
    size: 64,
    fields: { kind: 0, tgid: 4, ppid: 8, exit_code: 12, time_ns: 16, start_boottime: 24, oncpu_ns: 32, comm: 40, uid: 56, pad: 60 },
  },
} as const satisfies Record<string, RecordLayout>;

const S = SCHED_LAYOUTS.st_sched_stats.fields;
const E = SCHED_LAYOUTS.st_proc_event.fields;
/** sizeof(struct st_sched_stats) and sizeof(struct st_proc_event). */
export const SCHED_STATS_SIZE = SCHED_LAYOUTS.st_sched_stats.size;
export const PROC_EVENT_SIZE = SCHED_LAYOUTS.st_proc_event.size;
/** ST_RUNQ_SLOTS: log2 µs buckets of run-queue latency. */
export const RUNQ_SLOTS = 32;

/**
 * A run-queue histogram without waits: one shared, frozen array (samples and snapshots are never
 * mutated), so the thousands of processes without waits allocate nothing.
 */
export const NO_RUNQ_WAITS: readonly number[] = Object.freeze(new Array<number>(RUNQ_SLOTS).fill(0));
/** ST_SCHED_COMM_LEN. */
const COMM_LEN = 16;

/** Cumulative scheduling counters of one process since the sched group was loaded. */
export interface SchedStats {
  oncpuNs: number;
  runqWaitNs: number;
  runqMaxNs: number;
  switches: number;
  wakeups: number;
  /** Slot i counts waits in [2^i, 2^(i+1)) µs; slot 0 also counts waits under 1 µs. */
  histogram: number[];
}

/**
 * The proc_sched map (key u32 tgid) as tgid → counters. With `previous` (the last decode), an
 * entry whose wakeups did not move keeps the same histogram array, and one where nothing moved
 * the same object: the program counts a histogram slot exactly when it counts a wakeup, and most
 * of thousands of processes sleep through an interval (derive compares by identity).
 */
export function decodeSchedStats(keys: ArrayBuffer, values: ArrayBuffer, count: number, previous?: ReadonlyMap<number, SchedStats>): Map<number, SchedStats> {
  const k = new DataView(keys);
  const v = new DataView(values);
  if (k.byteLength !== count * 4 || v.byteLength !== count * SCHED_STATS_SIZE) {
    throw new Error(`proc_sched batch has ${k.byteLength}/${v.byteLength} bytes for ${count} entries`);
  }
  const out = new Map<number, SchedStats>();
  for (let i = 0; i < count; i++) {
    const o = i * SCHED_STATS_SIZE;
    const tgid = k.getUint32(i * 4, true);
    const oncpuNs = u64(v, o + S.oncpu_ns);
    const runqWaitNs = u64(v, o + S.runq_wait_ns);
    const runqMaxNs = u64(v, o + S.runq_max_ns);
    const switches = u64(v, o + S.switches);
    const wakeups = u64(v, o + S.wakeups);
    const last = previous?.get(tgid);
    if (last !== undefined && last.wakeups === wakeups) {
      const same = last.oncpuNs === oncpuNs && last.runqWaitNs === runqWaitNs && last.runqMaxNs === runqMaxNs && last.switches === switches;
      out.set(tgid, same ? last : { oncpuNs, runqWaitNs, runqMaxNs, switches, wakeups, histogram: last.histogram });
      continue;
    }
    const histogram = new Array<number>(RUNQ_SLOTS);
    for (let s = 0; s < RUNQ_SLOTS; s++) histogram[s] = v.getUint32(o + S.hist + s * 4, true);
    out.set(tgid, { oncpuNs, runqWaitNs, runqMaxNs, switches, wakeups, histogram });
  }
  return out;
}

/** A process exec or exit from the sched group's ring buffer. */
export interface ProcEvent {
  kind: 'exec' | 'exit';
  pid: number;
  ppid: number;
  /** Real uid of the process. */
  uid: number;
  /** Wait status at exit (as waitpid(2) gives it); 0 for exec. */
  exitCode: number;
  /** When, ns after boot (CLOCK_BOOTTIME, the clock of startBoottimeNs). */
  timeNs: bigint;
  startBoottimeNs: bigint;
  /** At exit: CPU time of the whole process, ns. Undefined for exec. */
  oncpuNs?: number;
  /** Raw kernel comm, not yet sanitised. */
  comm: string;
}

const EVENT_EXEC = 1;
const EVENT_EXIT = 2;

export function decodeProcEvents(view: DataView): ProcEvent[] {
  const out: ProcEvent[] = [];
  for (const r of splitRingRecords(view)) {
    if (r.byteLength !== PROC_EVENT_SIZE) throw new Error(`sched event of ${r.byteLength} bytes, expected ${PROC_EVENT_SIZE}`);
    const kind = r.getUint32(E.kind, true);
    if (kind !== EVENT_EXEC && kind !== EVENT_EXIT) throw new Error(`unknown sched event kind ${kind}`);
    out.push({
      kind: kind === EVENT_EXEC ? 'exec' : 'exit',
      pid: r.getUint32(E.tgid, true),
      ppid: r.getUint32(E.ppid, true),
      uid: r.getUint32(E.uid, true),
      exitCode: r.getInt32(E.exit_code, true),
      timeNs: r.getBigUint64(E.time_ns, true),
      startBoottimeNs: r.getBigUint64(E.start_boottime, true),
      oncpuNs: kind === EVENT_EXIT ? u64(r, E.oncpu_ns) : undefined,
      comm: cString(bytesOf(r), E.comm, COMM_LEN),
    });
  }
  return out;
}
