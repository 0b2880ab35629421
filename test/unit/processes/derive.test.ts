import { describe, expect, it } from 'vitest';
import type { CollectorContext, Timed } from '../../../src/collectors/contract.js';
import { deriveProcesses, runqueueLatency, sameRow } from '../../../src/collectors/processes/derive.js';
import { mergeProcesses } from '../../../src/collectors/processes/index.js';
import type { Counter, CounterSource, ProcessesRaw, RawProcess } from '../../../src/collectors/processes/raw.js';
import { NO_RUNQ_WAITS, RUNQ_SLOTS } from '../../../src/native/bpf-sched.js';
import { elapsedSecondsAt } from '../../../src/util/elapsed.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

const bootTime = Date.UTC(2026, 10, 23, 10, 0, 0);
const ctx: CollectorContext = {
  procRoot: '/proc',
  sysRoot: '/sys',
  readBuffer: new ReadBuffer(),
  host: { hostname: 'h', kernel: 'k', arch: 'x64', cpuCount: 2, clockTicks: 100, pageSize: 4096, bootTime },
  now: () => 0,
};

const proc = (over: Partial<RawProcess>): RawProcess => ({
  pid: 10,
  startTime: 500,
  ppid: 1,
  comm: 'work',
  state: 'R',
  cpuTicks: 1000,
  cmdline: 'work --hard',
  ...over,
});
/** A counter read of `value` at `readAt` by `source`, with the read before it where given. */
const counter = (value: number, readAt: number, source: CounterSource = 'ebpf', before?: Counter): Counter => ({
  value,
  readAt,
  source,
  before: before === undefined ? undefined : { value: before.value, readAt: before.readAt, source: before.source },
});
/** A process whose I/O and run-queue counters were all read at `t` (as the eBPF backend reads them). */
const counted = (t: number, readBytes: number, writeBytes: number, waitNs: number, over: Partial<RawProcess> = {}) =>
  proc({ readBytes: counter(readBytes, t), writeBytes: counter(writeBytes, t), runqueueWaitNs: counter(waitNs, t), ...over });
const sample = (t: number, processes: RawProcess[]): Timed<ProcessesRaw> => ({ t, wall: bootTime + t, raw: { processes } });

describe('deriveProcesses', () => {
  it('computes CPU % of one core, I/O and run-queue wait per second over the measured gap', () => {
    const prev = sample(10_000, [counted(10_000, 0, 0, 0)]);
    // 1.5 s later: 150 ticks (1.5 s of CPU), 3 MB read, 1.5 MB written, 300 ms waited.
    const cur = sample(11_500, [counted(11_500, 3e6, 1.5e6, 3e8, { cpuTicks: 1150 })]);
    const [row] = deriveProcesses(prev, cur, ctx);
    expect(row.cpuPercent).toBeCloseTo(100);
    expect(row.readBytesPerSec).toBeCloseTo(2e6);
    expect(row.writeBytesPerSec).toBeCloseTo(1e6);
    expect(row.runqueueWaitMsPerSec).toBeCloseTo(200);
  });

  it('rates counters read on their own schedule over their own reads, not over the tick', () => {
    // Tick gap 1 s, but io was last read 4 s before this read: 4 MB over 4 s, not over 1 s.
    const fresh = proc({
      readBytes: counter(5e6, 10_000, 'proc', counter(1e6, 6_000, 'proc')),
      writeBytes: counter(2e6, 10_000, 'proc', counter(0, 6_000, 'proc')),
      runqueueWaitNs: counter(4e8, 10_000, 'proc', counter(0, 8_000, 'proc')),
    });
    const [row] = deriveProcesses(sample(9_000, [proc({ readBytes: counter(1e6, 9_000, 'proc') })]), sample(10_000, [fresh]), ctx);
    expect(row.readBytesPerSec).toBeCloseTo(1e6);
    expect(row.writeBytesPerSec).toBeCloseTo(5e5);
    expect(row.runqueueWaitMsPerSec).toBeCloseTo(200);
    // The next tick did not read them again: the same two reads, the same measured rate.
    const [again] = deriveProcesses(sample(10_000, [fresh]), sample(11_000, [{ ...fresh, cpuTicks: 1000 }]), ctx);
    expect(again.readBytesPerSec).toBeCloseTo(1e6);
    expect(again.runqueueWaitMsPerSec).toBeCloseTo(200);
  });

  it('gives no scheduled rate from a first read, a read without a gap, or a counter that went back', () => {
    const first = proc({ readBytes: counter(5, 1_000, 'proc'), writeBytes: counter(5, 1_000, 'proc'), runqueueWaitNs: counter(5, 1_000, 'proc') });
    expect(deriveProcesses(undefined, sample(1_000, [first]), ctx)[0].readBytesPerSec).toBeUndefined();
    // The previous tick's record holds values of another source: no read before this one to rate against.
    const [row] = deriveProcesses(sample(0, [counted(0, 0, 0, 0)]), sample(1_000, [first]), ctx);
    expect(row.readBytesPerSec).toBeUndefined();
    expect(row.runqueueWaitMsPerSec).toBeUndefined();
    // The previous tick's read is not later than this one (the same read handed on, without its window).
    const [same] = deriveProcesses(sample(0, [first]), sample(1_000, [first]), ctx);
    expect(same.readBytesPerSec).toBeUndefined();
    const sameTime = proc({ readBytes: counter(5, 1_000, 'proc', counter(0, 1_000, 'proc')), writeBytes: counter(5, 1_000, 'proc') });
    expect(deriveProcesses(undefined, sample(1_000, [sameTime]), ctx)[0].readBytesPerSec).toBeUndefined();
    const back = proc({ readBytes: counter(5, 2_000, 'proc', counter(9, 1_000, 'proc')), writeBytes: counter(5, 2_000, 'proc', counter(0, 1_000, 'proc')) });
    const [b] = deriveProcesses(undefined, sample(2_000, [back]), ctx);
    expect(b.readBytesPerSec).toBeUndefined();
    expect(b.writeBytesPerSec).toBeCloseTo(5);
  });

  it('lets a multithreaded process exceed 100 %', () => {
    const [row] = deriveProcesses(sample(0, [proc({})]), sample(1000, [proc({ cpuTicks: 1180 })]), ctx);
    expect(row.cpuPercent).toBeCloseTo(180);
  });

  it('gives no rates on the first sample, and n/a (undefined) where a counter is unmeasured', () => {
    const [first] = deriveProcesses(undefined, sample(0, [proc({})]), ctx);
    expect(first.cpuPercent).toBeUndefined();
    expect(first.readBytesPerSec).toBeUndefined();
    const [row] = deriveProcesses(
      sample(0, [proc({ readBytes: undefined, writeBytes: undefined })]),
      sample(1000, [proc({ readBytes: undefined, writeBytes: undefined, cpuTicks: 1010 })]),
      ctx,
    );
    expect(row.cpuPercent).toBeCloseTo(10);
    expect(row.readBytesPerSec).toBeUndefined();
    expect(row.writeBytesPerSec).toBeUndefined();
  });

  it('never computes a rate across a reused pid', () => {
    const prev = sample(0, [counted(0, 0, 0, 0, { startTime: 500, cpuTicks: 10 })]);
    const cur = sample(1000, [counted(1000, 5e6, 5e6, 5e6, { startTime: 900, cpuTicks: 5000 })]);
    const [row] = deriveProcesses(prev, cur, ctx);
    expect(row.startTime).toBe(900);
    expect(row.cpuPercent).toBeUndefined();
    expect(row.readBytesPerSec).toBeUndefined();
  });

  it('gives no run-queue rate across a change of the backend that counted it', () => {
    const prev = sample(0, [proc({ runqueueWaitNs: counter(5e9, 0, 'proc') })]);
    const cur = sample(1000, [proc({ runqueueWaitNs: counter(1e6, 1000, 'ebpf'), cpuTicks: 1010 })]);
    const [row] = deriveProcesses(prev, cur, ctx);
    expect(row.runqueueWaitMsPerSec).toBeUndefined();
    expect(row.cpuPercent).toBeCloseTo(10);
  });

  it('derives the start time from boot time and clock ticks; the time since is worked out at a moment', () => {
    // Started 5 s after boot; the sample is 65 s after boot.
    const cur = sample(65_000, [proc({})]);
    const [row] = deriveProcesses(undefined, cur, ctx);
    expect(row.startedAt).toBe(bootTime + 5000);
    expect(elapsedSecondsAt(row, cur.wall)).toBeCloseTo(60);
    const [noBoot] = deriveProcesses(undefined, sample(1, [proc({})]), { ...ctx, host: { ...ctx.host, bootTime: undefined } });
    expect(noBoot.startedAt).toBeUndefined();
    expect(elapsedSecondsAt(noBoot, cur.wall)).toBeUndefined();
  });

  it('passes identity and text through, cmdline empty only when unknown', () => {
    const [row] = deriveProcesses(undefined, sample(0, [proc({ cmdline: undefined, kernelThread: true, user: 'root', uid: 0 })]), ctx);
    expect(row).toMatchObject({ pid: 10, ppid: 1, comm: 'work', cmdline: '', kernelThread: true, user: 'root', uid: 0, state: 'R' });
  });
});

describe('run-queue latency and network rates (eBPF counters)', () => {
  const hist = (counts: Record<number, number>): number[] => Array.from({ length: 32 }, (_, i) => counts[i] ?? 0);

  it('takes percentiles from the interval’s bucket counts, not the cumulative ones', () => {
    const prev = { runqueueHistogram: hist({ 10: 1000 }), runqueueMaxNs: 2_000_000 };
    const cur = { runqueueHistogram: hist({ 3: 98, 10: 1001, 12: 1 }), runqueueMaxNs: 5_000_000 };
    const r = runqueueLatency(prev, cur)!;
    expect(r.p50Us).toBeCloseTo(8 * Math.SQRT2);
    expect(r.p99Us).toBeCloseTo(1024 * Math.SQRT2);
    // The longest wait grew in this interval: it is this interval's max, exactly.
    expect(r.maxUs).toBe(5000);
    expect(r.histogram![3]).toBe(98);
    expect(r.histogram![10]).toBe(1);
    // No wait totals in these samples: no sum either.
    expect(r.waitSumUs).toBeUndefined();
  });

  it('sums the interval’s waits from the eBPF wait total, never across sources', () => {
    const prev = { runqueueHistogram: hist({ 3: 1 }), runqueueWaitNs: { value: 10_000, readAt: 0, source: 'ebpf' as const } };
    const cur = { runqueueHistogram: hist({ 3: 3 }), runqueueWaitNs: { value: 30_000, readAt: 1000, source: 'ebpf' as const } };
    expect(runqueueLatency(prev, cur)!.waitSumUs).toBe(20);
    expect(runqueueLatency({ ...prev, runqueueWaitNs: { ...prev.runqueueWaitNs, source: 'proc' } }, cur)!.waitSumUs).toBeUndefined();
  });

  it('bounds the max by the top bucket of the interval when the longest wait is older', () => {
    const prev = { runqueueHistogram: hist({ 12: 1 }), runqueueMaxNs: 5_000_000 };
    const cur = { runqueueHistogram: hist({ 3: 4, 12: 1 }), runqueueMaxNs: 5_000_000 };
    expect(runqueueLatency(prev, cur)!.maxUs).toBeCloseTo(8 * Math.SQRT2);
  });

  it('never puts a percentile above the longest wait', () => {
    const prev = { runqueueHistogram: hist({}), runqueueMaxNs: 0 };
    const cur = { runqueueHistogram: hist({ 6: 3 }), runqueueMaxNs: 68_000 };
    expect(runqueueLatency(prev, cur)).toMatchObject({ p50Us: 68, p99Us: 68, maxUs: 68 });
  });

  it('gives an empty histogram and no percentiles for an interval without waits', () => {
    const r = runqueueLatency({ runqueueHistogram: hist({ 4: 5 }), runqueueMaxNs: 20_000 }, { runqueueHistogram: hist({ 4: 5 }), runqueueMaxNs: 20_000 })!;
    expect(r.histogram).toEqual(hist({}));
    expect(r.p50Us).toBeUndefined();
    expect(r.p99Us).toBeUndefined();
    expect(r.maxUs).toBeUndefined();
  });

  it('shares one frozen figure for every process without waits in the sched group’s histogram', () => {
    const same = hist({ 4: 5 });
    const a = runqueueLatency({ runqueueHistogram: same }, { runqueueHistogram: same });
    const b = runqueueLatency({ runqueueHistogram: hist({ 7: 2 }) }, { runqueueHistogram: hist({ 7: 2 }) });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a!.histogram)).toBe(true);
    expect(a!.histogram).toHaveLength(RUNQ_SLOTS);
    expect(a!.histogram).toBe(NO_RUNQ_WAITS);
  });

  it('is undefined for a histogram of another bucket count than the sched group’s (nothing measured it)', () => {
    expect(runqueueLatency({ runqueueHistogram: [1, 2, 3] }, { runqueueHistogram: [1, 2, 3] })).toBeUndefined();
    expect(runqueueLatency({ runqueueHistogram: [1, 2, 3] }, { runqueueHistogram: [1, 2, 5] })).toBeUndefined();
  });

  it('is undefined without an earlier histogram, or when a count went back (entry re-created)', () => {
    expect(runqueueLatency(undefined, { runqueueHistogram: hist({ 4: 5 }), runqueueMaxNs: 1 })).toBeUndefined();
    expect(runqueueLatency({}, { runqueueHistogram: hist({ 4: 5 }), runqueueMaxNs: 1 })).toBeUndefined();
    expect(runqueueLatency({ runqueueHistogram: hist({ 4: 9 }) }, { runqueueHistogram: hist({ 4: 5 }) })).toBeUndefined();
  });

  it('puts the interval figures and tx/rx bytes per second into the row', () => {
    const prev = sample(0, [proc({ runqueueHistogram: hist({ 2: 10 }), runqueueMaxNs: 3000, netTxBytes: 1000, netRxBytes: 0 })]);
    const cur = sample(2000, [proc({ runqueueHistogram: hist({ 2: 10, 5: 4 }), runqueueMaxNs: 50_000, netTxBytes: 5000, netRxBytes: 1e6 })]);
    const [row] = deriveProcesses(prev, cur, ctx);
    expect(row.runqueue).toEqual({ p50Us: 32 * Math.SQRT2, p99Us: 32 * Math.SQRT2, maxUs: 50, histogram: hist({ 5: 4 }) });
    expect(row.netTxBytesPerSec).toBe(2000);
    expect(row.netRxBytesPerSec).toBe(5e5);
  });

  it('leaves them undefined (n/a), never 0, when eBPF did not measure them', () => {
    const [row] = deriveProcesses(sample(0, [proc({})]), sample(1000, [proc({ cpuTicks: 1010 })]), ctx);
    expect(row.runqueue).toBeUndefined();
    expect(row.netTxBytesPerSec).toBeUndefined();
    expect(row.netRxBytesPerSec).toBeUndefined();
    const [first] = deriveProcesses(undefined, sample(0, [proc({ runqueueHistogram: hist({ 1: 1 }), netTxBytes: 5 })]), ctx);
    expect(first.runqueue).toBeUndefined();
    expect(first.netTxBytesPerSec).toBeUndefined();
  });
});

describe('deriveProcesses with the rows of the last derive', () => {
  const idle = (t: number, over: Partial<RawProcess> = {}) => counted(t, 4096, 0, 0, { pid: 20, state: 'S', ...over });
  const busy = (t: number, ticks: number) => counted(t, 0, 0, 0, { pid: 30, cpuTicks: ticks });

  it('hands back the same row object for a process in which nothing changed, and a new one otherwise', () => {
    const s0 = sample(0, [idle(0), busy(0, 1000)]);
    const s1 = sample(1000, [idle(1000), busy(1000, 1050)]);
    const s2 = sample(2000, [idle(2000), busy(2000, 1090)]);
    const rows1 = deriveProcesses(s0, s1, ctx);
    const rows2 = deriveProcesses(s1, s2, ctx, rows1);
    expect(rows2[0]).toBe(rows1[0]);
    expect(rows2[1]).not.toBe(rows1[1]);
    expect(rows2[1].cpuPercent).toBeCloseTo(40);
    expect(rows2).toEqual(deriveProcesses(s1, s2, ctx));
  });

  it('compares every field derive sets', () => {
    const full = counted(1000, 1, 2, 3, {
      uid: 0,
      user: 'root',
      nice: 0,
      priority: 20,
      threads: 1,
      rssBytes: 1,
      vszBytes: 1,
      sharedBytes: 1,
      cgroup: '/',
      kernelThread: false,
      netTxBytes: 1,
      netRxBytes: 1,
      runqueueHistogram: NO_RUNQ_WAITS,
    });
    const [row] = deriveProcesses(
      sample(0, [counted(0, 0, 0, 0, { netTxBytes: 0, netRxBytes: 0, runqueueHistogram: NO_RUNQ_WAITS })]),
      sample(1000, [full]),
      ctx,
    );
    for (const key of Object.keys(row) as (keyof typeof row)[]) {
      if (key === 'pid' || key === 'startTime') continue; // the join's key: equal by then
      expect(row[key], key).toBeDefined();
      expect(sameRow(row, { ...row, [key]: typeof row[key] === 'string' ? `${row[key]}x` : {} }), key).toBe(false);
    }
  });

  it('never hands back a row across a reused pid, a changed field or rows of another list', () => {
    const s0 = sample(0, [idle(0)]);
    const s1 = sample(1000, [idle(1000)]);
    const rows1 = deriveProcesses(s0, s1, ctx);
    const reused = deriveProcesses(s1, sample(2000, [idle(2000, { startTime: 900 })]), ctx, rows1);
    expect(reused[0]).not.toBe(rows1[0]);
    expect(reused[0].startTime).toBe(900);
    const renamed = deriveProcesses(s1, sample(2000, [idle(2000, { cmdline: 'other' })]), ctx, rows1);
    expect(renamed[0]).not.toBe(rows1[0]);
    expect(renamed[0].cmdline).toBe('other');
    // Rows that do not go with prev (another length) are not used at all.
    expect(deriveProcesses(s1, sample(2000, [idle(2000)]), ctx, [...rows1, ...rows1])[0]).not.toBe(rows1[0]);
  });

  it('finds each process of the last list wherever it stands (pid 1 added at the end)', () => {
    const s0 = sample(0, [idle(0, { pid: 5 }), idle(0, { pid: 9 }), idle(0, { pid: 1 })]);
    const s1 = sample(1000, [idle(1000, { pid: 5 }), idle(1000, { pid: 9 }), idle(1000, { pid: 1 })]);
    const s2 = sample(2000, [idle(2000, { pid: 1 }), idle(2000, { pid: 9 }), idle(2000, { pid: 5 })]);
    const rows1 = deriveProcesses(s0, s1, ctx);
    const rows2 = deriveProcesses(s1, s2, ctx, rows1);
    expect(rows2.map((r) => r.pid)).toEqual([1, 9, 5]);
    expect(rows2).toEqual([rows1[2], rows1[1], rows1[0]]);
    expect(rows2[0]).toBe(rows1[2]);
  });
});

describe('mergeProcesses', () => {
  it('takes the list from the first backend and fills its gaps per (pid, startTime)', () => {
    const ebpf = { processes: [proc({ cmdline: undefined, rssBytes: undefined }), proc({ pid: 11, cmdline: undefined })] };
    const fromProc = { processes: [proc({ cmdline: 'from proc', rssBytes: 4096, cpuTicks: 1 }), proc({ pid: 11, startTime: 999, cmdline: 'reused' })] };
    const merged = mergeProcesses(ebpf, fromProc).processes!;
    expect(merged[0]).toMatchObject({ cmdline: 'from proc', rssBytes: 4096, cpuTicks: 1000 });
    expect(merged[1].cmdline).toBeUndefined();
    expect(merged).toHaveLength(2);
  });

  it("completes the earlier list's records in place per (pid, startTime), never the fills", () => {
    const ebpf = { processes: [proc({ cmdline: undefined }), proc({ pid: 11, cmdline: undefined })] };
    const first = ebpf.processes[0];
    // fills[i] goes with processes[i]; the fill for pid 11 is of another start time (a reused pid).
    const fills = [
      { pid: 10, startTime: 500, cmdline: 'filled', cpuTicks: 1 },
      { pid: 11, startTime: 999, cmdline: 'reused' },
    ];
    const fillsBefore = structuredClone(fills);
    const merged = mergeProcesses(ebpf, { processes: [], fills }).processes!;
    expect(merged).toBe(ebpf.processes);
    expect(merged[0]).toBe(first);
    expect(merged[0]).toMatchObject({ cmdline: 'filled', cpuTicks: 1000 });
    expect(merged[1].cmdline).toBeUndefined();
    expect(fills).toEqual(fillsBefore);
    expect(merged).not.toHaveProperty('fills');
  });

  it('finds a fill out of place by key, and leaves a record without one as it is', () => {
    const ebpf = { processes: [proc({ cmdline: undefined }), proc({ pid: 11, cmdline: undefined }), proc({ pid: 12, cmdline: undefined })] };
    const fills = [{ pid: 11, startTime: 500, cmdline: 'eleven' }, { pid: 10, startTime: 500, cmdline: 'ten' }, undefined];
    const merged = mergeProcesses(ebpf, { fills }).processes!;
    expect(merged.map((p) => p.cmdline)).toEqual(['ten', 'eleven', undefined]);
    expect(merged[2]).toBe(ebpf.processes[2]);
    // Fills not one per record (made for another list): every one is found by key.
    const fresh = { processes: [proc({ cmdline: undefined }), proc({ pid: 11, cmdline: undefined }), proc({ pid: 12, cmdline: undefined })] };
    const shifted = mergeProcesses(fresh, { fills: [{ pid: 12, startTime: 500, cmdline: 'twelve' }] }).processes!;
    expect(shifted.map((p) => p.cmdline)).toEqual([undefined, undefined, 'twelve']);
  });

  it("adds the later backend's processes whose pid the list lacks (pid 1 hidden from BPF)", () => {
    const ebpf = { processes: [proc({ pid: 10 })] };
    const init = proc({ pid: 1, startTime: 2, comm: 'init', cmdline: '/sbin/init' });
    const merged = mergeProcesses(ebpf, { processes: [init], fills: [undefined] });
    expect(merged.processes!.map((p) => p.pid)).toEqual([10, 1]);
    expect(merged.processes![1]).toBe(init);
    // Appended to the earlier backend's list, which is this pass's: no copy of thousands a pass.
    expect(merged.processes).toBe(ebpf.processes);
  });

  it('uses the later list when no earlier backend produced one', () => {
    const later = { processes: [proc({})] };
    expect(mergeProcesses({}, later).processes).toBe(later.processes);
    const earlier = { processes: [proc({})] };
    expect(mergeProcesses(earlier, {})).toBe(earlier);
  });
});
