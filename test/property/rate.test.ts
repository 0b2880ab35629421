/** Property tests for src/util/rate.ts, the one place every counter rate is made. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterRate, gapSeconds, readRate } from '../../src/util/rate.js';
import { RUNS } from './support/hostile.js';
import { expectFinite } from './support/parser-properties.js';
import { counter, maybeCounter, readTime } from './support/samples.js';

describe('counterRate, gapSeconds and readRate', () => {
  it('a rate is undefined or finite and non-negative, whatever the two reads and their times', () => {
    fc.assert(
      fc.property(maybeCounter, maybeCounter, readTime, readTime, fc.boolean(), (prev, cur, ta, tb, first) => {
        const seconds = gapSeconds(first ? undefined : { t: ta, wall: 0, raw: {} }, { t: tb, wall: 0, raw: {} });
        const rate = counterRate(prev, cur, seconds);
        expectFinite(rate);
        if (rate !== undefined) expect(rate).toBeGreaterThanOrEqual(0);
        if (seconds === undefined || prev === undefined || cur === undefined || cur < prev) expect(rate).toBeUndefined();
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('a rate between two stamped reads is undefined or finite and non-negative, n/a across sources or back in time', () => {
    const read = fc.option(fc.record({ value: counter, readAt: readTime, source: fc.constantFrom('proc', 'ebpf') }), { nil: undefined });
    fc.assert(
      fc.property(read, read, (before, after) => {
        const rate = readRate(before, after);
        expectFinite(rate);
        if (rate !== undefined) expect(rate).toBeGreaterThanOrEqual(0);
        if (before === undefined || after === undefined || before.source !== after.source || after.readAt <= before.readAt || after.value < before.value) {
          expect(rate).toBeUndefined();
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
