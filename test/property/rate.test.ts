/** Property tests for src/util/rate.ts, the one place every counter rate is made. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterRate, gapSeconds } from '../../src/util/rate.js';
import { RUNS } from './support/hostile.js';
import { expectFinite } from './support/parser-properties.js';
import { maybeCounter, readTime } from './support/samples.js';

describe('counterRate and gapSeconds', () => {
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
});
