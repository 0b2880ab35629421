/**
 * A frame as the terminal holds it: one cell per column and row in typed arrays (the glyph, its
 * display width, its style id), so two frames compare cell by cell without an object per cell.
 * A glyph is its code point, or, for a grapheme of several code points (an emoji sequence, a
 * letter with combining marks), the negated id of its text in the renderer's GlyphTable.
 */

/** The glyph of a blank cell. */
export const SPACE = 0x20;

/** Graphemes of several code points, interned per renderer. */
export class GlyphTable {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  get size(): number {
    return this.texts.length;
  }

  /** The glyph (negative) for a grapheme of several code points. */
  intern(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return -(id + 1);
  }

  /** The text a glyph draws. */
  text(glyph: number): string {
    return glyph >= 0 ? String.fromCodePoint(glyph) : this.texts[-glyph - 1];
  }
}

export class CellGrid {
  readonly glyphs: Int32Array;
  /** 1 or 2 for a cell that starts a glyph, 0 for the second column of a wide one. */
  readonly widths: Uint8Array;
  readonly styles: Uint32Array;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    const cells = columns * rows;
    this.glyphs = new Int32Array(cells).fill(SPACE);
    this.widths = new Uint8Array(cells).fill(1);
    this.styles = new Uint32Array(cells);
  }

  /** Blanks row `row` from column `from` on. */
  clearRow(row: number, from: number): void {
    const start = row * this.columns + from;
    const end = (row + 1) * this.columns;
    this.glyphs.fill(SPACE, start, end);
    this.widths.fill(1, start, end);
    this.styles.fill(0, start, end);
  }

  /** Copies row `row` from another grid of the same width. */
  copyRow(from: CellGrid, row: number): void {
    const start = row * this.columns;
    const end = start + this.columns;
    this.glyphs.set(from.glyphs.subarray(start, end), start);
    this.widths.set(from.widths.subarray(start, end), start);
    this.styles.set(from.styles.subarray(start, end), start);
  }

  /** Copies every cell from another grid of the same size. */
  copyFrom(from: CellGrid): void {
    this.glyphs.set(from.glyphs);
    this.widths.set(from.widths);
    this.styles.set(from.styles);
  }

  /** The column after the last cell of `row` that is not a default blank. */
  contentEnd(row: number): number {
    const base = row * this.columns;
    let end = this.columns;
    while (end > 0 && this.glyphs[base + end - 1] === SPACE && this.styles[base + end - 1] === 0) end -= 1;
    return end;
  }

  /** Whether row `row` is the same in both grids (of the same width). */
  sameRow(other: CellGrid, row: number): boolean {
    const start = row * this.columns;
    const end = start + this.columns;
    for (let i = start; i < end; i++) if (!this.sameCell(other, i)) return false;
    return true;
  }

  /** Whether the cell at index i is the same in both grids. */
  sameCell(other: CellGrid, i: number): boolean {
    return this.glyphs[i] === other.glyphs[i] && this.widths[i] === other.widths[i] && this.styles[i] === other.styles[i];
  }
}
