/**
 * Sorting with hysteresis for the process table. Re-sorting by a jittering value (CPU%, a rate)
 * every refresh moves rows that barely differ, and every moved row is a whole line of new cells
 * on the wire (bench/README.md, issue #15). Here each row is sorted by a held value that follows
 * its live value only when that moved by more than a margin (10 %, and at least an absolute step
 * for CPU% and MEM%), ties keep the previous order, and every few refreshes the held values are
 * dropped so the order is exact again. Text columns sort as they are.
 */
import type { ProcessRow } from '../../types/snapshot.js';
import type { CellContext, Column, ColumnId } from './columns.js';
import { compareBy, compareSortValues } from './tableColumn.js';

/** A held value follows the live one when it moved by more than this share of the larger. */
const RELATIVE_MARGIN = 0.1;

/** Columns whose small values jitter by a step of their own (percentage points). */
const ABSOLUTE_MARGIN: Partial<Record<ColumnId, number>> = { cpu: 0.5, mem: 0.1 };

/** Refreshes between exact re-sorts. */
export const EXACT_EVERY = 5;

type Value = number | string | undefined;

/** A process's held sort value and its place in the last order drawn. */
interface Held {
  startTime: number;
  value: Value;
  rank: number;
  /** The last refresh that listed the process: one not listed by the latest is dropped. */
  seen: number;
}

/**
 * The held sort values and the last order of one table (owned by its ProcessViewCache). Keyed by
 * pid, checked by start time (docs/architecture.md: no key string per process per tick).
 */
export class StickySort {
  private readonly held = new Map<number, Held>();
  private column: ColumnId | undefined;
  private descending = false;
  private refreshes = 0;
  /** Refreshes taken, for Held.seen. */
  private taken = 0;

  /**
   * Takes a new snapshot's rows: each row's held value follows its live value past the margin;
   * a new sort column or direction, and every EXACT_EVERY-th snapshot, start from the live values.
   */
  refresh(rows: readonly ProcessRow[], column: Column, descending: boolean, ctx: CellContext): void {
    this.refreshes += 1;
    const exact = column.id !== this.column || descending !== this.descending || this.refreshes >= EXACT_EVERY;
    if (exact) this.refreshes = 0;
    this.column = column.id;
    this.descending = descending;
    const floor = ABSOLUTE_MARGIN[column.id] ?? 0;
    const taken = ++this.taken;
    // Each process's entry is updated where it stands: thousands of them a refresh, and a new
    // entry and map each time would be as many objects for the collector to trace.
    for (const row of rows) {
      const live = column.sortValue(row, ctx);
      const before = this.held.get(row.pid);
      const same = before !== undefined && before.startTime === row.startTime ? before : undefined;
      const held = exact ? undefined : same?.value;
      const keep =
        typeof held === 'number' &&
        typeof live === 'number' &&
        Math.abs(live - held) <= Math.max(floor, RELATIVE_MARGIN * Math.max(Math.abs(live), Math.abs(held)));
      const value = keep ? held : live;
      if (same === undefined) {
        this.held.set(row.pid, { startTime: row.startTime, value, rank: Infinity, seen: taken });
        continue;
      }
      same.value = value;
      if (exact) same.rank = Infinity;
      same.seen = taken;
    }
    // Every listed pid has its entry now, so more entries than rows means some are gone.
    if (this.held.size > rows.length) for (const [pid, held] of this.held) if (held.seen !== taken) this.held.delete(pid);
  }

  /** Orders rows by their held values; ties keep the last order drawn, then go by pid. */
  comparator(column: Column, descending: boolean, ctx: CellContext): (a: ProcessRow, b: ProcessRow) => number {
    const entry = (row: ProcessRow): Held | undefined => {
      const held = this.held.get(row.pid);
      return held !== undefined && held.startTime === row.startTime ? held : undefined;
    };
    const sticky: Column = { ...column, sortValue: (row) => (entry(row) ?? { value: column.sortValue(row, ctx) }).value };
    const rank = (row: ProcessRow) => entry(row)?.rank ?? Infinity;
    return compareBy(sticky, descending, ctx, (a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      return ra === rb ? a.pid - b.pid : ra < rb ? -1 : 1;
    });
  }

  /**
   * `rows` in the order comparator() gives, faster: each row's held value and rank are looked up
   * once, not at every comparison (thousands of rows, most of them tied at 0 % CPU).
   */
  order(rows: readonly ProcessRow[], column: Column, descending: boolean, ctx: CellContext): ProcessRow[] {
    const values: Value[] = new Array<Value>(rows.length);
    const ranks = new Float64Array(rows.length);
    const index = new Array<number>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const held = this.held.get(row.pid);
      const same = held !== undefined && held.startTime === row.startTime;
      values[i] = same ? held.value : column.sortValue(row, ctx);
      ranks[i] = same ? held.rank : Infinity;
      index[i] = i;
    }
    const sign = descending ? -1 : 1;
    index.sort((i, j) => {
      const a = values[i];
      const b = values[j];
      if (a !== b) {
        if (a === undefined) return 1;
        if (b === undefined) return -1;
        const c = compareSortValues(a, b);
        if (c !== 0) return sign * c;
      }
      const ra = ranks[i];
      const rb = ranks[j];
      return ra === rb ? rows[i].pid - rows[j].pid : ra < rb ? -1 : 1;
    });
    return index.map((i) => rows[i]);
  }

  /** Records the order drawn, for the ties of the next one. */
  remember(rows: readonly ProcessRow[]): void {
    for (let i = 0; i < rows.length; i++) {
      const held = this.held.get(rows[i].pid);
      if (held !== undefined && held.startTime === rows[i].startTime) held.rank = i;
    }
  }
}
