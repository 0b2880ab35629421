/**
 * Turns a line of Ink's frame text (characters and SGR sequences) into a row of cells, as a
 * terminal would: SGR changes the pen, other escape sequences are dropped (Ink's frame carries
 * none that place text), each grapheme takes the columns string-width gives it (the width Ink
 * laid the line out by). Text the screen draws is nearly all one-column characters (ASCII, box
 * drawing, blocks, braille: util/oneColumn.ts), which go through without Intl.Segmenter; the rest
 * is segmented.
 */
import stringWidth from 'string-width';
import { isOneColumn } from '../../../util/oneColumn.js';
import { LazySegmenter } from '../../../util/lazySegmenter.js';
import { CellGrid, GlyphTable } from './grid.js';
import { applySgr, type StyleState, StyleTable } from './styles.js';

/** Whether a glyph's width is one every terminal agrees on (so the cursor after it is known). */
export function settledWidth(glyph: number): boolean {
  return glyph >= 0 && glyph < 0x2600 ? true : glyph >= 0x2e80 && glyph < 0x1f000;
}

const ESC = 0x1b;

/** Parses frame lines into cell rows; holds the tables the cells refer to. */
export class FrameParser {
  readonly styles = new StyleTable();
  readonly glyphs = new GlyphTable();
  // Made on first need: the one-column characters (util/oneColumn.ts) skip it, and a screen of
  // only those never loads ICU (bench/README.md, "No ICU before the first frame").
  private readonly segmenter = new LazySegmenter(undefined, { granularity: 'grapheme' });
  private readonly params: number[] = [];

  /**
   * Fills row `row` of `grid` from `line`, starting with the pen in `state` (left as the line
   * leaves it, since a terminal carries the pen across lines). Cells past the line are blank.
   * Returns the column after the line's last cell.
   */
  parseLine(line: string, grid: CellGrid, row: number, state: StyleState): number {
    const { glyphs, widths, styles, columns } = grid;
    const base = row * columns;
    let style = this.styles.intern(state);
    let x = 0;
    let i = 0;
    const length = line.length;
    while (i < length && x < columns) {
      const code = line.charCodeAt(i);
      if (code === ESC) {
        i = this.escape(line, i, state);
        style = this.styles.intern(state);
        continue;
      }
      if (code < 0x20 || code === 0x7f) {
        i += 1;
        continue;
      }
      const next = i + 1 < length ? line.charCodeAt(i + 1) : ESC;
      if (isOneColumn(code) && (next < 0x300 || isOneColumn(next) || next === ESC)) {
        glyphs[base + x] = code;
        widths[base + x] = 1;
        styles[base + x] = style;
        x += 1;
        i += 1;
        continue;
      }
      let end = line.indexOf('\u001b', i);
      if (end === -1) end = length;
      for (const { segment } of this.segmenter.segment(line.slice(i, end))) {
        const width = stringWidth(segment);
        if (width === 0) continue;
        if (x + width > columns) {
          // A glyph that does not fit leaves the rest of the row blank, not what a reused grid held there.
          grid.clearRow(row, x);
          x = columns;
          break;
        }
        const first = segment.codePointAt(0)!;
        glyphs[base + x] = segment.length === (first > 0xffff ? 2 : 1) ? first : this.glyphs.intern(segment);
        widths[base + x] = width;
        styles[base + x] = style;
        for (let k = 1; k < width; k++) {
          glyphs[base + x + k] = 0;
          widths[base + x + k] = 0;
          styles[base + x + k] = style;
        }
        x += width;
      }
      i = end;
    }
    if (x < columns) grid.clearRow(row, x);
    // The pen after the last cell still matters to the next line: read the escapes left over.
    while (i < length) {
      if (line.charCodeAt(i) === ESC) i = this.escape(line, i, state);
      else i += 1;
    }
    return x;
  }

  /** Skips the escape sequence at `start`, applying it to `state` if it is SGR; returns the index after it. */
  private escape(line: string, start: number, state: StyleState): number {
    const kind = line.charCodeAt(start + 1);
    if (kind === 0x5b) {
      let i = start + 2;
      while (i < line.length) {
        const c = line.charCodeAt(i);
        if (c >= 0x40 && c <= 0x7e) break;
        i += 1;
      }
      if (line.charCodeAt(i) === 0x6d) {
        const params = this.params;
        params.length = 0;
        if (i > start + 2) for (const p of line.slice(start + 2, i).split(/[;:]/)) params.push(p === '' ? 0 : Number(p));
        applySgr(state, params);
      }
      return i + 1;
    }
    if (kind === 0x5d) {
      const bel = line.indexOf('\u0007', start);
      const st = line.indexOf('\u001b\\', start + 2);
      if (bel === -1 && st === -1) return line.length;
      if (st === -1 || (bel !== -1 && bel < st)) return bel + 1;
      return st + 2;
    }
    return start + 2;
  }
}
