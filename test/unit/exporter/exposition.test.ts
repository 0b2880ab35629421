/** The exposition writer: both formats' headers, escaping, absent families, the series budget. */
import { describe, expect, it } from 'vitest';
import { ExpositionWriter, SeriesBudget, formatValue } from '../../../src/exporter/exposition.js';

describe('ExpositionWriter', () => {
  it('writes HELP and TYPE with the first sample, and nothing for a family without one', () => {
    const w = new ExpositionWriter('prometheus');
    w.family('a_bytes', 'gauge', 'A.').sample(undefined, undefined);
    w.family('b_total', 'counter', 'B.').sample({ x: 'y' }, 3);
    expect(w.finish()).toBe('# HELP b_total B.\n# TYPE b_total counter\nb_total{x="y"} 3\n');
  });

  it('escapes label values and help text, and skips undefined labels', () => {
    const w = new ExpositionWriter('prometheus');
    w.family('g', 'gauge', 'back\\slash\nline').sample({ comm: 'a"b\\c\nd', user: undefined }, 1);
    expect(w.finish()).toBe('# HELP g back\\\\slash\\nline\n# TYPE g gauge\ng{comm="a\\"b\\\\c\\nd"} 1\n');
  });

  it('names OpenMetrics counter families without _total and ends with # EOF', () => {
    const w = new ExpositionWriter('openmetrics');
    w.family('c_seconds_total', 'counter', 'C.').sample(undefined, 1.5);
    expect(w.finish()).toBe('# HELP c_seconds C.\n# TYPE c_seconds counter\nc_seconds_total 1.5\n# EOF\n');
  });

  it('spells special values as Prometheus does', () => {
    expect([NaN, Infinity, -Infinity, 1e21, 0.25].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '1e+21', '0.25']);
  });

  it('lets series in until the budget is spent, then counts the rest', () => {
    const b = new SeriesBudget(3);
    expect([b.take(), b.take(2), b.take(), b.take(5)]).toEqual([true, true, false, false]);
    expect(b.dropped).toBe(6);
  });
});
