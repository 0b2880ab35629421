/**
 * The processes collector end to end on the live kernel: probe, two reads through the /proc
 * backend, derive. A busy child's CPU % must agree with its schedstat on-CPU time, and its
 * start time with when we spawned it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { CollectorContext, Timed } from '../../../src/collectors/contract.js';
import { createEbpfProcessesBackend } from '../../../src/collectors/processes/ebpf.js';
import { createProcessesCollector } from '../../../src/collectors/processes/index.js';
import type { ProcessesRaw } from '../../../src/collectors/processes/raw.js';
import { elapsedSecondsAt } from '../../../src/util/elapsed.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]);
const ctx: CollectorContext = {
  procRoot: '/proc',
  sysRoot: '/sys',
  readBuffer: new ReadBuffer(),
  host: {
    hostname: hostname(),
    kernel: 'live',
    arch: process.arch,
    cpuCount: 2,
    clockTicks: Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })),
    pageSize: Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' })),
    bootTime: btime * 1000,
  },
  now: () => performance.now(),
};

const busy = spawn('perl', ['-e', '1 while 1'], { stdio: 'ignore' });
const spawnedAt = Date.now();
afterAll(() => {
  busy.kill('SIGKILL');
});

async function read(collector: ReturnType<typeof createProcessesCollector>): Promise<Timed<ProcessesRaw>> {
  const t = ctx.now();
  const wall = Date.now();
  const raw = (await collector.backends[0].read(ctx, {})) as ProcessesRaw;
  return { t, wall, raw };
}

describe('processes collector on /proc', () => {
  it('probes, reads twice and derives CPU % and start time for a busy child', async () => {
    const collector = createProcessesCollector();
    expect(collector.backends.map((b) => b.id)).toEqual(['proc']);
    expect(await collector.backends[0].probe(ctx)).toMatchObject({ available: true });
    // The child's on-CPU time from schedstat (ns, exact), read just before and after each pass: a
    // pass reads the child's stat at some moment inside it, and a pass over every process takes
    // a while on a loaded machine, so the reference is a range, not one figure.
    const onCpuNs = () => Number(readFileSync(`/proc/${busy.pid}/schedstat`, 'utf8').split(' ')[0]);
    await read(collector); // a first pass reads no io or schedstat: their rates start from the second
    const before0 = onCpuNs();
    const prev = await read(collector);
    const after0 = onCpuNs();
    await new Promise((r) => setTimeout(r, 1000));
    const before1 = onCpuNs();
    const cur = await read(collector);
    const after1 = onCpuNs();
    const { rows } = collector.derive(prev, cur, ctx);
    expect(rows.map((r) => r.pid)).toContain(busy.pid);
    const row = rows.find((r) => r.pid === busy.pid)!;
    // utime+stime (ticks) against schedstat (ns) over the same gap: they agree within a few ticks
    // of the range however busy the shared machine is; one thread never exceeds one core.
    const percentOf = (ns: number) => (ns / 1e9 / ((cur.t - prev.t) / 1000)) * 100;
    const fewTicks = percentOf((3 / ctx.host.clockTicks) * 1e9);
    expect(percentOf(before1 - after0)).toBeGreaterThan(1);
    expect(row.cpuPercent!).toBeGreaterThanOrEqual(percentOf(before1 - after0) - fewTicks);
    expect(row.cpuPercent!).toBeLessThanOrEqual(percentOf(after1 - before0) + fewTicks);
    expect(row.cpuPercent!).toBeLessThanOrEqual(105);
    expect(row.cmdline).toBe('perl -e 1 while 1');
    expect(row.user).toBe(execFileSync('id', ['-un'], { encoding: 'utf8' }).trim());
    // btime has one-second resolution and start time one tick.
    expect(Math.abs(row.startedAt! - spawnedAt)).toBeLessThan(2000);
    expect(elapsedSecondsAt(row, cur.wall)!).toBeGreaterThan(0);
    expect(elapsedSecondsAt(row, cur.wall)!).toBeLessThan(10);
    expect(row.runqueueWaitMsPerSec).toBeTypeOf('number');
    // Most processes live through both reads, and each of those gets a CPU %.
    expect(rows.filter((r) => r.cpuPercent !== undefined).length).toBeGreaterThan(rows.length / 2);
  });
});

describe('processes backends and the sampler', () => {
  it('declare no timeout: each writes into records of its pass before last (raw.ts RecordSets), which an abandoned read would break', () => {
    const ebpf = createEbpfProcessesBackend();
    for (const backend of createProcessesCollector([ebpf]).backends) expect(backend.timeoutMs, backend.id).toBeUndefined();
  });
});
