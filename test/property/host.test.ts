/** Property tests for the host-fact parsers (btime, uptime, online CPU list, page size, auxiliary vector) on hostile input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auxvValue, parseBtime, parseCpuList, parseKernelPageSize, parseUptime } from '../../src/collectors/host/parse.js';
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

describe('auxvValue', () => {
  /** A vector of (type, value) pairs as the kernel lays it out on a little-endian 64-bit machine, AT_NULL last. */
  function vector(pairs: readonly (readonly [bigint, bigint])[]): Uint8Array {
    const view = new DataView(new ArrayBuffer((pairs.length + 1) * 16));
    pairs.forEach(([type, value], i) => {
      view.setBigUint64(i * 16, type, true);
      view.setBigUint64(i * 16 + 8, value, true);
    });
    return new Uint8Array(view.buffer);
  }
  const word = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

  it('finds the first entry of a type before AT_NULL, as a safe positive integer or not at all', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 40n }), word), { maxLength: 40 }), fc.integer({ min: 1, max: 40 }), (pairs, type) => {
        const found = pairs.find(([t]) => t === BigInt(type));
        const expected = found === undefined || found[1] === 0n || found[1] > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(found[1]);
        expect(auxvValue(vector(pairs), type, true)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on arbitrary bytes, and reads nothing past AT_NULL or a cut entry', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 64 }), fc.boolean(), (bytes, type, littleEndian) => {
        const v = auxvValue(bytes, type, littleEndian);
        expect(v === undefined || (Number.isSafeInteger(v) && v > 0)).toBe(true);
      }),
      { numRuns: RUNS },
    );
    const cut = vector([[6n, 4096n]]).subarray(0, 15);
    expect(auxvValue(cut, 6, true)).toBeUndefined();
    expect(
      auxvValue(
        vector([
          [0n, 4096n],
          [6n, 4096n],
        ]),
        6,
        true,
      ),
    ).toBeUndefined();
  });
});
