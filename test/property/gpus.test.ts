/**
 * Property tests for the GPU sysfs and DRM fdinfo parsers. The GPU fixtures are built from the
 * drivers' documented formats (no such GPU was at hand to record), the closest to real text there is.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePciAddress, parseDpmClocks, parseDrmFdinfo, parseSysfsInt, parseUevent, vendorFromPciId } from '../../src/collectors/gpus/parse.js';
import { fixture, hostileText, RUNS } from './support/hostile.js';
import { parserProperties } from './support/parser-properties.js';

const AMD = 'amdgpu-documented-format/t0/sys/class/drm/card0/device';
const FDINFO = [
  ...['1000/fdinfo/7', '2000/fdinfo/5'].map((fd) => fixture(`amdgpu-documented-format/t0/proc/${fd}`)),
  fixture('i915-documented-format/t0/proc/3100/fdinfo/12'),
  fixture('xe-documented-format/t0/proc/4100/fdinfo/9'),
];

describe('parseSysfsInt', () => {
  // A generic attribute: the signedness is the caller's (a temperature may be below zero).
  parserProperties({
    parse: parseSysfsInt,
    bases: ['gpu_busy_percent', 'mem_info_vram_used', 'mem_info_gtt_total'].map((f) => fixture(`${AMD}/${f}`)),
    signed: ['value'],
    sane: (n) => n !== undefined,
  });
});

describe('parseUevent and vendorFromPciId', () => {
  parserProperties({
    parse: (text) => vendorFromPciId(parseUevent(text).PCI_ID),
    bases: [fixture(`${AMD}/uevent`), fixture('i915-documented-format/t0/sys/class/drm/card1/device/uevent')],
    sane: (v) => v === 'amd' || v === 'intel',
  });
});

describe('parseDpmClocks', () => {
  // Clock levels in MHz: unsigned.
  parserProperties({ parse: parseDpmClocks, bases: [fixture(`${AMD}/pp_dpm_sclk`), fixture(`${AMD}/pp_dpm_mclk`)], sane: (c) => c.maxMHz !== undefined });
});

describe('parseDrmFdinfo', () => {
  // Busy ns, cycles, capacities and memory sizes are unsigned.
  parserProperties({ parse: parseDrmFdinfo, bases: FDINFO, sane: (f) => f !== undefined });
});

describe('normalizePciAddress', () => {
  it('never throws and never spells NaN', () => {
    fc.assert(
      fc.property(hostileText(['0000:03:00.0', '00000000:01:00.0']), (address) => {
        expect(normalizePciAddress(address)).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: RUNS },
    );
  });
});
