/**
 * The process table's sort with hysteresis (src/ui/table/stickySort.ts) through the view cache
 * App owns: rows whose CPU% jitters keep their places, a row that passes another by more than the
 * margin moves at once, and every EXACT_EVERY-th snapshot the order is exact again.
 */
import { describe, expect, it } from 'vitest';
import { ProcessViewCache, type ViewOptions } from '../../src/ui/table/processView.js';
import { columnById } from '../../src/ui/table/columns.js';
import { EXACT_EVERY, StickySort } from '../../src/ui/table/stickySort.js';
import { proc } from './helpers/snapshots.js';

const opts: ViewOptions = { sort: 'cpu', descending: true, filter: '', hideKernel: false, tree: false, ascii: false };
const snapshot = (cpu: Record<number, number>) => Object.entries(cpu).map(([pid, cpuPercent]) => proc(Number(pid), `p${pid}`, { cpuPercent, startTime: 1 }));

describe('sort with hysteresis', () => {
  it('keeps jittering rows in place, moves a row that passes by the margin, and re-sorts exactly every few refreshes', () => {
    const cache = new ProcessViewCache();
    const order = (cpu: Record<number, number>, o: Partial<ViewOptions> = {}) => cache.of(snapshot(cpu), { ...opts, ...o }, {}).map((v) => v.row.pid);
    expect(order({ 1: 50, 2: 49, 3: 10 })).toEqual([1, 2, 3]);
    // 2 passes 1 by 2 points, within 10 % of either: no move.
    expect(order({ 1: 48, 2: 50, 3: 10 })).toEqual([1, 2, 3]);
    // 3 jumps far past both: it moves at once.
    expect(order({ 1: 48, 2: 50, 3: 90 })).toEqual([3, 1, 2]);
    // Small values jitter by less than the absolute step: no move.
    expect(order({ 1: 48, 2: 50, 3: 90, 4: 0.2, 5: 0.1 })).toEqual([3, 1, 2, 4, 5]);
    expect(order({ 1: 48, 2: 50, 3: 90, 4: 0.1, 5: 0.4 })).toEqual([3, 1, 2, 4, 5]);
    for (let i = 0; i < EXACT_EVERY; i++) order({ 1: 48, 2: 50, 3: 90, 4: 0.1, 5: 0.4 });
    expect(order({ 1: 48, 2: 50, 3: 90, 4: 0.1, 5: 0.4 })).toEqual([3, 2, 1, 5, 4]);
  });

  it('forgets a process that left: one listed again starts from its live value', () => {
    const cache = new ProcessViewCache();
    const order = (cpu: Record<number, number>) => cache.of(snapshot(cpu), opts, {}).map((v) => v.row.pid);
    expect(order({ 1: 50, 2: 49 })).toEqual([1, 2]);
    expect(order({ 1: 50 })).toEqual([1]);
    // Had 2 kept its held 49, 54 would be within the margin of it and 2 would stay below 1.
    expect(order({ 1: 50, 2: 54 })).toEqual([2, 1]);
  });

  it('sorts exactly at once when the sort column or direction changes', () => {
    const cache = new ProcessViewCache();
    const order = (cpu: Record<number, number>, o: Partial<ViewOptions> = {}) => cache.of(snapshot(cpu), { ...opts, ...o }, {}).map((v) => v.row.pid);
    order({ 1: 50, 2: 49 });
    expect(order({ 1: 48, 2: 50 })).toEqual([1, 2]);
    expect(order({ 1: 48, 2: 50 }, { descending: false })).toEqual([1, 2]);
    expect(order({ 1: 48, 2: 50 }, { descending: true })).toEqual([2, 1]);
  });

  it('orders a flat list as its comparator (which the tree uses) does, n/a last both ways', () => {
    for (const descending of [true, false]) {
      for (const id of ['cpu', 'user', 'command'] as const) {
        const sticky = new StickySort();
        const rows = Array.from({ length: 200 }, (_, i) =>
          proc(i + 1, `p${i % 7}`, { cpuPercent: i % 5 === 0 ? undefined : (i * 37) % 11, user: i % 3 === 0 ? undefined : `u${i % 4}` }),
        );
        const column = columnById(id);
        sticky.refresh(rows, column, descending, {});
        sticky.remember([...rows].reverse());
        sticky.refresh(rows, column, descending, {});
        expect(sticky.order(rows, column, descending, {}).map((r) => r.pid)).toEqual(
          [...rows].sort(sticky.comparator(column, descending, {})).map((r) => r.pid),
        );
      }
    }
  });
});
