/**
 * The stored process columns: readStored writes each ProcessRow field where ROW_COLUMNS names it,
 * in its stored unit, and rowUnchanged tells a row that moved in any one column from one that did
 * not.
 */
import { describe, expect, it } from 'vitest';
import { readStored, ROW_COLUMNS, rowUnchanged, rowValues, STORED_UNITS, type RowColumn } from '../../../src/history/columns.js';
import type { ProcessRow } from '../../../src/types/snapshot.js';
import { proc } from '../../ui/helpers/snapshots.js';

/** `p` with the field behind `column` set to `value` (the run-queue percentiles live under `runqueue`). */
function withColumn(p: ProcessRow, column: RowColumn, value: number | string): ProcessRow {
  const percentile = { rqP50Us: 'p50Us', rqP99Us: 'p99Us', rqMaxUs: 'maxUs' } as const;
  if (column in percentile) {
    const runqueue = { p50Us: 1, p99Us: 2, maxUs: 3, ...p.runqueue, [percentile[column as keyof typeof percentile]]: value };
    return { ...p, runqueue };
  }
  return { ...p, [column]: value };
}

describe('stored columns', () => {
  const base = proc(42, 'worker');

  it('puts every field in its ROW_COLUMNS place, in its stored unit', () => {
    for (const [i, column] of ROW_COLUMNS.entries()) {
      const value = column === 'state' ? 'Z' : 1234.5678;
      const p = withColumn(base, column, value);
      const unit = (STORED_UNITS as Partial<Record<RowColumn, number>>)[column];
      const expected = typeof value === 'string' ? value : unit === undefined ? value : Math.round(value * unit);
      const stored = rowValues(p);
      expect(stored[i], column).toBe(expected);
      // Nothing else moved: the column is the only one that differs from the row without it.
      const without = rowValues(withColumn(base, column, column === 'state' ? 'S' : 7));
      expect(
        stored.map((v, j) => (v === without[j] ? null : ROW_COLUMNS[j])).filter((c) => c !== null),
        column,
      ).toEqual([column]);
    }
  });

  it('rowUnchanged: true for the same values, false when any one column moved', () => {
    const scratch: (number | string | null)[] = [];
    const stored = rowValues(base);
    expect(rowUnchanged(stored, { ...base }, scratch)).toBe(true);
    for (const column of ROW_COLUMNS) {
      expect(rowUnchanged(stored, withColumn(base, column, column === 'state' ? 'Z' : 98765), scratch), column).toBe(false);
    }
    expect(readStored(base, scratch)).toEqual(stored);
  });
});
