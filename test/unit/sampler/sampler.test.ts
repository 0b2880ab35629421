import { describe, expect, it } from 'vitest';
import type { Backend, Collector, CollectorContext } from '../../../src/collectors/contract.js';
import { Sampler } from '../../../src/collectors/sampler.js';
import { assembleSnapshot } from '../../../src/store/assemble.js';
import type { CpuPanel } from '../../../src/types/snapshot.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

interface Raw {
  a?: number;
  b?: number;
}

const extras = { intervalMs: 1000, self: { pid: 1 }, config: {} };

let clock = 0;
const ctx: CollectorContext = {
  procRoot: '/nonexistent',
  sysRoot: '/nonexistent',
  readBuffer: new ReadBuffer(),
  host: { hostname: 'h', kernel: 'k', arch: 'x64', cpuCount: 1, clockTicks: 100, pageSize: 4096 },
  now: () => clock,
};

function backend(id: string, read: Backend<Raw>['read'], available = true, timeoutMs?: number): Backend<Raw> {
  return { id, probe: () => ({ available, reason: available ? `${id} ok` : `${id} missing`, remedy: 'do x' }), read, timeoutMs };
}

/** A collector in the cpu slot: a CpuPanel with no cores, carrying the raw fields and the gap it derived over. */
function collector(backends: Backend<Raw>[]): Collector<Raw, CpuPanel & Raw & { gap?: number }> {
  return {
    name: 'cpu',
    backends,
    derive: (prev, cur) => ({ cores: [], ...cur.raw, gap: prev ? cur.t - prev.t : undefined }),
  };
}

describe('Sampler', () => {
  it('merges field by field in priority order and records provenance', async () => {
    const c = collector([backend('ebpf', () => ({ a: 1 })), backend('proc', (_ctx, prior) => ({ a: 99, b: prior.a === 1 ? 2 : -1 }))]);
    const s = new Sampler({ cpu: c }, ctx);
    const r = (await s.sample()).cpu;
    expect(r.cur?.raw).toEqual({ a: 1, b: 2 });
    expect(r.fields).toEqual({ a: 'ebpf', b: 'proc' });
    expect(r.backend).toBe('ebpf');
  });

  it('skips unavailable backends and reports why in sources', async () => {
    const c = collector([backend('ebpf', () => ({ a: 1 }), false), backend('proc', () => ({ a: 5 }))]);
    const s = new Sampler({ cpu: c }, ctx);
    const snap = assembleSnapshot(await s.sample(), ctx, extras);
    expect(snap.sources.cpu?.backend).toBe('proc');
    expect(snap.sources.cpu?.backends[0]).toMatchObject({ id: 'ebpf', available: false, reason: 'ebpf missing', remedy: 'do x' });
  });

  it('isolates a failing backend with backoff, falling back to the next', async () => {
    let calls = 0;
    const c = collector([
      backend('ebpf', () => {
        calls++;
        throw Object.assign(new Error('map gone'), { code: 'ENOENT' });
      }),
      backend('proc', () => ({ a: 7 })),
    ]);
    const s = new Sampler({ cpu: c }, ctx);
    const first = (await s.sample()).cpu;
    expect(first.cur?.raw).toEqual({ a: 7 });
    expect(first.lastError).toMatch(/ebpf: ENOENT: map gone/);
    await s.sample(); // backing off: not called
    expect(calls).toBe(1);
    await s.sample();
    expect(calls).toBe(2);
  });

  it('times out a hung async read without stopping the loop', async () => {
    const c = collector([backend('nvml', () => new Promise<Raw>(() => {}), true, 20), backend('proc', () => ({ a: 3 }))]);
    const s = new Sampler({ cpu: c }, ctx);
    const r = (await s.sample()).cpu;
    expect(r.cur?.raw).toEqual({ a: 3 });
    expect(r.lastError).toMatch(/timed out after 20 ms/);
  });

  it('keeps the measured gap between reads for rates', async () => {
    const c = collector([backend('proc', () => ({ a: 1 }))]);
    const s = new Sampler({ cpu: c }, ctx);
    clock = 1000;
    await s.sample();
    clock = 1970;
    const r = (await s.sample()).cpu;
    const out = c.derive(r.prev, r.cur!, ctx);
    expect(out.gap).toBe(970);
  });

  it('derives a collector read every other tick once per read: the same part until the next read', async () => {
    let derives = 0;
    let reads = 0;
    const c: Collector<Raw, CpuPanel & Raw> = {
      ...collector([backend('proc', () => ({ a: ++reads }))]),
      everyTicks: 2,
      derive: (_prev, cur) => (derives++, { cores: [], ...cur.raw }),
    };
    const s = new Sampler({ cpu: c }, ctx);
    const first = (await s.sample()).cpu.derive(ctx);
    const between = (await s.sample()).cpu.derive(ctx);
    expect(between).toBe(first);
    const third = await s.sample();
    const next = third.cpu.derive(ctx);
    expect(next).not.toBe(first);
    expect(next).toMatchObject({ a: 2 });
    expect(assembleSnapshot(third, ctx, extras).cpu).toBe(next);
    expect((await s.sample()).cpu.derive(ctx)).toBe(next);
    expect([reads, derives]).toEqual([2, 2]);
  });

  it('makes no rate across two backends: a read led by another backend starts without a previous one', async () => {
    let fail = false;
    const c = collector([
      backend('ebpf', () => {
        if (fail) throw new Error('map gone');
        return { a: 1 };
      }),
      backend('proc', () => ({ a: 2 })),
    ]);
    const s = new Sampler({ cpu: c }, ctx);
    await s.sample();
    expect((await s.sample()).cpu.prev).toBeDefined();
    fail = true;
    const fellBack = (await s.sample()).cpu;
    expect([fellBack.backend, fellBack.prev]).toEqual(['proc', undefined]);
  });

  it('defers the backends that load BPF programs until probeDeferred, then reads them', async () => {
    let probes = 0;
    const kernelBackend: Backend<Raw> = {
      ...backend('ebpf', () => ({ a: 1 })),
      usesKernel: true,
      probe: () => (probes++, { available: true, reason: 'loaded' }),
    };
    const s = new Sampler({ cpu: collector([kernelBackend, backend('proc', () => ({ a: 2 }))]) }, ctx);
    await s.probe({ deferKernel: true });
    const first = assembleSnapshot(await s.sample(), ctx, extras);
    expect(probes).toBe(0);
    expect(first.sources.cpu?.backend).toBe('proc');
    expect(first.sources.cpu?.backends[0]).toMatchObject({ id: 'ebpf', available: false, reason: 'loads BPF programs once the first frame is up' });
    expect(await s.probeDeferred()).toBe(true);
    expect(await s.probeDeferred()).toBe(false);
    const next = (await s.sample()).cpu;
    expect([probes, next.backend, next.cur?.raw.a, next.prev]).toEqual([1, 'ebpf', 1, undefined]);
  });

  it('leaves a collector with no working backend without data, with every reason', async () => {
    const c = collector([backend('ebpf', () => ({}), false), backend('proc', () => ({}), false)]);
    const s = new Sampler({ cpu: c }, ctx);
    const snap = assembleSnapshot(await s.sample(), ctx, extras);
    expect(snap.cpu).toBeUndefined();
    expect(snap.sources.cpu?.backend).toBeNull();
    expect(snap.sources.cpu?.reason).toBe('ebpf: ebpf missing; proc: proc missing');
  });
});
