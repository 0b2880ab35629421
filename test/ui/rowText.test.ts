/** The process table's row text cache: formatted once per row object, columns and context. */
import { describe, expect, it } from 'vitest';
import { columnById, visibleColumns } from '../../src/ui/table/columns.js';
import { fitColumns } from '../../src/ui/table/fitColumns.js';
import { RowTextCache } from '../../src/ui/table/rowText.js';
import { proc, TEST_PROCESSES } from './helpers/snapshots.js';

describe('RowTextCache', () => {
  const columns = fitColumns(visibleColumns(TEST_PROCESSES), 200);
  const context = { memTotalBytes: 1e9 };

  it('formats a row once while the row, the columns and the context are the same', () => {
    const cache = new RowTextCache();
    const row = proc(42, 'busy', { cpuPercent: 12.5 });
    const first = cache.of(row, columns, context);
    expect(first.cpu.trim()).toBe('12.5');
    expect(first.before).toMatch(/^\s+42 /);
    expect(cache.of(row, columns, context)).toBe(first);
    // A new snapshot's row, new columns or a new context are formatted afresh.
    expect(cache.of({ ...row, cpuPercent: 50 }, columns, context).cpu.trim()).toBe('50.0');
    expect(cache.of(row, [...columns], context)).not.toBe(first);
    expect(cache.of(row, columns, { memTotalBytes: 2e9 })).not.toBe(first);
  });

  it("counts ELAPSED to the snapshot's time: the same row shows more as snapshots go by", () => {
    const cache = new RowTextCache();
    const elapsed = [columnById('elapsed')];
    const row = proc(42, 'sleeper', { startedAt: Date.UTC(2026, 11, 5, 12, 0, 0) });
    const at = (ms: number) => cache.of(row, elapsed, { takenAtMs: Date.UTC(2026, 11, 5, 12, 0, 0) + ms }).before.trim();
    expect(at(30_000)).toBe('30s');
    expect(at(90_000)).toBe('1m');
    expect(at(3_600_000 + 90_000)).toBe('1h01m');
    expect(cache.of(row, elapsed, {}).before.trim()).toBe('n/a');
  });
});
