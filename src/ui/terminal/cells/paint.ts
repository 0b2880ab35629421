/**
 * Writes the cells of one grid that differ from another: the bytes that take a terminal showing
 * `front` to showing `back`. The cursor goes to each changed cell by the shortest of the relative
 * moves (CUF/CUB/CUU/CUD, CR, CR LF, CHA), skipped cells are written over instead when that is
 * shorter, and the pen (SGR) is carried from cell to cell, changed only by what differs.
 * Positions are relative to the frame's first cell, so a frame below a shell prompt works too; a
 * frame that starts at the screen's top-left may leave the cursor's row unknown, and is then
 * reached by an absolute move (CUP).
 */
import { CellGrid, GlyphTable, SPACE } from './grid.js';
import { settledWidth } from './parse.js';
import { DEFAULT_STYLE, StyleTable, UNKNOWN_STYLE } from './styles.js';

/**
 * Where the terminal's cursor is. col is undefined when unknown (after a glyph of unsettled width,
 * or the last column's pending wrap); row is undefined when unknown too, which only a frame that
 * starts at the screen's top-left may say: the next move is then absolute.
 */
export interface CursorState {
  row: number | undefined;
  col: number | undefined;
  /** The pen: a style id, or UNKNOWN_STYLE. */
  pen: number;
}

/** The longest run of unchanged cells written over rather than skipped. */
const MAX_REWRITE = 8;

function csi(n: number, final: string): string {
  return n === 1 ? `\u001b[${final}` : `\u001b[${n}${final}`;
}

/**
 * The shortest sequence from (row, col) to (toRow, toCol); `scroll` allows only CR LF downwards
 * (the frame's first draw, where rows may have to scroll into view). From an unknown row, the
 * absolute move, (toRow, toCol) being the screen's own.
 */
export function cursorMove(row: number | undefined, col: number | undefined, toRow: number, toCol: number, scroll: boolean): string {
  if (row === undefined) return toCol === 0 ? (toRow === 0 ? '\u001b[H' : `\u001b[${toRow + 1}H`) : `\u001b[${toRow + 1};${toCol + 1}H`;
  const toColumn = (from: number | undefined): string => {
    if (from === toCol) return '';
    const absolute = toCol === 0 ? '\r' : `\r${csi(toCol, 'C')}`;
    const cha = csi(toCol + 1, 'G');
    let best = absolute.length <= cha.length ? absolute : cha;
    if (from !== undefined) {
      const relative = toCol > from ? csi(toCol - from, 'C') : csi(from - toCol, 'D');
      if (relative.length < best.length) best = relative;
    }
    return best;
  };
  if (row === toRow) return toColumn(col);
  if (toRow < row) return csi(row - toRow, 'A') + toColumn(col);
  const down = toRow - row;
  const lineFeeds = '\r\n'.repeat(down) + toColumn(0);
  if (scroll) return lineFeeds;
  const vertical = csi(down, 'B') + toColumn(col);
  return lineFeeds.length < vertical.length ? lineFeeds : vertical;
}

/** Paints differences between grids of the same size into a string. */
export class Painter {
  private out = '';

  constructor(
    private readonly styles: StyleTable,
    private readonly glyphs: GlyphTable,
  ) {}

  /**
   * Appends what turns `front` into `back` on the terminal, moving `cursor` along. With `scroll`
   * (a first draw onto an erased area), rows are reached by CR LF so that the frame scrolls into view.
   * `only`, when given, marks the rows that may differ (the others are known to be the same).
   */
  paint(front: CellGrid, back: CellGrid, cursor: CursorState, scroll: boolean, only?: Uint8Array): void {
    const { columns, rows } = back;
    for (let row = 0; row < rows; row++) {
      if (only !== undefined && only[row] === 0) continue;
      const base = row * columns;
      let x = 0;
      while (x < columns) {
        if (!this.changed(front, back, base, x)) {
          x += 1;
          continue;
        }
        // A changed second half of a wide glyph is drawn by its first half.
        if (back.widths[base + x] === 0 && x > 0) x -= 1;
        this.goTo(front, back, cursor, row, x, scroll);
        x = this.writeCell(back, base, x, cursor);
      }
    }
  }

  /** Moves to (row, col), writing over the cells between when that is shorter. */
  private goTo(front: CellGrid, back: CellGrid, cursor: CursorState, row: number, col: number, scroll: boolean): void {
    if (cursor.row === row && cursor.col !== undefined && col > cursor.col && col - cursor.col <= MAX_REWRITE) {
      const move = csi(col - cursor.col, 'C');
      const rewrite = this.rewriteCost(front, back, row * back.columns, cursor.col, col, cursor.pen, move.length);
      if (rewrite !== undefined) {
        let x = cursor.col;
        while (x < col) x = this.writeCell(back, row * back.columns, x, cursor);
        return;
      }
    }
    if (cursor.row !== row || cursor.col !== col) this.out += cursorMove(cursor.row, cursor.col, row, col, scroll);
    cursor.row = row;
    cursor.col = col;
  }

  /** What writing cells [from, to) costs, when it is below `limit` bytes and ends exactly at `to`. */
  private rewriteCost(front: CellGrid, back: CellGrid, base: number, from: number, to: number, pen: number, limit: number): number | undefined {
    let cost = 0;
    let x = from;
    while (x < to) {
      const i = base + x;
      const glyph = back.glyphs[i];
      const width = back.widths[i];
      if (width === 0 || !settledWidth(glyph) || !front.sameCell(back, i)) return undefined;
      cost += this.styles.transition(pen, back.styles[i]).length + (glyph < 0x80 ? 1 : glyph < 0x800 ? 2 : glyph < 0x10000 ? 3 : 4);
      pen = back.styles[i]!;
      if (cost >= limit) return undefined;
      x += width;
    }
    return x === to ? cost : undefined;
  }

  private changed(front: CellGrid, back: CellGrid, base: number, x: number): boolean {
    return !front.sameCell(back, base + x);
  }

  /** Writes the glyph at column x of the row at `base`; returns the column after it. */
  private writeCell(back: CellGrid, base: number, x: number, cursor: CursorState): number {
    const i = base + x;
    const style = back.styles[i];
    if (cursor.pen !== style) {
      this.out += this.styles.transition(cursor.pen, style);
      cursor.pen = style;
    }
    const glyph = back.glyphs[i];
    this.out += glyph === SPACE ? ' ' : this.glyphs.text(glyph);
    const next = x + Math.max(1, back.widths[i]);
    cursor.col = next >= back.columns || !settledWidth(glyph) ? undefined : next;
    return next;
  }

  /** Appends raw bytes (an erase, a cursor escape) to what is painted. */
  append(bytes: string): void {
    this.out += bytes;
  }

  /** Leaves the pen at the default style, so whatever writes next is not coloured by the frame. */
  resetPen(cursor: CursorState): void {
    if (cursor.pen !== DEFAULT_STYLE) {
      this.out += cursor.pen === UNKNOWN_STYLE ? '\u001b[m' : this.styles.transition(cursor.pen, DEFAULT_STYLE);
      cursor.pen = DEFAULT_STYLE;
    }
  }

  /** The bytes painted since the last take. */
  take(): string {
    const out = this.out;
    this.out = '';
    return out;
  }
}
