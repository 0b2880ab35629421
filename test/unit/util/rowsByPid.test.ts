/** src/util/rowsByPid.ts: the rows asked for, as a map of every row would give them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowsByPid } from '../../../src/util/rowsByPid.js';

describe('rowsByPid', () => {
  it('finds the rows of the pids asked for, and only those', () => {
    const rows = [{ pid: 1 }, { pid: 7 }, { pid: 42 }];
    const found = rowsByPid(rows, [42, 1, 99]);
    expect([...found.keys()].sort((a, b) => a - b)).toEqual([1, 42]);
    expect(found.get(42)).toBe(rows[2]);
    expect(rowsByPid(rows, []).size).toBe(0);
  });

  it('answers every lookup as a map of every row does', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ pid: fc.integer({ min: 0, max: 30 }), n: fc.nat() })), fc.array(fc.integer({ min: 0, max: 40 })), (rows, pids) => {
        const all = new Map(rows.map((r) => [r.pid, r]));
        const found = rowsByPid(rows, pids);
        for (const pid of pids) expect(found.get(pid)).toBe(all.get(pid));
        for (const pid of found.keys()) expect(pids).toContain(pid);
      }),
    );
  });
});
