/**
 * The cell renderer in the shape of Ink's log-update (ink/build/log-update.js), which the bundle
 * and the tests put in its place (scripts/bundle/ink-cell-renderer.mjs, vitest.config.ts): Ink
 * lays out and draws the tree into its frame text as before; this turns each frame into a cell
 * grid and writes only the cells that differ from what the terminal shows (docs/ui.md, "The cell
 * renderer"). The grid is the one the renderer drew the text from, when the text is that frame's
 * (frameLink.ts), and the text parsed otherwise. A change of size, or a terminal whose state Ink
 * says is lost (reset: after a suspend), gets a full redraw; so does a terminal that stray output
 * wrote over (repaint: Ctrl-L), which nothing but the person at it can tell.
 */
import { drawnFrame } from './frameLink.js';
import type { DrawnFrame } from './frameOutput.js';
import { CellGrid } from './grid.js';
import { applyLineEdit, lineEditSequence, planLineEdits } from './lineEdits.js';
import { type CursorState, Painter, cursorMove } from './paint.js';
import { FrameParser } from './parse.js';
import { DEFAULT_STYLE, type StyleState, UNKNOWN_STYLE } from './styles.js';

/** The cursor a component asked for (Ink's useCursor), relative to the frame. */
interface CursorPosition {
  x: number;
  y: number;
}

/** What Ink calls on its log-update (Ink 8's LogUpdate type). */
export interface LogUpdate {
  (text: string): boolean;
  clear: () => void;
  done: () => void;
  reset: () => void;
  sync: (text: string) => void;
  setCursorPosition: (position: CursorPosition | undefined) => void;
  isCursorDirty: () => boolean;
  willRender: (text: string) => boolean;
  getCursorPosition: () => CursorPosition | undefined;
  /**
   * Not Ink's: what the terminal shows is unknown (another program or a message wrote over the
   * frame), so the next frame, even the same text, is drawn whole on a cleared screen.
   */
  repaint: () => void;
}

interface Writable {
  write(chunk: string): unknown;
  columns?: number;
  rows?: number;
}

/** Past these many interned styles or graphemes, the tables start over (with a full redraw). */
const TABLE_LIMIT = 4096;

const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const ERASE_DOWN = '\u001b[J';
/** Where a frame of the whole screen leaves the cursor when no component asked for it (placeCursor). */
const TOP_LEFT: CursorPosition = Object.freeze({ x: 0, y: 0 });
/** The scroll region back to the whole screen: line edits shift the rows within it. */
const WHOLE_SCREEN_REGION = '\u001b[r';
/** G0 as ASCII, and G0 in use: what a stray byte sequence (a binary printed) most often leaves switched. */
const TEXT_CHARSET = '\u001b(B\u000f';

/** A frame's lines, without the empty entry a trailing newline leaves. */
function frameLines(text: string): { lines: string[]; trailingNewline: boolean } {
  const lines = text.split('\n');
  const trailingNewline = text.endsWith('\n');
  if (trailingNewline) lines.pop();
  return { lines, trailingNewline };
}

/** What the terminal shows: the grid, the lines it came from and the pen each row started with. */
class Screen {
  lines: readonly string[] = [];
  /**
   * 1 for the rows that may differ from the last frame's (parsed anew, or a drawn frame's rows
   * that differ), 0 for those that are the same.
   */
  parsed: Uint8Array;
  rowStarts: StyleState[] = [];
  trailingNewline = false;
  constructor(readonly grid: CellGrid) {
    this.parsed = new Uint8Array(grid.rows);
  }
}

/** The pen each row of a drawn frame starts with: each row's text closes its styles (frameOutput.ts). */
const PLAIN_PEN: StyleState = Object.freeze({ fg: 0, bg: 0, attrs: 0 });

/** Cells at the start of a row that name what it shows (a process table's PID and user, a panel's title). */
const ROW_KEY_CELLS = 16;

/**
 * Each row's key for matching rows across frames, from the glyphs of its first cells, so that a
 * row whose numbers changed as it moved (a process's CPU% and time) is still found, and the cell
 * diff paints only those numbers. A key that several rows share is not used (lineEdits.ts).
 * A number, not a string of the glyphs: no string a row each frame, and a number map. Two rows
 * that hash alike would at worst be matched wrongly; the edits are then judged by the cells they
 * leave to paint like any others, and the cell diff paints whatever still differs.
 */
function rowKeys(grid: CellGrid): number[] {
  const keys = new Array<number>(grid.rows);
  for (let row = 0; row < grid.rows; row++) keys[row] = rowKey(grid, row);
  return keys;
}

/** One row's key: a 52-bit hash of its first ROW_KEY_CELLS glyphs (two FNV-1a runs, 26 bits of each). */
function rowKey(grid: CellGrid, row: number): number {
  const from = row * grid.columns;
  const to = from + Math.min(ROW_KEY_CELLS, grid.columns);
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let i = from; i < to; i++) {
    const glyph = grid.glyphs[i];
    low = Math.imul(low ^ glyph, 0x01000193);
    high = Math.imul(high ^ ((glyph << 13) | (glyph >>> 19)), 0x01000193);
  }
  return (high >>> 6) * 0x4000000 + (low >>> 6);
}

/** Whether `row` has the same key in both grids of one width: its first cells' glyphs, in place. */
function sameKey(a: CellGrid, b: CellGrid, row: number): boolean {
  const from = row * a.columns;
  const to = from + Math.min(ROW_KEY_CELLS, a.columns);
  for (let i = from; i < to; i++) if (a.glyphs[i] !== b.glyphs[i]) return false;
  return true;
}

/**
 * Whether a row of `next` that was parsed anew has another key than the row of `front` in its
 * place. Where none has, every key is where it was and there is nothing to move: the rows not
 * parsed anew are `front`'s own. Most refreshes move no row, and this keys only the changed ones,
 * without making their keys' strings.
 */
function keysMoved(front: CellGrid, next: Screen): boolean {
  for (let row = 0; row < next.grid.rows; row++) if (next.parsed[row] === 1 && !sameKey(front, next.grid, row)) return true;
  return false;
}

/** About what one line edit costs on the wire (a cursor move and the IL or DL). */
const EDIT_BYTES = 8;

/**
 * How many fewer cells differ from `next` in `edited` than in `front` (grids of one size), from
 * row `from` down: the rows above the first edit are the same in both.
 */
function cellsSaved(front: CellGrid, edited: CellGrid, next: CellGrid, from: number): number {
  let saved = 0;
  for (let i = from * next.columns; i < next.glyphs.length; i++) {
    if (!front.sameCell(next, i)) saved += 1;
    if (!edited.sameCell(next, i)) saved -= 1;
  }
  return saved;
}

/** Creates the renderer for one stream (Ink calls this once per instance). */
function create(stream: Writable, { showCursor = false }: { showCursor?: boolean; incremental?: boolean } = {}): LogUpdate {
  let parser = new FrameParser();
  let painter = new Painter(parser.styles, parser.glyphs);
  let front: Screen | undefined;
  let spare: Screen | undefined;
  let previousOutput = '';
  const cursor: CursorState = { row: 0, col: 0, pen: UNKNOWN_STYLE };
  let hiddenCursor = false;
  let requested: CursorPosition | undefined;
  let cursorDirty = false;
  let shownAt: CursorPosition | undefined;
  /** Where moveRows tries its edits before it sends them. */
  let scratch: CellGrid | undefined;
  /** Set by repaint: the next frame is drawn whole, whatever the terminal was last sent. */
  let lost = false;

  const activeCursor = () => (cursorDirty ? requested : undefined);
  const columns = () => Math.max(1, stream.columns ?? 80);
  /** A resize redraws even an unchanged frame: the terminal may have moved or cut what it showed. */
  const resized = () => front !== undefined && front.grid.columns !== columns();
  const cursorChanged = (next: CursorPosition | undefined) => next?.x !== shownAt?.x || next?.y !== shownAt?.y;
  /**
   * A frame as tall as the screen, which starts at its top-left (the alternate screen; Ink's own
   * full clear takes it so on the primary screen too): a place the cursor can be sent to without
   * knowing where it is.
   */
  const fillsScreen = (screen: Screen) => stream.rows === screen.grid.rows && !screen.trailingNewline;
  /**
   * The row the cursor is taken to be on, for a move from it: unknown on a frame of the whole
   * screen, which another writer may have moved it on, so the move is absolute (the top-left,
   * where such a frame leaves it, is three bytes from anywhere).
   */
  const believedRow = (shown: Screen) => (fillsScreen(shown) ? undefined : cursor.row);

  /** Parses `text` into a screen, reusing the rows of `previous` whose line and starting pen are the same. */
  const parse = (text: string, previous: Screen | undefined): Screen => {
    const { lines, trailingNewline } = frameLines(text);
    const width = columns();
    const reuse = spare !== undefined && spare.grid.columns === width && spare.grid.rows === lines.length ? spare : undefined;
    const screen = reuse ?? new Screen(new CellGrid(width, lines.length));
    const same = previous !== undefined && previous.grid.columns === width && previous.grid.rows === lines.length ? previous : undefined;
    const state: StyleState = { fg: 0, bg: 0, attrs: 0 };
    for (let row = 0; row < lines.length; row++) {
      const start = same?.rowStarts[row];
      const line = lines[row];
      const unchanged =
        same !== undefined && start !== undefined && same.lines[row] === line && start.fg === state.fg && start.bg === state.bg && start.attrs === state.attrs;
      screen.rowStarts[row] = { fg: state.fg, bg: state.bg, attrs: state.attrs };
      screen.parsed[row] = unchanged ? 0 : 1;
      if (unchanged) {
        screen.grid.copyRow(same.grid, row);
        Object.assign(state, same.rowStarts[row + 1]);
      } else parser.parseLine(line, screen.grid, row, state);
    }
    screen.rowStarts[lines.length] = { fg: state.fg, bg: state.bg, attrs: state.attrs };
    screen.rowStarts.length = lines.length + 1;
    screen.lines = lines;
    screen.trailingNewline = trailingNewline;
    return screen;
  };

  /**
   * The screen of a frame the renderer drew: its grid copied (the renderer draws into it again),
   * and the rows that differ from `previous` marked, as parse marks the rows it parsed.
   */
  const adopt = (drawn: DrawnFrame, previous: Screen | undefined): Screen => {
    const { columns, rows } = drawn.grid;
    const reuse = spare !== undefined && spare.grid.columns === columns && spare.grid.rows === rows ? spare : undefined;
    const screen = reuse ?? new Screen(new CellGrid(columns, rows));
    screen.grid.copyFrom(drawn.grid);
    const same = previous !== undefined && previous.grid.columns === columns && previous.grid.rows === rows ? previous : undefined;
    for (let row = 0; row < rows; row++) {
      screen.parsed[row] = same !== undefined && same.grid.sameRow(screen.grid, row) ? 0 : 1;
      screen.rowStarts[row] = PLAIN_PEN;
    }
    screen.rowStarts[rows] = PLAIN_PEN;
    screen.rowStarts.length = rows + 1;
    screen.lines = drawn.rows;
    screen.trailingNewline = drawn.trailingNewline;
    return screen;
  };

  /** Moves the cursor to the frame's first cell, erases from there down and paints `screen` whole. */
  const redraw = (screen: Screen) => {
    painter.append(cursorMove(cursor.row, cursor.col, 0, 0, false));
    cursor.row = 0;
    cursor.col = 0;
    painter.resetPen(cursor);
    painter.append(ERASE_DOWN);
    painter.paint(new CellGrid(screen.grid.columns, screen.grid.rows), screen.grid, cursor, true);
  };

  /**
   * Moves the rows of `front` that `next` holds elsewhere with line edits (lineEdits.ts), on the
   * terminal and in `front`, when that leaves fewer cells to paint. Only where the frame is the
   * whole screen: an edit shifts every row below it, down to the screen's bottom.
   */
  const moveRows = (front: Screen, next: Screen): boolean => {
    const rows = next.grid.rows;
    if (!fillsScreen(next) || !keysMoved(front.grid, next)) return false;
    const edits = planLineEdits(rowKeys(front.grid), rowKeys(next.grid));
    if (edits.length === 0) return false;
    if (scratch === undefined || scratch.columns !== next.grid.columns || scratch.rows !== rows) scratch = new CellGrid(next.grid.columns, rows);
    const edited = scratch;
    edited.copyFrom(front.grid);
    for (const edit of edits) applyLineEdit(edited, edit);
    // Worth it when the edits leave fewer cells to paint by more than their own bytes.
    const firstRow = Math.min(...edits.map((edit) => edit.row));
    if (cellsSaved(front.grid, edited, next.grid, firstRow) <= EDIT_BYTES * edits.length) return false;
    // The rows an edit opens take the pen's background on most terminals: open them blank.
    painter.resetPen(cursor);
    for (const edit of edits) {
      painter.append(cursorMove(cursor.row, cursor.col, edit.row, 0, false) + lineEditSequence(edit));
      cursor.row = edit.row;
      // Terminals differ on where IL and DL leave the cursor's column.
      cursor.col = undefined;
    }
    front.grid.copyFrom(edited);
    return true;
  };

  /**
   * Leaves the cursor where a component asked for it, below a frame that ends with a newline, or
   * at the top-left of a frame of the whole screen: output from elsewhere written at the cursor
   * (a wall(1) message begins with line feeds) then writes over the first rows rather than
   * scrolling every row of the screen up, as it did from the last cell drawn.
   */
  const placeCursor = (screen: Screen, active: CursorPosition | undefined) => {
    const rest = active ?? (screen.trailingNewline ? { x: 0, y: screen.grid.rows } : fillsScreen(screen) ? TOP_LEFT : undefined);
    if (rest !== undefined && (cursor.row !== rest.y || cursor.col !== rest.x)) {
      painter.append(cursorMove(believedRow(screen), cursor.col, rest.y, rest.x, screen.trailingNewline && rest.y === screen.grid.rows));
      cursor.row = rest.y;
      cursor.col = rest.x;
    }
    if (active !== undefined && shownAt === undefined) painter.append(SHOW_CURSOR);
    if (active === undefined && shownAt !== undefined) painter.append(HIDE_CURSOR);
    shownAt = active === undefined ? undefined : { ...active };
  };

  const render = ((text: string): boolean => {
    if (!showCursor && !hiddenCursor) {
      stream.write(HIDE_CURSOR);
      hiddenCursor = true;
    }
    const active = activeCursor();
    cursorDirty = false;
    const repainting = lost;
    lost = false;
    if (text === previousOutput && !repainting && !cursorChanged(active) && !resized()) return false;
    const drawn = drawnFrame(stream, text);
    const usable = drawn !== undefined && drawn.grid.columns === columns() ? drawn : undefined;
    // The drawn frame's ids are of its renderer's tables; on a change of tables (the first frame,
    // or the renderer's started over) what the terminal shows is in the old ids: draw it whole.
    if (usable !== undefined ? usable.parser !== parser : parser.styles.size > TABLE_LIMIT || parser.glyphs.size > TABLE_LIMIT) {
      parser = usable?.parser ?? new FrameParser();
      painter = new Painter(parser.styles, parser.glyphs);
      front = undefined;
      spare = undefined;
    }
    const known = repainting ? undefined : front;
    const next = usable !== undefined ? adopt(usable, known) : parse(text, known);
    // A frame of the whole screen is drawn from a place sent to blind, its pen unknown: output from
    // elsewhere (a wall(1) message, a background job) that moved the cursor or left a colour on
    // then costs only the cells it wrote over, where frames drawn from where the last one left the
    // cursor would land every change in the wrong place. Any other frame is drawn from where the
    // cursor was left.
    const anchored = fillsScreen(next);
    if (anchored) {
      cursor.row = undefined;
      cursor.col = undefined;
      cursor.pen = UNKNOWN_STYLE;
    }
    if (repainting) {
      painter.append(TEXT_CHARSET + (anchored ? WHOLE_SCREEN_REGION : ''));
      cursor.pen = UNKNOWN_STYLE;
    }
    if (
      known === undefined ||
      known.grid.columns !== next.grid.columns ||
      known.grid.rows !== next.grid.rows ||
      known.trailingNewline !== next.trailingNewline
    ) {
      redraw(next);
    } else {
      const edited = moveRows(known, next);
      painter.paint(known.grid, next.grid, cursor, false, edited ? undefined : next.parsed);
    }
    painter.resetPen(cursor);
    placeCursor(next, active);
    const bytes = painter.take();
    if (bytes !== '') stream.write(bytes);
    spare = front;
    front = next;
    previousOutput = text;
    return true;
  }) as LogUpdate;

  /** Forgets the frame: the next one is drawn whole from the cursor's place. */
  const forget = () => {
    front = undefined;
    spare = undefined;
    previousOutput = '';
    shownAt = undefined;
  };

  render.clear = () => {
    if (front !== undefined) {
      stream.write(cursorMove(believedRow(front), cursor.col, 0, 0, false) + '\u001b[m' + ERASE_DOWN);
      cursor.pen = DEFAULT_STYLE;
    }
    cursor.row = 0;
    cursor.col = 0;
    forget();
  };
  render.done = () => {
    // Like Ink's own log-update, leave the cursor after the frame's last character.
    if (front !== undefined && !front.trailingNewline)
      stream.write(cursorMove(believedRow(front), cursor.col, front.grid.rows - 1, front.grid.contentEnd(front.grid.rows - 1), false));
    cursor.row = 0;
    cursor.col = 0;
    forget();
    if (!showCursor) {
      stream.write(SHOW_CURSOR);
      hiddenCursor = false;
    }
  };
  render.reset = () => {
    // Ink resets after the terminal was handed away (a suspend): where the cursor is and what
    // the screen shows are unknown, and Ink has put the cursor back at the frame's first cell.
    cursor.row = 0;
    cursor.col = 0;
    cursor.pen = UNKNOWN_STYLE;
    forget();
  };
  render.repaint = () => {
    lost = true;
    // Whether the cursor is shown is as unknown as the rest: hidden again, or shown again where asked for.
    hiddenCursor = false;
    shownAt = undefined;
  };
  render.sync = (text: string) => {
    // Ink wrote `text` itself (its full-clear path): take it as what the terminal shows.
    const active = activeCursor();
    cursorDirty = false;
    front = parse(text, undefined);
    spare = undefined;
    previousOutput = text;
    cursor.row = front.trailingNewline ? front.grid.rows : Math.max(0, front.grid.rows - 1);
    cursor.col = front.trailingNewline ? 0 : undefined;
    cursor.pen = UNKNOWN_STYLE;
    placeCursor(front, active);
    const bytes = painter.take();
    if (bytes !== '') stream.write(bytes);
  };
  render.setCursorPosition = (position) => {
    requested = position;
    cursorDirty = true;
  };
  render.isCursorDirty = () => cursorDirty;
  render.willRender = (text) => text !== previousOutput || lost || cursorChanged(activeCursor()) || resized();
  render.getCursorPosition = () => shownAt;
  return render;
}

/** Ink imports log-update's default export and calls `create`. */
const logUpdate = { create };
export default logUpdate;
