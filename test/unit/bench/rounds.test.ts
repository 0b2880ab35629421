/**
 * bench/'s rounds (`--rounds K`, bench/rounds.ts): each monitor's rounds at one N become one
 * result of medians (peak RSS and first frame the worst round), errors kept; and the table of
 * rounds pairs each round's CPU with btop's of the same round.
 */
import { describe, expect, it } from 'vitest';
import { median } from '../../../bench/figures.ts';
import { mergeRounds, roundsTable } from '../../../bench/rounds.ts';
import type { MonitorResult } from '../../../bench/measure.ts';

const result = (monitor: MonitorResult['monitor'], round: number, cpu: number, rss: number, firstFrame: number, error?: string): MonitorResult => ({
  monitor,
  n: 0,
  round,
  cpuMsPerRefresh: cpu,
  peakRssBytes: rss,
  bytesPerSecond: cpu * 100,
  firstFrameS: firstFrame,
  ...(error === undefined ? {} : { error }),
});

describe('bench rounds', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeUndefined();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('merges each monitor’s rounds into medians, peak RSS and first frame the worst, and leaves a single round as it is', () => {
    const single = result('htop', 1, 2.5, 4e6, 0.1);
    const merged = mergeRounds([
      single,
      result('btop', 1, 5, 6e6, 0.02),
      result('btop', 2, 7, 6.5e6, 0.03),
      result('btop', 3, 4, 6.1e6, 0.02),
      result('smoothtask', 1, 10, 90e6, 0.1),
      result('smoothtask', 2, 0, 0, 0, 'the pane died'),
      result('smoothtask', 3, 9, 95e6, 0.2),
    ]);
    expect(merged.map((r) => r.monitor)).toEqual(['htop', 'btop', 'smoothtask']);
    expect(merged[0]).toBe(single);
    expect(merged[1]).toMatchObject({ cpuMsPerRefresh: 5, peakRssBytes: 6.5e6, bytesPerSecond: 500, firstFrameS: 0.03 });
    // The round that failed is left out of the figures, and its error kept.
    expect(merged[2]).toMatchObject({ cpuMsPerRefresh: 9.5, peakRssBytes: 95e6, firstFrameS: 0.2, error: 'the pane died' });
  });

  it('pairs each round with btop’s of the same round, and gives the median of the ratios', () => {
    const results = [
      result('btop', 1, 5, 6e6, 0.02),
      result('smoothtask', 1, 10, 9e7, 0.1),
      result('btop', 2, 4, 6e6, 0.02),
      result('smoothtask', 2, 10, 9e7, 0.1),
    ];
    const table = roundsTable(results, [0]).join('\n');
    expect(table).toContain('| 0 | smoothtask | 10.0 (2.00) | 10.0 (2.50) | 2.25 |');
    expect(roundsTable([result('btop', 1, 5, 6e6, 0.02)], [0])).toEqual([]);
  });
});
