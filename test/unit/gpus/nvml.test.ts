/**
 * The NVML backend against the fake libnvidia-ml (test/native-nvml): values arrive in GpuDevice,
 * errors become undefined with the reason, and a blocking call times out while the event loop
 * and the sampler keep going.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Collector } from '../../../src/collectors/contract.js';
import { Sampler } from '../../../src/collectors/sampler.js';
import { deriveGpus } from '../../../src/collectors/gpus/derive.js';
import { createGpusCollector } from '../../../src/collectors/gpus/index.js';
import { createNvmlBackend } from '../../../src/collectors/gpus/nvml.js';
import type { GpusRaw } from '../../../src/collectors/gpus/raw.js';
import { addonPath } from '../../../src/native/binding.js';
import { buildFakeNvml, type FakeNvml } from '../../native-nvml/compile.js';
import { contextAt, timed } from '../host/context.js';

const NO_ADDON = !existsSync(addonPath);
const ctx = contextAt('/nonexistent');

const VALUES = {
  devices: 2,
  name: 'Fake H100',
  gpuUtil: 87,
  memUtil: 41,
  memTotal: 85899345920,
  memUsed: 21474836480,
  memReserved: 645922816,
  powerMw: 312456,
  powerLimitMw: 700000,
  'temp.0': 61,
  'tempThreshold.1': 87,
  'clock.0': 1755,
  'clock.1': 1755,
  'clock.2': 2619,
  'maxClock.0': 1980,
  'maxClock.1': 1980,
  'maxClock.2': 2619,
  'pcie.0': 2048,
  'pcie.1': 4096,
  encoder: 5,
  decoder: 7,
  mig: 1,
  compute: '4242:1073741824,5151:na',
  graphics: '4242:1073741824,6000:2097152',
  samples: '4242:1000:30,4242:2000:55,5151:1500:12',
  'error.nvmlDeviceGetFanSpeed': 3,
};

describe.skipIf(NO_ADDON)('NVML backend on a fake libnvidia-ml (needs the built addon)', () => {
  let fake: FakeNvml;
  beforeAll(() => {
    fake = buildFakeNvml();
    fake.set(VALUES);
  });
  afterAll(() => {
    delete process.env.FAKE_NVML_CONTROL;
  });

  it('reads every field into GpuDevice, keeps errors as reasons, and joins processes', async () => {
    const backend = createNvmlBackend({ libraryPath: fake.library, timeoutMs: 2000 });
    const probe = await backend.probe(ctx);
    expect(probe).toMatchObject({ available: true });
    expect(probe.reason).toContain('driver 550.54.15-fake, 2 GPU(s)');
    const raw = await backend.read(ctx, {});
    const gpus = deriveGpus(undefined, timed<GpusRaw>(raw, 1000));
    expect(gpus).toHaveLength(2);
    const [g0, g1] = gpus;
    expect(g0).toMatchObject({
      index: 0,
      vendor: 'nvidia',
      name: 'Fake H100 0',
      uuid: 'GPU-00000000-0000-0000-0000-000000000000',
      pciBusId: '00000000:01:00.0',
      utilPercent: 87,
      memUtilPercent: 41,
      memTotalBytes: 85899345920,
      memUsedBytes: 21474836480,
      // The driver's free leaves out the 616 MiB it reserves: total − used − reserved.
      memFreeBytes: 85899345920 - 21474836480 - 645922816,
      powerWatts: 312.456,
      powerLimitWatts: 700,
      temperatureC: 61,
      slowdownTempC: 87,
      graphicsClockMHz: 1755,
      smClockMHz: 1755,
      memClockMHz: 2619,
      maxGraphicsClockMHz: 1980,
      maxSmClockMHz: 1980,
      maxMemClockMHz: 2619,
      pcieRxBytesPerSec: 4096 * 1024,
      pcieTxBytesPerSec: 2048 * 1024,
      encoderPercent: 5,
      decoderPercent: 7,
      migMode: true,
      source: 'nvml',
    });
    expect(g1.pciBusId).toBe('00000000:02:00.0');
    // The failing call is unmeasured, with NVML's reason, never 0.
    expect(g0.fanPercent).toBeUndefined();
    expect(g0.unavailable?.fanPercent).toBe('Not Supported (NVML_ERROR 3)');
    // Compute and graphics lists joined per pid; SM % from the newest sample; NA memory stays undefined.
    expect(g0.processes).toEqual([
      { pid: 4242, memBytes: 1073741824, kind: 'compute', smPercent: 55 },
      { pid: 5151, memBytes: undefined, kind: 'compute', smPercent: 12 },
      { pid: 6000, memBytes: 2097152, kind: 'graphics' },
    ]);
    // The next query asks only for samples newer than those seen: none, and it says why.
    const again = deriveGpus(undefined, timed<GpusRaw>(await backend.read(ctx, {}), 2000));
    expect(again[0].processes.find((p) => p.pid === 4242)?.smPercent).toBeUndefined();
    expect(again[0].unavailable?.processSmPercent).toBe('Not Found (NVML_ERROR 6)');
  });

  it('reads process samples whether the sizing call answers SUCCESS or INSUFFICIENT_SIZE', async () => {
    fake.set({ ...VALUES, sizingSucceeds: 1 });
    const backend = createNvmlBackend({ libraryPath: fake.library });
    expect((await backend.probe(ctx)).available).toBe(true);
    const [gpu] = deriveGpus(undefined, timed<GpusRaw>(await backend.read(ctx, {}), 0));
    expect(gpu.processes.map((p) => [p.pid, p.smPercent])).toEqual([
      [4242, 55],
      [5151, 12],
      [6000, undefined],
    ]);
    fake.set(VALUES);
  });

  it('a hung call times out, the loop keeps running, and no second query is sent until it returns', async () => {
    const backend = createNvmlBackend({ libraryPath: fake.library, timeoutMs: 300 });
    expect((await backend.probe(ctx)).available).toBe(true);
    fake.set({ ...VALUES, 'block.nvmlDeviceGetPowerUsage': 1 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = performance.now();
    await expect(backend.read(ctx, {})).rejects.toThrow(/timed out after 300 ms/);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(1500);
    // The event loop ran throughout: the driver hang blocked a native thread, not JavaScript.
    expect(ticks).toBeGreaterThanOrEqual(5);
    await expect(backend.read(ctx, {})).rejects.toThrow(/not sent: an earlier NVML query has not returned/);
    // The driver recovers: the hung query returns, and the next read is fresh.
    fake.set(VALUES);
    const deadline = performance.now() + 3000;
    let raw: Partial<GpusRaw> | undefined;
    while (raw === undefined && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      raw = await Promise.resolve(backend.read(ctx, {})).catch(() => undefined);
    }
    clearInterval(timer);
    expect(raw?.nvml?.[0].values?.powerWatts).toBe(312.456);
  });

  it('in the sampler, a hung NVML isolates the gpus collector while others keep sampling', async () => {
    const gpus = createGpusCollector({ nvml: { libraryPath: fake.library, timeoutMs: 200 } });
    let clockReads = 0;
    const clockBackend: Backend<{ n: number }> = { id: 'counter', probe: () => ({ available: true }), read: () => ({ n: ++clockReads }) };
    const other: Collector<{ n: number }, number | undefined> = { name: 'cpu', backends: [clockBackend], derive: (_p, c) => c.raw.n };
    const sampler = new Sampler({ gpus, cpu: other }, ctx);
    fake.set(VALUES);
    let readings = await sampler.sample();
    expect(readings.gpus.backend).toBe('nvml');
    fake.set({ ...VALUES, 'block.nvmlDeviceGetTemperature': 1 });
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) readings = await sampler.sample();
    // One tick waits out the timeout; the breaker and the in-flight guard keep the others quick.
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(clockReads).toBe(4);
    const nvml = readings.gpus.backends.find((b) => b.backend.id === 'nvml');
    expect(nvml?.lastError).toMatch(/timed out after 200 ms|not sent/);
    fake.set(VALUES);
    sampler.close();
  });
});
