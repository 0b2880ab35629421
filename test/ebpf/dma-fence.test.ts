/**
 * The DMA fence group (bpf/dma_fence.bpf.c) and the gpus collector's ebpf-dma-fence backend:
 * decoders and fence rates on hand-built map buffers (no GPU here to record from), the join into
 * process rows, and, as root, loading and attaching on the real kernel. On a machine without a
 * driver that emits DMA fences (this VM) the group attaches, sees zero events, and every fence
 * field stays absent (n/a), never 0.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import type { Backend, Collector, Timed } from '../../src/collectors/contract.js';
import { createGpusCollector } from '../../src/collectors/gpus/index.js';
import { deriveFenceUse, deriveGpusPart, type GpusPart } from '../../src/collectors/gpus/derive.js';
import { createEbpfFenceBackend } from '../../src/collectors/gpus/ebpf-fence.js';
import type { GpusRaw } from '../../src/collectors/gpus/raw.js';
import { listDrmCards } from '../../src/collectors/gpus/sysfs.js';
import { Sampler } from '../../src/collectors/sampler.js';
import { addonPath } from '../../src/native/binding.js';
import { BpfGroup, bpfObjectPath, describeBpfError, PRIVILEGE_REMEDY, type MapBatch } from '../../src/native/bpf.js';
import { decodeFenceStats, decodeFenceTotals, FENCE_STATS_SIZE, decodeFenceEvents, FENCE_TOTALS_SIZE, type FenceEvents } from '../../src/native/bpf-fence.js';
import { KernelSession } from '../../src/native/kernel-session.js';
import { assembleSnapshot } from '../../src/store/assemble.js';
import type { ProcessRow } from '../../src/types/snapshot.js';
import type { ProcessesPart } from '../../src/collectors/processes/index.js';
import { runAsNobody } from '../helpers/nobody.js';
import { kernelContext, procStat, realContext, requireNative, skipReason, sleep, testObject } from './helpers.js';

/**
 * A proc_fence batch built by hand in the layout of bpf/dma_fence.h (struct st_fence_stats:
 * emitted, signaled, busy_ns as u64), not recorded: no machine here emits DMA fences. Entries
 * are out of pid order, and one count is above 2^32 to check the u64 halves.
 */
function builtProcFenceBatch(entries: [pid: number, emitted: number, signaled: number, busyNs: number][]): MapBatch {
  const keys = new DataView(new ArrayBuffer(entries.length * 4));
  const values = new DataView(new ArrayBuffer(entries.length * FENCE_STATS_SIZE));
  entries.forEach(([pid, emitted, signaled, busyNs], i) => {
    keys.setUint32(i * 4, pid, true);
    values.setBigUint64(i * FENCE_STATS_SIZE, BigInt(emitted), true);
    values.setBigUint64(i * FENCE_STATS_SIZE + 8, BigInt(signaled), true);
    values.setBigUint64(i * FENCE_STATS_SIZE + 16, BigInt(busyNs), true);
  });
  return { keys: keys.buffer, values: values.buffer, count: entries.length, keySize: 4, valueSize: FENCE_STATS_SIZE };
}

/** A fence_totals batch built by hand (struct st_fence_totals: emits, signals, matched). */
function builtTotalsBatch(emits: number, signals: number, matched: number): MapBatch {
  const keys = new ArrayBuffer(4);
  const values = new DataView(new ArrayBuffer(FENCE_TOTALS_SIZE));
  values.setBigUint64(0, BigInt(emits), true);
  values.setBigUint64(8, BigInt(signals), true);
  values.setBigUint64(16, BigInt(matched), true);
  return { keys, values: values.buffer, count: 1, keySize: 4, valueSize: FENCE_TOTALS_SIZE };
}

function timed(fences: FenceEvents | undefined, t: number): Timed<GpusRaw> {
  return { t, wall: t, raw: fences === undefined ? {} : { fences } };
}

describe('DMA fence decoders and rates (hand-built buffers)', () => {
  it('decodes proc_fence and fence_totals, pid-ordered, u64 above 2^32 exact', () => {
    const procs = decodeFenceStats(
      builtProcFenceBatch([
        [4242, 10, 9, 5_000_000_000],
        [17, 3, 3, 1_500_000],
      ]),
    );
    expect(procs).toEqual([
      { pid: 17, emitted: 3, signaled: 3, busyNs: 1_500_000 },
      { pid: 4242, emitted: 10, signaled: 9, busyNs: 5_000_000_000 },
    ]);
    expect(decodeFenceTotals(builtTotalsBatch(13, 20, 12))).toEqual({ emits: 13, signals: 20, matched: 12 });
    expect(decodeFenceTotals({ ...builtTotalsBatch(0, 0, 0), count: 0 })).toEqual({ emits: 0, signals: 0, matched: 0 });
  });

  it('refuses a value size that is not the layout it decodes', () => {
    expect(() => decodeFenceStats({ ...builtProcFenceBatch([[1, 1, 1, 1]]), valueSize: 32 })).toThrow(/value size 32, decoder expects 24/);
  });

  it('rates over the measured gap; n/a without a previous read; a new process counts from zero', () => {
    const totals = { emits: 0, signals: 0, matched: 0 };
    const first: FenceEvents = { procs: decodeFenceStats(builtProcFenceBatch([[100, 50, 49, 200_000_000]])), totals };
    const second: FenceEvents = {
      procs: decodeFenceStats(
        builtProcFenceBatch([
          [100, 250, 249, 1_200_000_000],
          [200, 40, 40, 3_000_000_000],
        ]),
      ),
      totals,
    };
    expect(deriveFenceUse(undefined, timed(first, 0))).toEqual([]);
    expect(deriveFenceUse(timed(undefined, 0), timed(first, 2000))).toEqual([]);
    // 2 s gap: pid 100 emitted 200 fences and was busy 1.0 s; pid 200 (new) 40 and 3.0 s of
    // overlapping fences, 150 % (an upper bound, not capped).
    const use = deriveFenceUse(timed(first, 0), timed(second, 2000));
    expect(use).toEqual([
      { pid: 100, fencesPerSec: 100, fenceBusyPercent: 50 },
      { pid: 200, fencesPerSec: 20, fenceBusyPercent: 150 },
    ]);
  });

  it('joins fence use into the process rows by pid, and leaves other rows without the fields', async () => {
    const me = procStat(process.pid)!;
    const row = (pid: number): ProcessRow => ({ pid, startTime: me.startTime, ppid: me.ppid, state: me.state, comm: me.comm, cmdline: '' });
    const processes: Collector<{ rows: ProcessRow[] }, ProcessesPart> = {
      name: 'processes',
      backends: [{ id: 'rows', probe: () => ({ available: true }), read: () => ({ rows: [row(process.pid), row(me.ppid)] }) }],
      derive: (_p, c) => ({ rows: c.raw.rows ?? [] }),
    };
    let emitted = 0;
    const fences: Backend<GpusRaw> = {
      id: 'built-fences',
      probe: () => ({ available: true, reason: 'hand-built fence counters' }),
      read: () => ({
        fences: {
          procs: decodeFenceStats(builtProcFenceBatch([[process.pid, (emitted += 30), emitted, emitted * 1e6]])),
          totals: { emits: emitted, signals: emitted, matched: emitted },
        },
      }),
    };
    let clock = 0;
    const ctx = { ...(await realContext()), now: () => (clock += 1000) };
    const gpus: Collector<GpusRaw, GpusPart> = { name: 'gpus', backends: [fences], derive: deriveGpusPart };
    const sampler = new Sampler({ processes, gpus }, ctx);
    try {
      await sampler.sample();
      const readings = await sampler.sample();
      const snap = assembleSnapshot(readings, ctx, { intervalMs: 1000, self: { pid: process.pid }, config: {} });
      const reading = readings.gpus;
      const seconds = (reading.cur!.t - reading.prev!.t) / 1000;
      const mine = snap.processes.find((p) => p.pid === process.pid)!;
      // 30 fences and 30 ms of fence time between the two reads.
      expect(mine.gpuFencesPerSec).toBeCloseTo(30 / seconds, 6);
      expect(mine.gpuFenceBusyPercent).toBeCloseTo((0.03 / seconds) * 100, 6);
      const parent = snap.processes.find((p) => p.pid === me.ppid)!;
      expect(parent.gpuFencesPerSec).toBeUndefined();
      expect(parent.gpuFenceBusyPercent).toBeUndefined();
      expect(JSON.parse(JSON.stringify(parent))).not.toHaveProperty('gpuFencesPerSec');
    } finally {
      sampler.close();
    }
  });
});

function loadedIds(): Set<number> {
  const progs = JSON.parse(execFileSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8' })) as { id: number }[];
  return new Set(progs.map((p) => p.id));
}

/** No driver that could emit DMA fences: no DRM card (this VM). Elsewhere events may come. */
const noDrm = listDrmCards('/sys').length === 0;

describe.skipIf(skipReason !== undefined)(`dma_fence group on the real kernel (${skipReason ?? 'root'})`, () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  it('loads and attaches (bpftool lists both programs while open, neither after close)', async () => {
    const t0 = performance.now();
    const group = BpfGroup.open(requireNative(), 'dma_fence', bpfObjectPath('dma_fence'));
    const openMs = performance.now() - t0;
    closers.push(() => group.close());
    const stats = group.programStats();
    expect(stats.map((s) => s.name).sort()).toEqual(['on_fence_emit', 'on_fence_signaled']);
    const loaded = loadedIds();
    const ids = stats.map((s) => s.id);
    for (const id of ids) expect(loaded.has(id)).toBe(true);
    group.close();
    for (let i = 0; i < 40 && ids.some((id) => loadedIds().has(id)); i++) await sleep(50);
    expect(ids.filter((id) => loadedIds().has(id))).toEqual([]);
    // Loosely bounded: a busy 2-core VM (measured ~20 ms).
    expect(openMs).toBeLessThan(2000);
  });

  it('opened beside other groups: one the kernel refuses (fentry here) is off alone, dma_fence stays on', () => {
    const session = new KernelSession({ paths: { fentry: testObject('fentry') } });
    closers.push(() => session.close());
    const opened = ['hw', 'dma_fence', 'fentry'].map((name) => session.open(name));
    expect(opened[0].ok).toBe(true);
    expect(opened[1].ok).toBe(true);
    expect(session.status('dma_fence')).toEqual({ on: true });
    const { totals } = decodeFenceEvents(session.readMap('dma_fence', 'proc_fence'), session.readMap('dma_fence', 'fence_totals'));
    expect(totals).toEqual({ emits: expect.any(Number), signals: expect.any(Number), matched: expect.any(Number) });
    expect(totals.matched).toBeLessThanOrEqual(totals.signals);
  });

  it('as nobody, loading fails with EPERM and is described with the privilege remedy', () => {
    const script = `
      const bpf = require(${JSON.stringify(addonPath)}).bpf;
      try { bpf.open(${JSON.stringify(bpfObjectPath('dma_fence'))}); console.log('{"loaded":true}'); }
      catch (e) { console.log(JSON.stringify({ code: e.code, errno: e.errno, syscall: e.syscall, message: e.message })); }`;
    const out = runAsNobody([process.execPath, '-e', script]);
    const fields = JSON.parse(out) as { code: string; errno: number; syscall: string; message: string };
    expect(fields).toMatchObject({ code: 'EPERM', syscall: 'bpf(BPF_PROG_LOAD)' });
    const described = describeBpfError(Object.assign(new Error(fields.message), fields), false);
    expect(described).toEqual({ reason: 'bpf(BPF_PROG_LOAD): EPERM — not root (eBPF needs CAP_BPF and CAP_PERFMON)', remedy: PRIVILEGE_REMEDY });
  });

  it.skipIf(!noDrm)('reads the per-process map back empty here (no DRM driver, zero events)', async () => {
    const group = BpfGroup.open(requireNative(), 'dma_fence', bpfObjectPath('dma_fence'));
    closers.push(() => group.close());
    await sleep(200);
    const events = decodeFenceEvents(group.readMap('proc_fence'), group.readMap('fence_totals'));
    expect(events.procs).toEqual([]);
    expect(events.totals.emits).toBe(0);
  });

  it.skipIf(!noDrm)('in a real Sampler: no fence fields, and the source says attached with zero events', async () => {
    const ctx = await kernelContext();
    const sampler = new Sampler({ gpus: createGpusCollector() }, ctx);
    closers.push(() => {
      sampler.close();
      ctx.kernel.close();
    });
    await sampler.sample();
    await sleep(300);
    const readings = await sampler.sample();
    const gpus = readings.gpus;
    const fence = gpus.backends.find((b) => b.backend.id === 'ebpf-dma-fence')!;
    expect(fence.probe.available).toBe(true);
    expect(fence.lastError).toBeUndefined();
    // Nothing measured: no raw field, so no collector backend and no fence use.
    expect(gpus.backend).toBeNull();
    expect(gpus.fields).toEqual({});
    const snap = assembleSnapshot(readings, ctx, { intervalMs: 1000, self: { pid: process.pid }, config: {} });
    const source = snap.sources.gpus!;
    expect(source.backend).toBeNull();
    expect(source.backends.find((b) => b.id === 'ebpf-dma-fence')).toMatchObject({
      available: true,
      reason: expect.stringMatching(/^dma_fence group attached .*zero fence events so far/),
    });
    expect(source.reason).toMatch(/ebpf-dma-fence: dma_fence group attached .*zero fence events so far/);
    expect(snap.processes.some((p) => p.gpuFencesPerSec !== undefined || p.gpuFenceBusyPercent !== undefined)).toBe(false);
  });

  it('the backend probes available through the session; once the session closes nothing is held and read says so', async () => {
    const ctx = await kernelContext();
    const backend = createEbpfFenceBackend();
    closers.push(() => ctx.kernel.close());
    const probe = await backend.probe(ctx);
    expect(probe.available).toBe(true);
    const ids = ctx.kernel.loadedGroups().flatMap((g) => g.programStats().map((s) => s.id));
    expect(ids).toHaveLength(2);
    ctx.kernel.close();
    expect(ctx.kernel.loadedGroups()).toEqual([]);
    expect(() => backend.read(ctx, {})).toThrow(/not loaded/);
  });
});
