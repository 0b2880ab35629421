/**
 * Sorting with hysteresis for the process table. Re-sorting by a jittering value (CPU%, a rate)
 * every refresh moves rows that barely differ, and every moved row is a whole line of new cells
 * on the wire (bench/README.md, issue #15). Here each row is sorted by a held value that follows
 * its live value only when that moved by more than a margin (10 %, and at least an absolute step
 * for CPU% and MEM%), ties keep the previous order, and every few refreshes the held values are
 * dropped so the order is exact again. Text columns sort as they are.
 */
import type { ProcessRow } from '../../types/snapshot.js';
import { processKey } from '../../util/processKey.js';
import type { CellContext, Column, ColumnId } from './columns.js';
import { compareBy } from './tableColumn.js';

/** A held value follows the live one when it moved by more than this share of the larger. */
const RELATIVE_MARGIN = 0.1;

/** Columns whose small values jitter by a step of their own (percentage points). */
const ABSOLUTE_MARGIN: Partial<Record<ColumnId, number>> = { cpu: 0.5, mem: 0.1 };

/** Refreshes between exact re-sorts. */
export const EXACT_EVERY = 5;

type Value = number | string | undefined;

/** The held sort values and the last order of one table (owned by its ProcessViewCache). */
export class StickySort {
  private held = new Map<string, Value>();
  private keys = new Map<ProcessRow, string>();
  private rank = new Map<string, number>();
  private column: ColumnId | undefined;
  private descending = false;
  private refreshes = 0;

  /**
   * Takes a new snapshot's rows: each row's held value follows its live value past the margin;
   * a new sort column or direction, and every EXACT_EVERY-th snapshot, start from the live values.
   */
  refresh(rows: readonly ProcessRow[], column: Column, descending: boolean, ctx: CellContext): void {
    this.refreshes += 1;
    const exact = column.id !== this.column || descending !== this.descending || this.refreshes >= EXACT_EVERY;
    if (exact) {
      this.refreshes = 0;
      this.rank.clear();
    }
    this.column = column.id;
    this.descending = descending;
    const floor = ABSOLUTE_MARGIN[column.id] ?? 0;
    const next = new Map<string, Value>();
    this.keys = new Map();
    for (const row of rows) {
      const live = column.sortValue(row, ctx);
      const key = processKey(row.pid, row.startTime);
      this.keys.set(row, key);
      const held = exact ? undefined : this.held.get(key);
      const keep =
        typeof held === 'number' &&
        typeof live === 'number' &&
        Math.abs(live - held) <= Math.max(floor, RELATIVE_MARGIN * Math.max(Math.abs(live), Math.abs(held)));
      next.set(key, keep ? held : live);
    }
    this.held = next;
  }

  /** A row's key (pid:startTime), made once per refresh. */
  key(row: ProcessRow): string {
    return this.keys.get(row) ?? processKey(row.pid, row.startTime);
  }

  /** Orders rows by their held values; ties keep the last order drawn, then go by pid. */
  comparator(column: Column, descending: boolean, ctx: CellContext): (a: ProcessRow, b: ProcessRow) => number {
    const held: Column = { ...column, sortValue: (row) => this.held.get(this.key(row)) ?? column.sortValue(row, ctx) };
    const last = this.rank.size;
    const rank = (row: ProcessRow) => this.rank.get(this.key(row)) ?? last;
    return compareBy(held, descending, ctx, (a, b) => rank(a) - rank(b) || a.pid - b.pid);
  }

  /** Records the order drawn, for the ties of the next one. */
  remember(keys: readonly string[]): void {
    this.rank.clear();
    for (let i = 0; i < keys.length; i++) this.rank.set(keys[i], i);
  }
}
