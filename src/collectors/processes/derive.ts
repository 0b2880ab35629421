/**
 * Turns two raw process samples into the snapshot's ProcessRow[]: CPU % and network bytes per
 * second from counter deltas over the measured gap (cur.t - prev.t), I/O and run-queue wait per
 * second from their counters' own read times (raw.ts Counter), run-queue latency over the
 * interval from two cumulative histograms, the start time from the host's boot time and clock
 * ticks (the time since then is worked out for a snapshot's time: src/util/elapsed.ts). A rate
 * needs the same (pid, startTime) in both samples, so a reused pid never inherits its
 * predecessor's counters.
 */
import type { CollectorContext, Timed } from '../contract.js';
import { NO_RUNQ_WAITS, RUNQ_SLOTS } from '../../native/bpf-sched.js';
import type { ProcessRow, RunqueueLatency } from '../../types/snapshot.js';
import { counterRate, gapSeconds, readRate } from '../../util/rate.js';
import { PidIndex, type Counter, type ProcessesRaw, type RawProcess } from './raw.js';

/** The cumulative run-queue counters of one sample (eBPF sched group). */
export type RunqueueCounters = Pick<RawProcess, 'runqueueHistogram' | 'runqueueMaxNs' | 'runqueueWaitNs'>;

/**
 * An interval without run-queue waits: one shared, frozen figure (snapshots are never mutated),
 * so the thousands of sleeping processes allocate nothing.
 */
const NO_WAITS: RunqueueLatency = Object.freeze({ histogram: NO_RUNQ_WAITS as number[] });

/**
 * Run-queue latency over one interval from two cumulative samples of a process's log2
 * histogram. p50 and p99 are the geometric middle of the bucket they fall in (bucket i holds
 * waits of [2^i, 2^(i+1)) µs, so the figure is within a factor of √2), never above maxUs. maxUs is exact when the
 * longest wait since load grew in the interval (that wait happened in it); otherwise it is the
 * middle of the highest bucket that counted waits, capped by the earlier longest wait. With no
 * waits in the interval, only the (empty) histogram is given. Undefined without both samples of
 * the sched group's RUNQ_SLOTS buckets (its decoder is the only producer), or when a count went
 * back (the kernel's LRU map dropped and re-created the process's entry). waitSumUs is the
 * interval's growth of the same map entry's wait total (runq_wait_ns sums exactly the waits the
 * histogram counts), given only when both samples of it came from eBPF.
 */
export function runqueueLatency(prev: RunqueueCounters | undefined, cur: RunqueueCounters): RunqueueLatency | undefined {
  const before = prev?.runqueueHistogram;
  const after = cur.runqueueHistogram;
  if (before === undefined || after === undefined || before.length !== RUNQ_SLOTS || after.length !== RUNQ_SLOTS) return undefined;
  // Most processes sleep through an interval: the eBPF decoder hands on the same array when the
  // counts did not move (bpf-sched.ts decodeSchedStats), and nothing is allocated for them.
  if (after === before) return NO_WAITS;
  const histogram = new Array<number>(after.length);
  let total = 0;
  for (let i = 0; i < after.length; i++) {
    histogram[i] = after[i] - before[i];
    if (histogram[i] < 0) return undefined;
    total += histogram[i];
  }
  if (total === 0) return NO_WAITS;
  const percentile = (q: number): number => {
    let seen = 0;
    let i = 0;
    for (; i < histogram.length - 1; i++) {
      seen += histogram[i];
      if (seen >= q * total) break;
    }
    return i === 0 ? 1 : 2 ** i * Math.SQRT2;
  };
  const prevMaxUs = prev?.runqueueMaxNs === undefined ? undefined : prev.runqueueMaxNs / 1000;
  const curMaxUs = cur.runqueueMaxNs === undefined ? undefined : cur.runqueueMaxNs / 1000;
  let maxUs: number | undefined;
  if (curMaxUs !== undefined && prevMaxUs !== undefined) {
    maxUs = curMaxUs > prevMaxUs ? curMaxUs : Math.min(percentile(1), prevMaxUs);
  }
  // A bucket's middle can lie above the longest wait actually seen: no percentile exceeds it.
  const cap = maxUs ?? Infinity;
  const waitBefore = prev?.runqueueWaitNs;
  const waitAfter = cur.runqueueWaitNs;
  const waitSumUs =
    waitBefore?.source === 'ebpf' && waitAfter?.source === 'ebpf' && waitAfter.value >= waitBefore.value
      ? (waitAfter.value - waitBefore.value) / 1000
      : undefined;
  return { p50Us: Math.min(percentile(0.5), cap), p99Us: Math.min(percentile(0.99), cap), maxUs, histogram, waitSumUs };
}

/**
 * Rate of one of a process's counters (raw.ts Counter), every one the same way: over its latest
 * read and the read before it, which is the one the counter carries (a backend that reads it on
 * its own schedule hands on its last two reads between them: the rate shown is then the measured
 * one over that older window, never one carried over from another) or else the previous sample's.
 * Undefined without both, across two sources, or when the later read is not later (util/rate.ts).
 */
function counterRateOf(old: Counter | undefined, cur: Counter | undefined): number | undefined {
  return cur === undefined ? undefined : readRate(cur.before ?? old, cur);
}

/**
 * Whether two rows of one process show the same (strings compare by value, the run-queue figure
 * by identity: NO_WAITS is shared). Every field derive sets is named here, as fields rather than a
 * loop over keys (it runs for thousands of rows a refresh); derive.test.ts fails when one is not.
 */
export function sameRow(a: ProcessRow, b: ProcessRow): boolean {
  return (
    a.ppid === b.ppid &&
    a.uid === b.uid &&
    a.user === b.user &&
    a.state === b.state &&
    a.nice === b.nice &&
    a.priority === b.priority &&
    a.threads === b.threads &&
    a.cpuPercent === b.cpuPercent &&
    a.cpuTimeSeconds === b.cpuTimeSeconds &&
    a.rssBytes === b.rssBytes &&
    a.vszBytes === b.vszBytes &&
    a.sharedBytes === b.sharedBytes &&
    a.startedAt === b.startedAt &&
    a.comm === b.comm &&
    a.cmdline === b.cmdline &&
    a.cgroup === b.cgroup &&
    a.kernelThread === b.kernelThread &&
    a.readBytesPerSec === b.readBytesPerSec &&
    a.writeBytesPerSec === b.writeBytesPerSec &&
    a.readBytes === b.readBytes &&
    a.writeBytes === b.writeBytes &&
    a.runqueueWaitMs === b.runqueueWaitMs &&
    a.netTxBytes === b.netTxBytes &&
    a.netRxBytes === b.netRxBytes &&
    a.runqueueWaitMsPerSec === b.runqueueWaitMsPerSec &&
    a.runqueue === b.runqueue &&
    a.netTxBytesPerSec === b.netTxBytesPerSec &&
    a.netRxBytesPerSec === b.netRxBytesPerSec
  );
}

/**
 * Build the process rows for the snapshot from the previous and current raw samples.
 * `prevRows`, where given, are the rows derived from `prev` (prevRows[i] from prev's i-th
 * process): a process whose row comes out the same as its last one gets that row object back.
 * Most processes sleep through an interval, so most rows are then the objects of the snapshot
 * before: nothing new for the collector to trace, and the samples held for pause share them.
 */
export function deriveProcesses(
  prev: Timed<ProcessesRaw> | undefined,
  cur: Timed<ProcessesRaw>,
  ctx: CollectorContext,
  prevRows?: readonly ProcessRow[],
): ProcessRow[] {
  const { clockTicks, bootTime } = ctx.host;
  const seconds = gapSeconds(prev, cur);
  const previous = prev?.raw.processes ?? [];
  const before = new PidIndex(previous);
  const lastRows = prevRows !== undefined && prevRows.length === previous.length ? prevRows : undefined;
  const processes = cur.raw.processes ?? [];
  const rows = new Array<ProcessRow>(processes.length);
  // Each process's row is worked out into this one draft and compared with its last row: a new
  // object is made only for a row that changed, and most processes sleep through an interval.
  const draft = {} as ProcessRow;
  for (let i = 0; i < processes.length; i++) {
    const p = processes[i];
    const at = before.indexOf(p.pid);
    const old = at >= 0 && previous[at].startTime === p.startTime ? previous[at] : undefined;
    fillRow(draft, p, old, seconds, clockTicks, bootTime);
    const last = old === undefined ? undefined : lastRows?.[at];
    rows[i] = last !== undefined && last.pid === draft.pid && last.startTime === draft.startTime && sameRow(last, draft) ? last : { ...draft };
  }
  return rows;
}

/**
 * Write process `p`'s row into `row`, every field (a row is always the same shape): rates over
 * `old`, its sample of the interval before (undefined for a new process) and `seconds` between.
 */
function fillRow(
  row: ProcessRow,
  p: RawProcess,
  old: RawProcess | undefined,
  seconds: number | undefined,
  clockTicks: number,
  bootTime: number | undefined,
): void {
  const cpuTicksPerSec = counterRate(old?.cpuTicks, p.cpuTicks, seconds);
  const waitNsPerSec = counterRateOf(old?.runqueueWaitNs, p.runqueueWaitNs);
  row.pid = p.pid;
  row.startTime = p.startTime;
  row.ppid = p.ppid;
  row.uid = p.uid;
  row.user = p.user;
  row.state = p.state;
  row.nice = p.nice;
  row.priority = p.priority;
  row.threads = p.threads;
  row.cpuPercent = cpuTicksPerSec === undefined ? undefined : (cpuTicksPerSec / clockTicks) * 100;
  row.cpuTimeSeconds = p.cpuTicks === undefined ? undefined : p.cpuTicks / clockTicks;
  row.rssBytes = p.rssBytes;
  row.vszBytes = p.vszBytes;
  row.sharedBytes = p.sharedBytes;
  row.startedAt = bootTime === undefined ? undefined : bootTime + (p.startTime / clockTicks) * 1000;
  row.comm = p.comm;
  row.cmdline = p.cmdline ?? '';
  row.cgroup = p.cgroup;
  row.kernelThread = p.kernelThread;
  row.readBytesPerSec = counterRateOf(old?.readBytes, p.readBytes);
  row.writeBytesPerSec = counterRateOf(old?.writeBytes, p.writeBytes);
  row.readBytes = p.readBytes?.value;
  row.writeBytes = p.writeBytes?.value;
  row.runqueueWaitMs = p.runqueueWaitNs === undefined ? undefined : p.runqueueWaitNs.value / 1e6;
  row.netTxBytes = p.netTxBytes;
  row.netRxBytes = p.netRxBytes;
  row.runqueueWaitMsPerSec = waitNsPerSec === undefined ? undefined : waitNsPerSec / 1e6;
  row.runqueue = seconds === undefined ? undefined : runqueueLatency(old, p);
  row.netTxBytesPerSec = counterRate(old?.netTxBytes, p.netTxBytes, seconds);
  row.netRxBytesPerSec = counterRate(old?.netRxBytes, p.netRxBytes, seconds);
}
