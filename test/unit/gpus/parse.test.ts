import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizePciAddress, parseDpmClocks, parseDrmFdinfo, parseSysfsInt, parseUevent, vendorFromPciId } from '../../../src/collectors/gpus/parse.js';
import { FIXTURES } from '../host/context.js';

const read = (p: string): string => readFileSync(`${FIXTURES}${p}`, 'utf8');

describe('GPU parsers', () => {
  it('reads integer attributes and rejects junk', () => {
    expect(parseSysfsInt('37\n')).toBe(37);
    expect(parseSysfsInt('')).toBeUndefined();
    expect(parseSysfsInt('N/A\n')).toBeUndefined();
    expect(parseSysfsInt(undefined)).toBeUndefined();
  });

  it('reads the PCI uevent and the vendor', () => {
    const u = parseUevent(read('amdgpu-documented-format/t0/sys/class/drm/card0/device/uevent'));
    expect(u).toMatchObject({ DRIVER: 'amdgpu', PCI_ID: '1002:73BF', PCI_SLOT_NAME: '0000:03:00.0' });
    expect(vendorFromPciId(u.PCI_ID)).toBe('amd');
    expect(vendorFromPciId('10DE:2330')).toBe('nvidia');
    expect(vendorFromPciId('8086:56A0')).toBe('intel');
    expect(vendorFromPciId('1A03:2000')).toBe('other');
    expect(vendorFromPciId(undefined)).toBe('other');
  });

  it('finds the current (*) and highest DPM level', () => {
    expect(parseDpmClocks(read('amdgpu-documented-format/t0/sys/class/drm/card0/device/pp_dpm_sclk'))).toEqual({
      currentMHz: 2000,
      maxMHz: 2250,
    });
    expect(parseDpmClocks('S: 19Mhz *\n0: 500Mhz\n1: 2400Mhz\n')).toEqual({ currentMHz: 19, maxMHz: 2400 });
    expect(parseDpmClocks('garbage\n')).toEqual({});
  });

  it('parses amdgpu fdinfo with drm-resident regions preferred over drm-total', () => {
    const info = parseDrmFdinfo(read('amdgpu-documented-format/t0/proc/1000/fdinfo/7'));
    expect(info).toMatchObject({ driver: 'amdgpu', clientId: '11', pdev: '0000:03:00.0' });
    expect(info?.engines.gfx).toEqual({ busyNs: 1234567890, capacity: 1 });
    expect(info?.memoryBytes).toBe((164588 + 2048) * 1024);
  });

  it('falls back to the legacy drm-memory-* keys', () => {
    const info = parseDrmFdinfo(read('amdgpu-documented-format/t0/proc/2000/fdinfo/6'));
    expect(info?.memoryBytes).toBe((8192 + 1024) * 1024);
  });

  it('parses xe cycles and capacities, and MiB units', () => {
    const info = parseDrmFdinfo(read('xe-documented-format/t0/proc/4100/fdinfo/9'));
    expect(info?.engines.rcs).toEqual({ cycles: 28257900, totalCycles: 7655183225, capacity: 1 });
    expect(info?.engines.ccs).toEqual({ cycles: 0, totalCycles: 7655183225, capacity: 4 });
    expect(info?.memoryBytes).toBe((192 + 23992) * 1024);
    expect(parseDrmFdinfo('drm-driver: x\ndrm-total-vram0: 2 MiB\n')?.memoryBytes).toBe(2 * 1024 * 1024);
  });

  it('keeps i915 engine capacity apart from the engine named by the same prefix', () => {
    const info = parseDrmFdinfo(read('i915-documented-format/t0/proc/3100/fdinfo/12'));
    expect(info?.engines.video).toEqual({ busyNs: 1000000000, capacity: 2 });
    expect(info?.engines['video-enhance']).toEqual({ busyNs: 0, capacity: 1 });
    expect(Object.keys(info?.engines ?? {})).not.toContain('capacity-video');
  });

  it('is undefined for fdinfo without drm-driver, and ignores malformed values', () => {
    expect(parseDrmFdinfo('pos:\t0\nflags:\t02\n')).toBeUndefined();
    const info = parseDrmFdinfo('drm-driver: x\ndrm-engine-gfx: lots ns\ndrm-total-vram: -1 KiB\ndrm-engine-capacity-gfx: 0\n');
    expect(info).toEqual({ driver: 'x', clientId: undefined, pdev: undefined, engines: {}, memoryBytes: undefined });
  });

  it('normalises NVML and sysfs PCI addresses to one form', () => {
    expect(normalizePciAddress('00000000:01:00.0')).toBe('0000:01:00.0');
    expect(normalizePciAddress('0000:C2:00.0')).toBe('0000:c2:00.0');
  });
});
