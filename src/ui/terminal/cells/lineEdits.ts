/**
 * Rows that moved between two frames, put in place by the terminal's own line editing: delete
 * line (DL) and insert line (IL) shift every row below the cursor's, so a process-table row that
 * climbs a few places costs a few bytes of DL and IL and one line of its own, instead of rewriting
 * every row it passed (a whole line each: the most bytes a quiet refresh sends, bench/README.md).
 * This is curses' scrolling optimisation, in the shape of a diff: rows are matched by a key (the
 * caller's: logUpdate.ts takes a row's first cells) where the key is unique in both frames; the
 * matches that keep their order (a longest increasing run) are the anchors; and each gap between
 * two anchors is made as tall as it is in the new frame by lines inserted or deleted at its top.
 * What the edits leave different, the cell diff paints as before.
 */
import type { CellGrid } from './grid.js';

/** Lines inserted (count > 0) or deleted (count < 0) at `row`, in the order they are applied. */
export interface LineEdit {
  row: number;
  count: number;
}

/** Keys that occur once in `keys`, with their index. */
function uniqueIndex<K>(keys: readonly K[]): Map<K, number> {
  const index = new Map<K, number>();
  const repeated = new Set<K>();
  for (let i = 0; i < keys.length; i++) {
    if (index.has(keys[i])) repeated.add(keys[i]);
    else index.set(keys[i], i);
  }
  for (const key of repeated) index.delete(key);
  return index;
}

/** The positions in `values` of a longest strictly increasing subsequence. */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const run: number[] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) run.push(i);
  return run.reverse();
}

/**
 * The edits that bring the rows of `before` (keys by row) to the places they hold in `after`,
 * where they are found there: none when nothing moved. Both frames have the same number of rows.
 */
export function planLineEdits<K>(before: readonly K[], after: readonly K[]): LineEdit[] {
  const oldRows = uniqueIndex(before);
  const newRows = uniqueIndex(after);
  const pairs: { from: number; to: number }[] = [];
  for (const [key, to] of newRows) {
    const from = oldRows.get(key);
    if (from !== undefined) pairs.push({ from, to });
  }
  pairs.sort((a, b) => a.to - b.to);
  const anchors = longestIncreasing(pairs.map((p) => p.from)).map((i) => pairs[i]);
  // Each gap above an anchor (from the anchor before it, or the top) grows or shrinks by `count`
  // rows. Deletions first, from the bottom up, where each gap still starts where the old frame
  // had it; then insertions, from the top down, where the gaps above are already their new size.
  // So no insertion pushes off the screen a row that a deletion below would have pulled back.
  const gaps = anchors.map(({ from, to }, k) => {
    const oldTop = k === 0 ? 0 : anchors[k - 1].from + 1;
    const newTop = k === 0 ? 0 : anchors[k - 1].to + 1;
    return { oldTop, newTop, count: to - newTop - (from - oldTop) };
  });
  const edits: LineEdit[] = [];
  for (let k = gaps.length - 1; k >= 0; k--) if (gaps[k].count < 0) edits.push({ row: gaps[k].oldTop, count: gaps[k].count });
  for (const gap of gaps) if (gap.count > 0) edits.push({ row: gap.newTop, count: gap.count });
  return edits;
}

/** What the terminal does to its rows on `edit`, done to `grid` (whose rows are the whole screen's). */
export function applyLineEdit(grid: CellGrid, edit: LineEdit): void {
  const { columns, rows } = grid;
  const n = Math.min(Math.abs(edit.count), rows - edit.row);
  const arrays = [grid.glyphs, grid.widths, grid.styles];
  if (edit.count > 0) {
    // IL: the rows from `row` move down n; the last n leave the screen; n blank rows at `row`.
    for (const a of arrays) a.copyWithin((edit.row + n) * columns, edit.row * columns, (rows - n) * columns);
    for (let r = edit.row; r < edit.row + n; r++) grid.clearRow(r, 0);
  } else {
    // DL: the rows below the n deleted ones move up n; n blank rows at the bottom.
    for (const a of arrays) a.copyWithin(edit.row * columns, (edit.row + n) * columns, rows * columns);
    for (let r = rows - n; r < rows; r++) grid.clearRow(r, 0);
  }
}

/** The control sequence of `edit`, for a cursor already on its row. */
export function lineEditSequence(edit: LineEdit): string {
  const n = Math.abs(edit.count);
  return `\u001b[${n === 1 ? '' : n}${edit.count > 0 ? 'L' : 'M'}`;
}
