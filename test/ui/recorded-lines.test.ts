import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../../src/types/snapshot.js';
import { fitSamples, recordedSectionLines } from '../../src/ui/detail/recordedLines.js';
import { proc } from './helpers/snapshots.js';

const T0 = Date.UTC(2026, 11, 4, 3, 0, 0);

/** A process's recorded rows, one a minute, with CPU % and RSS as given (test inputs). */
function timeline(cpu: number[]): { times: number[]; rows: ProcessRow[] } {
  return {
    times: cpu.map((_, i) => T0 + i * 60_000),
    rows: cpu.map((c, i) => proc(400, 'node', { cpuPercent: c, rssBytes: (i + 1) * 1024 ** 2 })),
  };
}

describe('recorded drill-down lines', () => {
  it('fits a long timeline into the chart, first row to last, keeping each run of rows its peak', () => {
    expect(fitSamples([1, 2, 3], 5)).toEqual([1, 2, 3]);
    expect(fitSamples([1, 9, 2, 3, Number.NaN, Number.NaN], 3)).toEqual([9, 3, Number.NaN]);
  });

  it('the overview: the row at the cursor, then the timeline with the figure at the cursor and the peak', () => {
    const tl = timeline([10, 80, 20]);
    const text = recordedSectionLines({ section: 'overview', row: tl.rows[1], timeline: tl, at: tl.times[1], width: 120, ascii: true }).map((l) => l.text);
    expect(text).toContain('command        /usr/bin/node --test');
    expect(text.find((l) => l.startsWith('recorded '))).toMatch(/\(3 rows\)$/);
    const cpu = text.find((l) => l.startsWith('CPU'))!;
    expect(cpu).toMatch(/now 80\.0% {2}peak 80\.0%$/);
    expect(text.find((l) => l.startsWith('memory (RSS)'))).toMatch(/now 2\.00M {2}peak 3\.00M$/);
    // Not measured in any row: n/a, never 0.
    expect(text.find((l) => l.startsWith('network tx'))).toMatch(/now n\/a {2}peak n\/a$/);
  });

  it('says "not recorded" where a section needs the live process, and what it has', () => {
    const tl = timeline([1]);
    const lines = (section: Parameters<typeof recordedSectionLines>[0]['section']) =>
      recordedSectionLines({ section, row: tl.rows[0], timeline: tl, at: tl.times[0], width: 100, ascii: true }).map((l) => l.text);
    for (const section of ['threads', 'files', 'environment'] as const) {
      expect(lines(section)).toHaveLength(1);
      expect(lines(section)[0]).toMatch(/^not recorded: .* needs the live process$/);
    }
    expect(lines('memory')[0]).toMatch(/^not recorded: memory maps/);
    expect(lines('memory').some((l) => l.startsWith('memory (RSS)'))).toBe(true);
    expect(lines('io').some((l) => l.startsWith('disk write'))).toBe(true);
    const gone = recordedSectionLines({ section: 'overview', row: undefined, timeline: undefined, at: 0, width: 100, ascii: true }).map((l) => l.text);
    expect(gone).toEqual(['not running in the sample shown', 'no recorded rows of this process']);
  });
});
