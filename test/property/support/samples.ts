/**
 * Raw counter values for the derive properties: ordinary, zero, at and past 2^53 and 2^64 (a
 * wrapped or reset counter shows up as a smaller value in the next read), or missing.
 */
import fc from 'fast-check';
import type { CollectorContext } from '../../../src/collectors/contract.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** A counter as a parser could hand it on: any finite non-negative value, or undefined. */
export const counter: fc.Arbitrary<number> = fc.oneof(
  fc.nat(),
  fc.constantFrom(0, 1, 2 ** 32 - 1, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 64, 1.8446744073709552e19),
  fc.double({ min: 0, max: 1e20, noNaN: true }),
);

/** A counter that may be missing (the backend could not read it). */
export const maybeCounter: fc.Arbitrary<number | undefined> = fc.option(counter, { nil: undefined });

/**
 * A measured gap in seconds, or none. Two performance.now() reads differ by at least ~1e-13 s, so
 * smaller gaps (which would overflow a rate to Infinity) cannot occur.
 */
export const gap: fc.Arbitrary<number | undefined> = fc.option(fc.double({ min: 1e-12, max: 1e6, noNaN: true }), { nil: undefined });

/** Monotonic read times in ms: equal, backwards or forwards. */
export const readTime = fc.oneof(fc.constantFrom(0, 1000), fc.integer({ min: -1e6, max: 1e9 }));

export const context: CollectorContext = {
  procRoot: '/proc',
  sysRoot: '/sys',
  readBuffer: new ReadBuffer(),
  host: { hostname: 'h', kernel: 'k', arch: 'x64', cpuCount: 2, clockTicks: 100, pageSize: 4096, bootTime: 1_700_000_000_000 },
  now: () => 0,
};
