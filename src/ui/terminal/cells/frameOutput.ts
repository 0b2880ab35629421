/**
 * Ink's Output (ink/build/output.js, the stage that turns the laid-out tree's writes into the
 * frame's text) drawn into a cell grid. Ink's own kept a width x height grid of objects, one per
 * character, tokenized every new line into such objects, turned every clipped line and every row
 * back into a string, every frame: most of what a frame allocated (bench/README.md, "The frame
 * drawn into cells"). Here each line of text is parsed into cells once, by the cell renderer's
 * parser, and kept while it is still drawn (FrameMemory, one per root, across frames); writes land
 * in typed arrays; a row no write changed since the last frame is that frame's, copied, not drawn
 * (changedRows.ts); and only the rows that differ from the last frame are turned back into text.
 *
 * Ink's rules are kept: a text's styles carry across its newlines; a clip cuts in columns, before
 * the transformers run, and a wide character cut by it becomes a space in its style; a write over
 * half of a wide character blanks the other half; a row ends without its trailing unstyled
 * blanks. test/unit/bundle/ink-renderer.test.tsx checks frames against Ink's own, cell by cell.
 * What differs: a row's styles are spelled shortest (text a transform wraps is spelled as chalk
 * expects: StyleTable.stepwise); a grapheme of no width takes no cell (Ink gives it one, which
 * shifts the rest of its line off where Yoga laid it out); text past the frame's width is
 * dropped (Ink keeps it in the row, past the edge the root's width is set to); and only spaces
 * are trimmed from a row's end (Ink trims any whitespace; both show blank cells).
 */
import { changedRows, intersect, isEmpty, type FrameWrite, type OutputClip, type OutputTransformer } from './changedRows.js';
import { CellGrid, SPACE } from './grid.js';
import { FrameParser } from './parse.js';
import { DEFAULT_STYLE, type StyleState } from './styles.js';

/**
 * A line of text as cells, from the default pen: for each glyph that starts a cell, the glyph and
 * (style id << 2 | its width) side by side. `columns` is the line's display width.
 */
interface LineCells {
  cells: Int32Array;
  columns: number;
}

/**
 * Texts and lines held, and cells held in them, past which a memory starts over (a churn of
 * processes draws rows that never repeat); and the interned styles or graphemes past which it
 * does, as the cell renderer's log-update does.
 */
const ENTRY_LIMIT = 20_000;
const CELL_LIMIT = 400_000;
const TABLE_LIMIT = 4096;

/** Character codes gathered before they become text: well under the engine's limit on a call's arguments. */
const FLUSH_AT = 4096;

/** Between two styles of a parser's table, spelled one way or another (styles.ts). */
type Spelling = (from: number, to: number) => string;

/** Builds a line of text from cells: each style change spelled from the pen, the pen closed at the end. */
class LineText {
  private text = '';
  private pen = DEFAULT_STYLE;
  private readonly codes: number[] = [];

  constructor(
    private readonly parser: FrameParser,
    private readonly spell: Spelling,
  ) {}

  add(glyph: number, style: number): void {
    if (style !== this.pen) {
      this.flush();
      this.text += this.spell(this.pen, style);
      this.pen = style;
    }
    if (glyph >= 0 && glyph <= 0xffff) {
      this.codes.push(glyph);
      if (this.codes.length >= FLUSH_AT) this.flush();
    } else {
      this.flush();
      this.text += this.parser.glyphs.text(glyph);
    }
  }

  take(): string {
    this.flush();
    if (this.pen !== DEFAULT_STYLE) this.text += this.spell(this.pen, DEFAULT_STYLE);
    const text = this.text;
    this.text = '';
    this.pen = DEFAULT_STYLE;
    return text;
  }

  private flush(): void {
    if (this.codes.length === 0) return;
    this.text += String.fromCharCode(...this.codes);
    this.codes.length = 0;
  }
}

/**
 * The frame's rows, spelled shortest (the cell renderer reads them, nothing wraps them); and
 * text that a Text's transform will wrap (a clipped line, a line of a text cut at a newline),
 * spelled stepwise, as chalk expects (StyleTable.stepwise).
 */
function writers(parser: FrameParser): { rows: LineText; wrapped: LineText } {
  return {
    rows: new LineText(parser, (from, to) => parser.styles.transition(from, to)),
    wrapped: new LineText(parser, (from, to) => parser.styles.stepwise(from, to)),
  };
}

/**
 * A frame as drawn: its grid, its rows' text (the frame's text is them joined by newlines) and the
 * tables its cells' style and glyph ids refer to. The cell renderer's log-update takes it in place
 * of parsing the frame's text again (frameLink.ts): parsing that text gives these cells.
 */
export interface DrawnFrame {
  readonly grid: CellGrid;
  readonly rows: readonly string[];
  readonly parser: FrameParser;
  /** Whether the text the log-update got is the frame's with a newline after it (Ink adds one below a frame shorter than the terminal). */
  readonly trailingNewline: boolean;
}

/** What one root keeps from frame to frame: the lines it has parsed, and the frame it drew last. */
export class FrameMemory {
  private parser = new FrameParser();
  private writers = writers(this.parser);
  private readonly cells = new Map<string, LineCells>();
  private readonly lines = new Map<string, readonly string[]>();
  private cellsHeld = 0;
  private scratch = new CellGrid(256, 1);
  private readonly pen: StyleState = { fg: 0, bg: 0, attrs: 0 };
  /**
   * What a Text's transform last made of each of its lines. Ink's Text makes a new transform
   * when it renders, and a memoised Text that did not render keeps its own, so a transform seen
   * before with the same line gives the same text: the colour escapes are not made again, and
   * the text is the same string, whose cells are found at once. Kept with the transform.
   */
  private readonly transformed = new WeakMap<OutputTransformer, { line: string; text: string }[]>();
  /** The last frame's grid, rows, text and writes, and a grid of the same size to draw the next into. */
  private shown: { grid: CellGrid; rows: string[]; text: string; parser: FrameParser; writes: readonly FrameWrite[] } | undefined;
  private spare: CellGrid | undefined;

  /** Starts over when what is held passed its limits; called before a frame, so a frame uses one set of tables. */
  beginFrame(): void {
    const { styles, glyphs } = this.parser;
    if (
      this.cells.size + this.lines.size + styles.transitionsHeld <= ENTRY_LIMIT &&
      this.cellsHeld <= CELL_LIMIT &&
      styles.size <= TABLE_LIMIT &&
      glyphs.size <= TABLE_LIMIT
    )
      return;
    this.parser = new FrameParser();
    this.writers = writers(this.parser);
    this.cells.clear();
    this.lines.clear();
    this.cellsHeld = 0;
    this.scratch = new CellGrid(256, 1);
    // The last frame's style ids meant other styles: no row of it may be reused.
    this.shown = undefined;
  }

  /** How many lines and texts are held (tests check the bound). */
  get held(): { entries: number; cells: number } {
    return { entries: this.cells.size + this.lines.size, cells: this.cellsHeld };
  }

  /** The cells of `line`, parsed from the default pen. */
  cellsOf(line: string): LineCells {
    let found = this.cells.get(line);
    if (found !== undefined) return found;
    // A UTF-16 unit is at most one glyph, and a glyph at most two columns.
    const room = Math.max(1, line.length * 2);
    if (this.scratch.columns < room) this.scratch = new CellGrid(room, 1);
    const { glyphs, widths, styles } = this.scratch;
    this.pen.fg = 0;
    this.pen.bg = 0;
    this.pen.attrs = 0;
    const columns = this.parser.parseLine(line, this.scratch, 0, this.pen);
    let starts = 0;
    for (let x = 0; x < columns; x++) if (widths[x] !== 0) starts += 1;
    const cells = new Int32Array(starts * 2);
    let k = 0;
    for (let x = 0; x < columns; x++) {
      if (widths[x] === 0) continue;
      cells[k++] = glyphs[x];
      cells[k++] = (styles[x] << 2) | widths[x];
    }
    found = { cells, columns };
    this.cells.set(line, found);
    this.cellsHeld += starts;
    return found;
  }

  /**
   * The lines of `text`, each able to stand alone: a style still open at a newline is closed at
   * the end of its line and opened again at the start of the next, as Ink's split by styled
   * characters does.
   */
  linesOf(text: string): readonly string[] {
    if (!text.includes('\n')) return [text];
    let found = this.lines.get(text);
    if (found !== undefined) return found;
    const parts = text.split('\n');
    if (text.includes('\u001b')) {
      const { styles } = this.parser;
      this.pen.fg = 0;
      this.pen.bg = 0;
      this.pen.attrs = 0;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        const open = styles.intern(this.pen);
        // The pen this line leaves is what the next one starts with; the cells themselves are not kept.
        this.parser.parseLine(part, this.scratch, 0, this.pen);
        const left = styles.intern(this.pen);
        parts[i] = styles.stepwise(DEFAULT_STYLE, open) + part + styles.stepwise(left, DEFAULT_STYLE);
      }
    }
    found = Object.freeze(parts);
    this.lines.set(text, found);
    this.cellsHeld += text.length;
    return found;
  }

  /** `line`, line `index` of its text, through `transformers` (its Text's, then its boxes'). */
  transform(transformers: readonly OutputTransformer[], line: string, index: number): string {
    if (transformers.length !== 1) {
      for (const transformer of transformers) line = transformer(line, index);
      return line;
    }
    const transformer = transformers[0];
    let kept = this.transformed.get(transformer);
    if (kept === undefined) {
      kept = [];
      this.transformed.set(transformer, kept);
    }
    const last = kept[index];
    if (last !== undefined && last.line === line) return last.text;
    const text = transformer(line, index);
    kept[index] = { line, text };
    return text;
  }

  /** Ink's sliceLineToColumns: columns [from, to) of `line`, a wide character cut by either edge as a space in its style. */
  sliceLine(line: string, from: number, to: number): string {
    if (from >= to) return '';
    const { cells } = this.cellsOf(line);
    let column = 0;
    for (let k = 0; k < cells.length; k += 2) {
      const width = cells[k + 1] & 3;
      const start = column;
      column += width;
      if (column <= from) continue;
      if (start >= to) break;
      this.writers.wrapped.add(width > 1 && (start < from || column > to) ? SPACE : cells[k], cells[k + 1] >>> 2);
    }
    return this.writers.wrapped.take();
  }

  /**
   * A grid of `columns` x `rows` to draw the frame of `writes` into, and which of its rows to draw
   * (changedRows.ts): the others hold the last frame's cells already. Without a last frame of
   * this size (the first, a resize, tables that started over), a blank grid, every row to draw.
   */
  startFrame(columns: number, rows: number, writes: readonly FrameWrite[]): { grid: CellGrid; changed: Uint8Array | undefined } {
    const spare = this.spare;
    const grid = spare !== undefined && spare.columns === columns && spare.rows === rows ? spare : new CellGrid(columns, rows);
    const last = this.lastOfSize(columns, rows);
    if (last === undefined) {
      grid.glyphs.fill(SPACE);
      grid.widths.fill(1);
      grid.styles.fill(DEFAULT_STYLE);
      return { grid, changed: undefined };
    }
    const changed = changedRows(last.writes, writes, rows, (text) => (text.includes('\n') ? this.linesOf(text).length : 1));
    grid.copyFrom(last.grid);
    for (let row = 0; row < rows; row++) if (changed[row] === 1) grid.clearRow(row, 0);
    return { grid, changed };
  }

  /**
   * The frame's text from its grid: rows not drawn again (`changed`) and rows drawn the same as
   * the last frame's keep their text.
   */
  finish(grid: CellGrid, changed: Uint8Array | undefined, writes: readonly FrameWrite[]): string {
    const last = this.lastOfSize(grid.columns, grid.rows);
    const rows = new Array<string>(grid.rows);
    for (let row = 0; row < grid.rows; row++)
      rows[row] =
        last !== undefined && ((changed !== undefined && changed[row] === 0) || grid.sameRow(last.grid, row)) ? last.rows[row] : this.rowText(grid, row);
    this.spare = this.shown?.grid;
    const text = rows.join('\n');
    this.shown = { grid, rows, text, parser: this.parser, writes };
    return text;
  }

  private lastOfSize(columns: number, rows: number): FrameMemory['shown'] {
    const shown = this.shown;
    return shown !== undefined && shown.grid.columns === columns && shown.grid.rows === rows ? shown : undefined;
  }

  /**
   * The last frame drawn, when `text` is its text (or that and a newline): the grid is this
   * memory's, drawn into again two frames on, so it is to be copied before then.
   */
  drawnAs(text: string): DrawnFrame | undefined {
    const shown = this.shown;
    // A frame of no rows has the text of one empty line: the text's screen has a row the grid lacks.
    if (shown === undefined || shown.grid.rows === 0) return undefined;
    if (text === shown.text) return { grid: shown.grid, rows: shown.rows, parser: shown.parser, trailingNewline: false };
    const withNewline = text.length === shown.text.length + 1 && text.endsWith('\n') && text.startsWith(shown.text);
    return withNewline ? { grid: shown.grid, rows: shown.rows, parser: shown.parser, trailingNewline: true } : undefined;
  }

  private rowText(grid: CellGrid, row: number): string {
    const base = row * grid.columns;
    const end = grid.contentEnd(row);
    for (let x = 0; x < end; x++) if (grid.widths[base + x] !== 0) this.writers.rows.add(grid.glyphs[base + x], grid.styles[base + x]);
    return this.writers.rows.take();
  }
}

/**
 * Ink's Output, drawing into `memory`'s grid: render-node-to-output calls write, clip and unclip,
 * the renderer get. Each write is kept with the clip in effect when it was made, and the frame
 * drawn from them draws only the rows they can draw otherwise than the last frame's writes did.
 */
export class FrameOutput {
  private readonly writes: FrameWrite[] = [];
  private readonly clips: OutputClip[] = [];
  readonly width: number;
  readonly height: number;

  constructor(
    size: { width: number; height: number },
    private readonly memory: FrameMemory,
  ) {
    this.width = Math.max(0, Math.ceil(size.width));
    this.height = Math.max(0, Math.ceil(size.height));
  }

  write(x: number, y: number, text: string, options: { transformers: readonly OutputTransformer[] }): void {
    if (text !== '') this.writes.push({ x, y, text, transformers: options.transformers, clip: this.clips.at(-1) });
  }

  clip(clip: OutputClip): void {
    this.clips.push(intersect(this.clips.at(-1), clip));
  }

  unclip(): void {
    this.clips.pop();
  }

  /** The frame's text and height, as Ink's Output.get gives them. */
  get(): { output: string; height: number } {
    const { memory, writes } = this;
    memory.beginFrame();
    const { grid, changed } = memory.startFrame(this.width, this.height, writes);
    for (const write of writes) this.draw(grid, write, changed);
    return { output: memory.finish(grid, changed, writes), height: this.height };
  }

  /** Ink's applyWriteOperation, for the rows marked in `changed` (every row without it). */
  private draw(grid: CellGrid, write: FrameWrite, changed: Uint8Array | undefined): void {
    const { memory } = this;
    const { clip } = write;
    const lines = memory.linesOf(write.text);
    const { x } = write;
    // The lines drawn, [first, end), and the columns each is cut to, where the clip has both edges.
    let first = 0;
    let end = lines.length;
    let cut: { from: number; right: number; left: number } | undefined;
    if (clip !== undefined) {
      if (isEmpty(clip)) return;
      const { x1, x2, y1, y2 } = clip;
      if (x1 !== undefined && x2 !== undefined) {
        let widest = 0;
        for (const line of lines) widest = Math.max(widest, memory.cellsOf(line).columns);
        if (x + widest < x1 || x > x2) return;
        cut = { from: x < x1 ? x1 - x : 0, right: x2, left: Math.max(x, x1) };
      }
      if (y1 !== undefined && y2 !== undefined) {
        if (write.y + lines.length < y1 || write.y > y2) return;
        first = write.y < y1 ? y1 - write.y : 0;
        end = write.y + lines.length > y2 ? y2 - write.y : lines.length;
      }
    }
    for (let index = first; index < end; index++) {
      const row = write.y + index;
      if (row < 0 || row >= grid.rows || (changed !== undefined && changed[row] === 0)) continue;
      let line = lines[index];
      if (cut !== undefined) {
        const width = memory.cellsOf(line).columns;
        const to = x + width > cut.right ? cut.right - x : width;
        if (cut.from !== 0 || to !== width) line = memory.sliceLine(line, cut.from, to);
      }
      const { cells } = memory.cellsOf(memory.transform(write.transformers, line, index));
      if (cells.length > 0) place(grid, row, cut?.left ?? x, cells);
    }
  }
}

/** Writes `cells` into `row` of `grid` from column `x`, as Ink writes styled characters into its rows. */
function place(grid: CellGrid, row: number, x: number, cells: Int32Array): void {
  const { glyphs, widths, styles, columns } = grid;
  const base = row * columns;
  // A write that starts on the second half of a wide character blanks its first half.
  if (x > 0 && x < columns && widths[base + x] === 0 && widths[base + x - 1] > 1) {
    glyphs[base + x - 1] = SPACE;
    widths[base + x - 1] = 1;
  }
  let at = x;
  for (let k = 0; k < cells.length; k += 2) {
    const style = cells[k + 1] >>> 2;
    const width = cells[k + 1] & 3;
    if (at >= 0 && at < columns) {
      // A wide glyph cut by the right edge is not drawn, and the rest of the row is blank: so the
      // parser reads the row's text (FrameParser.parseLine), and so the grid is the text's cells.
      const fits = at + width <= columns;
      glyphs[base + at] = fits ? cells[k] : SPACE;
      widths[base + at] = fits ? width : 1;
      styles[base + at] = fits ? style : DEFAULT_STYLE;
    }
    for (let offset = 1; offset < width; offset++) {
      const p = at + offset;
      if (p < 0 || p >= columns) continue;
      // The second half of a wide character whose first half is off the left edge stays visible, as a space.
      glyphs[base + p] = at < 0 ? SPACE : 0;
      widths[base + p] = at < 0 ? 1 : 0;
      styles[base + p] = style;
    }
    at += width;
  }
  // A write that ends on the first half of a wide character blanks its second half.
  if (at >= 0 && at < columns && widths[base + at] === 0) {
    glyphs[base + at] = SPACE;
    widths[base + at] = 1;
  }
}
