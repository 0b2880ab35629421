/**
 * The cell renderer's line parser (src/ui/terminal/cells/parse.ts) on its edges: the end column
 * it returns, and a wide glyph that does not fit the last column, in a grid reused from an
 * earlier frame (the log-update and FrameOutput both reuse theirs); and a screen of one-column
 * text (src/util/oneColumn.ts) parsed without a segmenter, so without ICU.
 */
import { describe, expect, it } from 'vitest';
import { CellGrid, SPACE } from '../../../src/ui/terminal/cells/grid.js';
import { FrameParser } from '../../../src/ui/terminal/cells/parse.js';
import { countSegmenters } from '../../helpers/segmenters.js';

const pen = () => ({ fg: 0, bg: 0, attrs: 0 });

describe('FrameParser.parseLine', () => {
  it('returns the column after the last cell, wide glyphs counted twice', () => {
    const parser = new FrameParser();
    const grid = new CellGrid(10, 1);
    expect(parser.parseLine('ab中', grid, 0, pen())).toBe(4);
    expect(parser.parseLine('\u001b[31m\u001b[39m', grid, 0, pen())).toBe(0);
  });

  it('leaves the last column blank when a wide glyph does not fit, whatever the grid held there', () => {
    const parser = new FrameParser();
    const grid = new CellGrid(4, 1);
    parser.parseLine('abcX', grid, 0, pen());
    expect(grid.glyphs[3]).toBe('X'.codePointAt(0));
    expect(parser.parseLine('abc中', grid, 0, pen())).toBe(4);
    expect(Array.from(grid.glyphs)).toEqual([...'abc'].map((c) => c.codePointAt(0)).concat(SPACE));
    expect(grid.styles[3]).toBe(0);
  });

  describe('segmenter', () => {
    it('makes none for the one-column text the screen draws, and one for the first text outside it', () => {
      const count = countSegmenters();
      const parser = new FrameParser();
      const grid = new CellGrid(80, 1);
      const line = '\u001b[34mvirtual\u001b[39m×3 ≥75% │▕█▋ ▏⣿⡇ 40°C 12µs · ↑ — …';
      expect(parser.parseLine(line, grid, 0, pen())).toBe(41);
      expect(count.made).toBe(0);
      expect(parser.parseLine('日本 e\u0301', grid, 0, pen())).toBe(6);
      parser.parseLine('語', grid, 0, pen());
      expect(count.made).toBe(1);
    });
  });
});
