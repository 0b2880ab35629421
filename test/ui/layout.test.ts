import { describe, expect, it } from 'vitest';
import { planLayout } from '../../src/ui/layout.js';

describe('layout', () => {
  it('is too small below 80x24', () => {
    expect(planLayout({ columns: 79, rows: 30, gpuCount: 0, alertLines: 0 }).kind).toBe('tooSmall');
    expect(planLayout({ columns: 100, rows: 23, gpuCount: 0, alertLines: 0 }).kind).toBe('tooSmall');
  });

  it('keeps at least 10 table rows at 80x24 with one-line panels', () => {
    const l = planLayout({ columns: 80, rows: 24, gpuCount: 0, alertLines: 3 });
    expect(l.kind).toBe('compact');
    if (l.kind === 'compact') expect(l.tableRows).toBeGreaterThanOrEqual(10);
  });

  it('uses every row, with charts and 40% for the table, from 100x40 to 250x70', () => {
    for (const [columns, rows] of [
      [100, 40],
      [120, 40],
      [200, 50],
      [250, 70],
    ]) {
      for (const gpuCount of [0, 1, 4]) {
        const l = planLayout({ columns, rows, gpuCount, alertLines: 4 });
        expect(l.kind).toBe('full');
        if (l.kind !== 'full') continue;
        expect(l.headerLines + l.topHeight + l.ioHeight + l.gpuHeight + l.alertLines + l.tableRows + 2).toBe(rows);
        expect(l.tableRows).toBeGreaterThanOrEqual(Math.floor(rows * 0.4));
      }
    }
  });
});
