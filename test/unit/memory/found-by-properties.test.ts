/** Counterexamples that test/property/memory.test.ts found, kept as plain cases. */
import { describe, expect, it } from 'vitest';
import { parseLoadavg, parseMeminfo } from '../../../src/collectors/memory/parse.js';

const HUGE = '9'.repeat(400);

describe('memory parsers on runs of digits longer than a u64', () => {
  it('skip a meminfo line that would read as Infinity', () => {
    expect(parseMeminfo(`MemTotal:       ${HUGE} kB\nMemFree:          123 kB\n`)).toEqual({ MemFree: 123 * 1024 });
  });

  it('reject such a loadavg', () => {
    expect(parseLoadavg(`${HUGE}.05 0.12 0.07 1/88 4353\n`)).toBeUndefined();
  });
});
