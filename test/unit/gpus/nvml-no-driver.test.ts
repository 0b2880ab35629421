/**
 * Without an NVIDIA driver (this machine), the NVML backend is off with the reason the screen and
 * `doctor` show. Its own file: a process opens one libnvidia-ml for its lifetime.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNvmlBackend } from '../../../src/collectors/gpus/nvml.js';
import { addonPath } from '../../../src/native/binding.js';
import { liveContext } from '../host/context.js';

const HAS_DRIVER = spawnSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8' }).stdout?.includes('libnvidia-ml.so') ?? false;

describe.skipIf(!existsSync(addonPath) || HAS_DRIVER)('NVML without a driver (needs the built addon, and no NVIDIA driver installed)', () => {
  it('probes unavailable: "libnvidia-ml.so.1 not found (no NVIDIA driver)"', async () => {
    const probe = await createNvmlBackend().probe(liveContext());
    expect(probe).toEqual({
      available: false,
      reason: 'libnvidia-ml.so.1 not found (no NVIDIA driver)',
      remedy: 'install the NVIDIA driver (it ships libnvidia-ml.so.1), or add its folder to the loader path',
    });
  });
});
