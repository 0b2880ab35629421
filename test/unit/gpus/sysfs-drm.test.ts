/**
 * The sysfs and DRM fdinfo backends over fixture trees built from the kernel's documented formats
 * (test/fixtures/*-documented-format), read twice one second apart, then derived.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/collectors/contract.js';
import { deriveGpus, engineBusyPercent } from '../../../src/collectors/gpus/derive.js';
import { createDrmFdinfoBackend, DrmFdScanner, readDrmClientsOf } from '../../../src/collectors/gpus/drm-fdinfo.js';
import type { GpusRaw } from '../../../src/collectors/gpus/raw.js';
import { readDrmCards, sysfsGpuBackend } from '../../../src/collectors/gpus/sysfs.js';
import type { NvmlDeviceSample } from '../../../src/native/nvml.js';
import { contextAt, FIXTURES, liveContext, timed } from '../host/context.js';
import { CAN_MKNOD, materialise } from './fixture.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

/** Read every backend of `fixture` at t0 and t1 (1000 ms apart) and derive. */
async function readTwice(fixture: string) {
  const samples = [];
  for (const step of ['t0', 't1'] as const) {
    const tree = materialise(fixture, step);
    const ctx = contextAt(tree.root);
    // No time budget: each read finds every fd here (on a loaded machine the default budget ran
    // out before pid 1000); the search's pacing has its own test below.
    const backends: Backend<GpusRaw>[] = [sysfsGpuBackend, createDrmFdinfoBackend({ devRoot: tree.devRoot, scanBudgetMs: Infinity })];
    let raw: Partial<GpusRaw> = {};
    for (const b of backends) {
      expect((await b.probe(ctx)).available).toBe(true);
      raw = { ...raw, ...(await b.read(ctx, raw)) };
    }
    samples.push(timed<GpusRaw>(raw, step === 't0' ? 10_000 : 11_000));
  }
  return { first: deriveGpus(undefined, samples[0]), second: deriveGpus(samples[0], samples[1]) };
}

describe('sysfs GPU backend', () => {
  it('reads an amdgpu card, ignoring connectors and render nodes', () => {
    const cards = readDrmCards(buffer, `${FIXTURES}amdgpu-documented-format/t0/sys`);
    expect(cards).toEqual([
      {
        card: 'card0',
        driver: 'amdgpu',
        vendor: 'amd',
        pciBusId: '0000:03:00.0',
        name: undefined,
        utilPercent: 37,
        memUtilPercent: 12,
        memUsedBytes: 2147483648,
        memTotalBytes: 17163091968,
        gttUsedBytes: 70234112,
        gttTotalBytes: 16769089536,
        graphicsClockMHz: 2000,
        maxGraphicsClockMHz: 2250,
        memClockMHz: 1000,
        maxMemClockMHz: 1000,
        powerWatts: 112,
        powerLimitWatts: 255,
        temperatureC: 54,
        fanPercent: (89 / 255) * 100,
      },
    ]);
  });

  it('an attribute the driver refuses costs that field only; a suspended GPU is not woken', () => {
    const root = mkdtempSync(join(tmpdir(), 'amdgpu-'));
    cpSync(`${FIXTURES}amdgpu-documented-format/t0/sys`, `${root}/sys`, { recursive: true });
    const device = `${root}/sys/class/drm/card0/device`;
    // A read that fails with something other than ENOENT/EACCES (here EISDIR, on hardware EINVAL).
    rmSync(`${device}/gpu_busy_percent`);
    mkdirSync(`${device}/gpu_busy_percent`);
    let [card] = readDrmCards(buffer, `${root}/sys`);
    expect(card.utilPercent).toBeUndefined();
    expect(card.memUsedBytes).toBe(2147483648);
    mkdirSync(`${device}/power`);
    writeFileSync(`${device}/power/runtime_status`, 'suspended\n');
    [card] = readDrmCards(buffer, `${root}/sys`);
    expect(card).toEqual({ card: 'card0', driver: 'amdgpu', vendor: 'amd', pciBusId: '0000:03:00.0', suspended: true });
    const [gpu] = deriveGpus(undefined, timed<GpusRaw>({ cards: [card] }, 0));
    expect(gpu.unavailable).toEqual({ device: 'runtime-suspended (not woken to be read)' });
    expect(gpu.utilPercent).toBeUndefined();
  });

  it('lists an NVIDIA card and a BMC display with their identity only', () => {
    const cards = readDrmCards(buffer, `${FIXTURES}nvidia-host-documented-format/sys`);
    expect(cards).toEqual([
      { card: 'card0', driver: 'nvidia', vendor: 'nvidia', pciBusId: '0000:01:00.0' },
      { card: 'card1', driver: 'ast', vendor: 'other', pciBusId: '0000:c2:00.0' },
    ]);
  });

  it('says "no /sys/class/drm cards" where there are none', async () => {
    const ctx = contextAt('/nonexistent');
    expect(await sysfsGpuBackend.probe(ctx)).toEqual({ available: false, reason: 'no /sys/class/drm cards' });
    expect(await createDrmFdinfoBackend().probe(ctx)).toEqual({ available: false, reason: 'no /sys/class/drm cards' });
  });

  it('on this machine (no DRM device) both backends report the reason', async () => {
    const ctx = liveContext();
    expect((await sysfsGpuBackend.probe(ctx)).reason).toBe('no /sys/class/drm cards');
    // The live /proc has no DRM fds: an empty list, not an error.
    expect(readDrmClientsOf(buffer, '/proc', new DrmFdScanner('/proc', '/dev', Infinity).step())).toEqual([]);
  });
});

describe.skipIf(!CAN_MKNOD)('DRM fdinfo + derive (needs root to mknod DRM device nodes)', () => {
  it('amdgpu: one client per drm-client-id, utilisation from busy-ns deltas', async () => {
    const { first, second } = await readTwice('amdgpu-documented-format');
    // First read: no previous sample, so no rates; memory is there already.
    expect(first[0].processes).toEqual([
      { pid: 1000, memBytes: (164588 + 2048) * 1024, smPercent: undefined, kind: 'drm' },
      { pid: 2000, memBytes: (8192 + 1024) * 1024, smPercent: undefined, kind: 'drm' },
    ]);
    const [gpu] = second;
    expect(gpu).toMatchObject({ index: 0, vendor: 'amd', source: 'sysfs-amdgpu', utilPercent: 64, powerWatts: 187, graphicsClockMHz: 2250 });
    // Client 11 (pid 1000, also open in pid 2000) ran gfx 600 ms of 1000; client 12, 250 ms.
    expect(gpu.processes.map((p) => [p.pid, p.smPercent])).toEqual([
      [1000, 60],
      [2000, 25],
    ]);
  });

  it('i915: power from hwmon energy over the measured gap, engine capacity normalises video', async () => {
    const { first, second } = await readTwice('i915-documented-format');
    expect(first[0].powerWatts).toBeUndefined();
    expect(second[0]).toMatchObject({
      vendor: 'intel',
      source: 'sysfs-i915',
      graphicsClockMHz: 2050,
      maxGraphicsClockMHz: 2400,
      powerWatts: 45,
      powerLimitWatts: 190,
      // No busy file on Intel: the busiest engine over the visible clients (render 50 %).
      utilPercent: 50,
    });
    expect(second[0].processes).toEqual([{ pid: 3100, memBytes: (580 + 384 * 1024) * 1024, smPercent: 50, kind: 'drm' }]);
  });

  it('xe: tile0/gt0 frequency and utilisation from cycle deltas', async () => {
    const { second } = await readTwice('xe-documented-format');
    expect(second[0]).toMatchObject({ source: 'sysfs-xe', graphicsClockMHz: 1950, maxGraphicsClockMHz: 2850, powerWatts: 25 });
    const rcs = (13_400_000 / 19_200_000) * 100;
    expect(second[0].processes[0].smPercent).toBeCloseTo(rcs, 6);
    expect(second[0].utilPercent).toBeCloseTo(rcs, 6);
  });
});

describe.skipIf(!CAN_MKNOD)('DRM fd search pacing (needs root to mknod DRM device nodes)', () => {
  it('looks at new processes first, re-reads known fds every read, drops closed ones at once', async () => {
    const tree = materialise('amdgpu-documented-format', 't0');
    // A zero budget: each read looks at exactly one process, so the pacing is visible.
    const backend = createDrmFdinfoBackend({ devRoot: tree.devRoot, scanBudgetMs: 0 });
    const ctx = contextAt(tree.root);
    const clients = async () => ((await backend.read(ctx, {})).drmClients ?? []).map((c) => `${c.pid}:${c.key}`).sort();
    // Both processes are new; the newest (highest pid) is looked at first.
    expect(await clients()).toEqual(['2000:0000:03:00.0/11', '2000:0000:03:00.0/12']);
    // pid 1000 next: it holds client 11 too, and the lowest pid keeps a shared client.
    expect(await clients()).toEqual(['1000:0000:03:00.0/11', '2000:0000:03:00.0/12']);
    // pid 2000 closes fd 6 (client 12): gone on the next read, whichever process that read looks at.
    rmSync(join(tree.root, 'proc/2000/fdinfo/6'));
    rmSync(join(tree.root, 'proc/2000/fd/6'));
    expect(await clients()).toEqual(['1000:0000:03:00.0/11']);
    // pid 1000 reuses fd 3 (a plain file until now) for the GPU: found when the round-robin
    // (pid 2000 was just looked at) reaches it.
    rmSync(join(tree.root, 'proc/1000/fd/3'));
    symlinkSync(join(tree.devRoot, 'dri/renderD128'), join(tree.root, 'proc/1000/fd/3'));
    cpSync(join(FIXTURES, 'amdgpu-documented-format/t0/proc/2000/fdinfo/6'), join(tree.root, 'proc/1000/fdinfo/3'));
    expect(await clients()).toEqual(['1000:0000:03:00.0/11', '1000:0000:03:00.0/12']);
    // A new process opening the GPU is looked at on the very next read.
    mkdirSync(join(tree.root, 'proc/3000/fd'), { recursive: true });
    mkdirSync(join(tree.root, 'proc/3000/fdinfo'));
    symlinkSync(join(tree.devRoot, 'dri/renderD128'), join(tree.root, 'proc/3000/fd/4'));
    writeFileSync(join(tree.root, 'proc/3000/fdinfo/4'), 'drm-driver:\tamdgpu\ndrm-client-id:\t99\ndrm-pdev:\t0000:03:00.0\n');
    expect(await clients()).toEqual(['1000:0000:03:00.0/11', '1000:0000:03:00.0/12', '3000:0000:03:00.0/99']);
    // The process exits: its client goes with it.
    rmSync(join(tree.root, 'proc/3000'), { recursive: true });
    expect(await clients()).toEqual(['1000:0000:03:00.0/11', '1000:0000:03:00.0/12']);
  });
});

describe('derive', () => {
  it('engine busy %: cycles first, then ns; counters going backwards give no rate', () => {
    expect(engineBusyPercent({ busyNs: 0, capacity: 1 }, { busyNs: 5e8, capacity: 1 }, 1)).toBe(50);
    expect(engineBusyPercent({ busyNs: 0, capacity: 2 }, { busyNs: 5e8, capacity: 2 }, 1)).toBe(25);
    expect(engineBusyPercent({ busyNs: 9e8, capacity: 1 }, { busyNs: 5e8, capacity: 1 }, 1)).toBeUndefined();
    expect(engineBusyPercent(undefined, { busyNs: 5e8, capacity: 1 }, 1)).toBeUndefined();
    expect(engineBusyPercent({ cycles: 0, totalCycles: 0, capacity: 1 }, { cycles: 10, totalCycles: 40, capacity: 1 }, 1)).toBe(25);
    expect(engineBusyPercent({ busyNs: 0, capacity: 1 }, { busyNs: 3e9, capacity: 1 }, 1)).toBe(100);
  });

  it('an NVIDIA card NVML describes is not listed twice; other cards follow NVML devices', () => {
    const cards = readDrmCards(buffer, `${FIXTURES}nvidia-host-documented-format/sys`);
    const nvml: NvmlDeviceSample[] = [{ index: 0, values: { name: 'NVIDIA H100 80GB HBM3', pciBusId: '00000000:01:00.0' }, errors: {}, processes: [] }];
    const gpus = deriveGpus(undefined, timed<GpusRaw>({ nvml, cards }, 0));
    expect(gpus.map((g) => [g.index, g.source, g.pciBusId])).toEqual([
      [0, 'nvml', '00000000:01:00.0'],
      [1, 'sysfs-ast', '0000:c2:00.0'],
    ]);
    // Without NVML the NVIDIA card is still listed, every number n/a.
    const bare = deriveGpus(undefined, timed<GpusRaw>({ cards }, 0));
    expect(bare[0]).toEqual({ index: 0, vendor: 'nvidia', pciBusId: '0000:01:00.0', powerWatts: undefined, processes: [], source: 'sysfs-nvidia' });
  });

  it('a device NVML could not open is listed with the reason', () => {
    const gpus = deriveGpus(undefined, timed<GpusRaw>({ nvml: [{ index: 0, error: 'GPU is lost (NVML_ERROR 15)' }] }, 0));
    expect(gpus[0]).toEqual({ index: 0, vendor: 'nvidia', processes: [], source: 'nvml', unavailable: { device: 'GPU is lost (NVML_ERROR 15)' } });
  });
});
