/**
 * The detail view draws every section as a list of lines, so scrolling, paging and the height
 * limit work the same everywhere. A line is plain data (text plus emphasis); DetailView renders it.
 */
import { blanksAfter, displayWidth, truncateToWidth } from '../../util/sanitize.js';

export interface Line {
  text: string;
  bold?: boolean;
  /** A theme colour name: 'title', 'label', 'dim', 'warn', 'crit', 'good'. */
  tone?: 'title' | 'label' | 'dim' | 'warn' | 'crit' | 'good';
  /** The line is the cursor (a selectable parent/child link). */
  selected?: boolean;
  /** A descriptor row: while it is on screen its flags are read at every refresh, bound or not. */
  fd?: number;
}

export const line = (text: string, extra: Omit<Line, 'text'> = {}): Line => ({ text, ...extra });

/** "label: value" with the label padded to `width` columns. */
export function field(label: string, value: string, width = 14): Line {
  return { text: `${label.padEnd(width)} ${value}` };
}

/** Cut already-sanitised text into lines of at most `width` columns (for the full cmdline), at spaces where it can. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  if (width <= displayWidth(indent)) return [text];
  const out: string[] = [];
  let rest = text;
  let first = true;
  while (rest !== '') {
    const prefix = first ? '' : indent;
    const room = width - displayWidth(prefix);
    let piece = truncateToWidth(rest, room);
    if (piece === '') break;
    // Break after a space when there is one in the second half of the line, not inside a word.
    const space = piece.length < rest.length ? piece.lastIndexOf(' ') : -1;
    if (space >= piece.length / 2) piece = piece.slice(0, space + 1);
    out.push(prefix + piece);
    rest = rest.slice(piece.length);
    first = false;
  }
  return out.length === 0 ? [''] : out;
}

/** A table column: its title, width and alignment, and its cell's text for one item. */
export type Column<T> = readonly [title: string, width: number, align: 'l' | 'r', cell: (item: T) => string];

/**
 * A table: the bold header line, then one line per item; `extra` adds to an item's line (its fd).
 * Titles and cells share one width per column, so they cannot drift apart.
 */
export function table<T>(columns: readonly Column<T>[], items: readonly T[], extra?: (item: T) => Omit<Line, 'text'>): Line[] {
  const header = line(row(columns.map(([title, width, align]) => [title, width, align] as const)), { bold: true });
  return [header, ...items.map((item) => line(row(columns.map(([, width, align, cell]) => [cell(item), width, align] as const)), extra?.(item)))];
}

/** Columns of a table row: each cell padded (or cut) to its width, left or right aligned. */
export function row(cells: readonly (readonly [string, number, 'l' | 'r'])[]): string {
  return cells
    .map(([text, width, align]) => {
      const cut = truncateToWidth(text, width);
      const pad = blanksAfter(cut, width);
      return align === 'r' ? pad + cut : cut + pad;
    })
    .join(' ');
}
