/**
 * Line edits for rows that moved: the plan puts every row found in both frames where the new
 * frame has it, and the renderer sends them when the frame is the whole screen, for fewer bytes
 * than rewriting the rows a moved row passed. (The property test in
 * test/property/cellRenderer.test.ts checks the screens they leave against a terminal emulator.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellGrid } from '../../../src/ui/terminal/cells/grid.js';
import { applyLineEdit, planLineEdits } from '../../../src/ui/terminal/cells/lineEdits.js';
import logUpdate from '../../../src/ui/terminal/cells/logUpdate.js';

/** Rows as one-cell grids keyed by a number, edited as the terminal would edit them. */
function edited(before: number[], after: number[]): number[] {
  const grid = new CellGrid(1, before.length);
  before.forEach((key, row) => (grid.glyphs[row] = key));
  for (const edit of planLineEdits(before.map(String), after.map(String))) applyLineEdit(grid, edit);
  return [...grid.glyphs];
}

/** The length of a longest run of `after`'s rows that `before` has in the same order (by brute force). */
function longestKeptInOrder(before: number[], after: number[]): number {
  const from = after.map((key) => before.indexOf(key));
  const best = from.map(() => 1);
  for (let i = 0; i < from.length; i++) for (let j = 0; j < i; j++) if (from[j] < from[i]) best[i] = Math.max(best[i], best[j] + 1);
  return Math.max(0, ...best);
}

describe('planLineEdits', () => {
  it('plans nothing when no row moved', () => {
    expect(planLineEdits(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([]);
  });

  it('moves a row up two places with one insert above it and one delete below', () => {
    expect(edited([1, 2, 3, 4, 5], [1, 4, 2, 3, 5])).toEqual([1, 0x20, 2, 3, 5]);
    expect(planLineEdits(['1', '2', '3', '4', '5'], ['1', '4', '2', '3', '5'])).toEqual([
      { row: 3, count: -1 },
      { row: 1, count: 1 },
    ]);
  });

  it('puts every row found in both frames where the new frame has it, when the anchors allow', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.integer({ min: 100, max: 999 }), { minLength: 1, maxLength: 20 })
          .chain((before) => fc.shuffledSubarray(before, { minLength: before.length, maxLength: before.length }).map((after) => ({ before, after }))),
        ({ before, after }) => {
          const result = edited(before, after);
          // Rows in a longest run kept in order land where they belong; the others are painted.
          const landed = after.filter((key, row) => result[row] === key).length;
          expect(landed).toBeGreaterThan(0);
          expect(landed).toBeGreaterThanOrEqual(longestKeptInOrder(before, after));
          for (let row = 0; row < after.length; row++) if (result[row] !== 0x20 && result[row] !== after[row]) expect(after).toContain(result[row]);
        },
      ),
    );
  });
});

describe('the renderer with line edits', () => {
  const rows = Array.from({ length: 12 }, (_, i) => `${String(i * 7919).padStart(6)} ${String.fromCharCode(97 + i).repeat(60)}`);
  const moved = [rows[0], rows[8], ...rows.slice(1, 8), ...rows.slice(9)];

  function bytesOfMove(screenRows: number | undefined): string {
    let out = '';
    const log = logUpdate.create({ columns: 80, rows: screenRows, write: (s: string) => void (out += s) });
    log(rows.join('\n'));
    out = '';
    log(moved.join('\n'));
    return out;
  }

  it('sends a row that climbed seven places as one insert and one delete, in a fifth of the bytes', () => {
    const edits = bytesOfMove(12);
    const rewrite = bytesOfMove(undefined);
    expect(edits).toContain('\u001b[L');
    expect(edits).toContain('\u001b[M');
    expect(rewrite).not.toMatch(/\u001b\[\d*[LM]/);
    expect(edits.length * 5).toBeLessThan(rewrite.length);
  });
});
