/** Property tests for the host-fact parsers (btime, uptime, online CPU list, page size) on hostile input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBtime, parseCpuList, parseKernelPageSize, parseUptime } from '../../src/collectors/host/parse.js';
import { fixture, RUNS } from './support/hostile.js';
import { parserProperties } from './support/parser-properties.js';

describe('parseBtime', () => {
  parserProperties({ parse: parseBtime, bases: [fixture('debian12-2cpu-vm-system/proc/stat')], sane: (b) => b !== undefined && b > 0 });
});

describe('parseUptime', () => {
  // Both figures are seconds since boot: unsigned.
  parserProperties({
    parse: parseUptime,
    bases: [fixture('debian12-2cpu-vm-system/proc/uptime'), fixture('debian12-2cpu-vm-procdetail/proc/uptime')],
    sane: (u) => u !== undefined,
  });
});

const malformedCpuList = (err: unknown) => err instanceof Error && err.message.startsWith('malformed CPU list');

describe('parseCpuList', () => {
  // Throws by design on a malformed list (the reader reports it); any other error is a bug.
  parserProperties({
    parse: parseCpuList,
    bases: [fixture('debian12-2cpu-vm-system/sys/devices/system/cpu/online'), fixture('edge-system/sys/devices/system/cpu/online'), '0-3,8,10-11\n'],
    allowedError: malformedCpuList,
    sane: (ids) => ids.length > 0,
  });

  it('does not try to list billions of CPUs from a huge range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 70n }), fc.bigInt({ min: 0n, max: 2n ** 70n }), (a, b) => {
        try {
          expect(parseCpuList(`${a}-${b}`).length).toBeLessThanOrEqual(1 << 16);
        } catch (err) {
          if (!malformedCpuList(err)) throw err;
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseKernelPageSize', () => {
  parserProperties({
    parse: parseKernelPageSize,
    bases: [fixture('debian12-2cpu-vm-procdetail/proc/20053/smaps')],
    sane: (size) => size === 4096,
  });
});
