/**
 * Entry-point fallbacks: against a fake libnvidia-ml that exports only the unversioned names of
 * old drivers (nvmlInit, nvmlDeviceGetCount, the v1 process lists with the short struct, no
 * nvmlDeviceGetMemoryInfo_v2), the binding still reads every device and process.
 * Its own file: a process opens one libnvidia-ml for its lifetime.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveGpus } from '../../../src/collectors/gpus/derive.js';
import { createNvmlBackend } from '../../../src/collectors/gpus/nvml.js';
import type { GpusRaw } from '../../../src/collectors/gpus/raw.js';
import { addonPath } from '../../../src/native/binding.js';
import { buildFakeNvml } from '../../native-nvml/compile.js';
import { contextAt, timed } from '../host/context.js';

describe.skipIf(!existsSync(addonPath))('NVML on an old driver (needs the built addon)', () => {
  it('falls back from _v2/_v3 entry points to the unversioned ones', async () => {
    const fake = buildFakeNvml(true);
    fake.set({ devices: 1, memTotal: 17179869184, memUsed: 1048576, compute: '77:123456789,88:na', graphics: '99:4096' });
    const ctx = contextAt('/nonexistent');
    const backend = createNvmlBackend({ libraryPath: fake.library });
    expect((await backend.probe(ctx)).available).toBe(true);
    const [gpu] = deriveGpus(undefined, timed<GpusRaw>(await backend.read(ctx, {}), 0));
    expect(gpu).toMatchObject({ pciBusId: '00000000:01:00.0', memTotalBytes: 17179869184, memUsedBytes: 1048576 });
    expect(gpu.processes).toEqual([
      { pid: 77, memBytes: 123456789, kind: 'compute' },
      { pid: 88, memBytes: undefined, kind: 'compute' },
      { pid: 99, memBytes: 4096, kind: 'graphics' },
    ]);
    backend.close?.();
  });
});
