import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmtAge, fmtBytes, fmtCount, fmtCpuTime, fmtDuration, fmtPercent, fmtRate, fmtUptime, NA } from '../../src/ui/format.js';

describe('formatters', () => {
  it('say n/a for unmeasured values, never 0', () => {
    for (const f of [fmtBytes, fmtRate, fmtPercent, fmtDuration, fmtAge, fmtUptime, fmtCpuTime]) expect(f(undefined)).toBe(NA);
    expect(fmtBytes(0)).toBe('0B');
    expect(fmtPercent(0)).toBe('0.0');
  });

  it('format bytes, rates, percentages and durations compactly', () => {
    expect(fmtBytes(512)).toBe('512B');
    expect(fmtBytes(1536)).toBe('1.50K');
    expect(fmtBytes(3 * 1024 ** 3)).toBe('3.00G');
    expect(fmtRate(2048)).toBe('2.00K/s');
    expect(fmtPercent(7.54)).toBe('7.5');
    expect(fmtPercent(250)).toBe('250');
    expect(fmtDuration(65)).toBe('1:05');
    expect(fmtCpuTime(5.678)).toBe('0:05.68');
    expect(fmtCpuTime(125.4)).toBe('2:05.40');
    expect(fmtCpuTime(3725)).toBe('1:02:05');
    expect(fmtDuration(3723)).toBe('1:02:03');
    expect(fmtDuration(2 * 86400 + 4 * 3600)).toBe('2d04h');
    expect(fmtUptime(86400 + 61)).toBe('1 day, 00:01:01');
    // The table's age drops the seconds past the first minute, so rows stay the same for a minute.
    expect(fmtAge(0)).toBe('0s');
    expect(fmtAge(59.9)).toBe('59s');
    expect(fmtAge(65)).toBe('1m');
    expect(fmtAge(119)).toBe('1m');
    expect(fmtAge(3599)).toBe('59m');
    expect(fmtAge(3723)).toBe('1h02m');
    expect(fmtAge(3779)).toBe('1h02m');
    expect(fmtAge(2 * 86400 + 4 * 3600)).toBe('2d04h');
  });

  it('separates thousands in a count as en-US does', () => {
    expect(fmtCount(0)).toBe('0');
    expect(fmtCount(999)).toBe('999');
    expect(fmtCount(3240)).toBe('3,240');
    expect(fmtCount(1_000_000)).toBe('1,000,000');
    fc.assert(fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => fmtCount(n) === n.toLocaleString('en-US')));
  });
});
