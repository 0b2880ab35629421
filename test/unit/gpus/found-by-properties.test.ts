/** Counterexamples that test/property/gpus.test.ts found, kept as plain cases. */
import { expect, it } from 'vitest';
import { parseDpmClocks, parseDrmFdinfo, parseSysfsInt } from '../../../src/collectors/gpus/parse.js';

it('GPU parsers refuse runs of digits longer than a 64-bit value (they read as Infinity)', () => {
  const huge = '9'.repeat(400);
  expect(parseSysfsInt(`${huge}\n`)).toBeUndefined();
  expect(parseSysfsInt(`-${huge}\n`)).toBeUndefined();
  expect(parseDpmClocks(`0: ${huge}Mhz *\n`)).toEqual({});
  expect(parseDrmFdinfo(`drm-driver:\tamdgpu\ndrm-engine-gfx:\t${huge} ns\ndrm-memory-vram:\t${huge} KiB\n`)).toEqual({
    driver: 'amdgpu',
    clientId: undefined,
    pdev: undefined,
    engines: {},
    memoryBytes: undefined,
  });
});
