import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTimeSpec, TimeSpecError } from '../../../src/timeline/time.js';

const now = new Date(2026, 11, 4, 15, 30, 0).getTime();

describe('parseTimeSpec', () => {
  it('reads times ago, signed or not', () => {
    expect(parseTimeSpec('-2h', now)).toBe(now - 2 * 3_600_000);
    expect(parseTimeSpec('-30m', now)).toBe(now - 30 * 60_000);
    expect(parseTimeSpec('24h', now)).toBe(now - 24 * 3_600_000);
    expect(parseTimeSpec('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseTimeSpec('-1h30m', now)).toBe(now - 90 * 60_000);
    expect(parseTimeSpec('now', now)).toBe(now);
  });

  it('reads local times, with or without a date', () => {
    expect(parseTimeSpec('2026-12-04 03:12', now)).toBe(new Date(2026, 11, 4, 3, 12).getTime());
    expect(parseTimeSpec('2026-12-04T03:12:05', now)).toBe(new Date(2026, 11, 4, 3, 12, 5).getTime());
    expect(parseTimeSpec('2026-12-03', now)).toBe(new Date(2026, 11, 3).getTime());
    expect(parseTimeSpec('03:12', now)).toBe(new Date(2026, 11, 4, 3, 12).getTime());
  });

  it('reads ISO 8601 with a zone', () => {
    expect(parseTimeSpec('2026-12-04T03:12:00Z', now)).toBe(Date.UTC(2026, 11, 4, 3, 12));
    expect(parseTimeSpec('2026-12-04T03:12:00+01:00', now)).toBe(Date.UTC(2026, 11, 4, 2, 12));
  });

  it('refuses what is not a time, saying what it expects', () => {
    for (const bad of ['', 'yesterday', '2026-02-31 10:00', '25:00', '2026-12-04 3', '-', '--2h']) {
      expect(() => parseTimeSpec(bad, now), bad).toThrow(TimeSpecError);
    }
    expect(() => parseTimeSpec('soon', now)).toThrow(/expected a time such as/);
  });

  it('never throws anything but a TimeSpecError, and never returns NaN', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          expect(Number.isFinite(parseTimeSpec(text, now))).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(TimeSpecError);
        }
      }),
    );
  });
});
