/**
 * What every table on the screen shares: a column (header, width, cell text, sort key), the
 * comparator that sorts by one, and the header line with the sort mark. The process table
 * (columns.ts) and the connections view (src/ui/connections/) are both built on it.
 */
import { compareText } from '../../util/compareText.js';
import { fit } from '../format.js';

export interface TableColumn<Row, Id extends string, Ctx> {
  id: Id;
  header: string;
  /** Width in columns; 0 for a column that takes what the fixed ones leave. */
  width: number;
  align: 'left' | 'right';
  /** Present only when some row has this field (optional columns). */
  presentIf?: (row: Row) => boolean;
  cell: (row: Row, ctx: Ctx) => string;
  /** Sort key; undefined sorts last in either direction. */
  sortValue: (row: Row, ctx: Ctx) => number | string | undefined;
  /** Strings sort ascending first, numbers descending (the interesting end on top). */
  descendingFirst: boolean;
}

/** Order rows by `col`; unmeasured values go last whichever way it sorts, ties go to `tie`. */
export function compareBy<Row, Ctx>(
  col: TableColumn<Row, string, Ctx>,
  descending: boolean,
  ctx: Ctx,
  tie: (a: Row, b: Row) => number,
): (a: Row, b: Row) => number {
  return (a, b) => {
    const va = col.sortValue(a, ctx);
    const vb = col.sortValue(b, ctx);
    if (va === undefined || vb === undefined) {
      if (va === vb) return tie(a, b);
      return va === undefined ? 1 : -1;
    }
    const c = compareSortValues(va, vb);
    if (c === 0) return tie(a, b);
    return descending ? -c : c;
  };
}

/** Two measured sort keys in ascending order: numbers by value, anything else as text. */
export function compareSortValues(a: number | string, b: number | string): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b));
}

/** The sort direction mark. */
export function sortMark(descending: boolean, ascii: boolean): string {
  return ascii ? (descending ? 'v' : '^') : descending ? '▼' : '▲';
}

/**
 * The header line: each title at its column's width (`widths[i]`) and a space. The sort mark
 * follows a left-aligned title when it fits, else it takes the space after the column, so
 * headers keep the cells' widths.
 */
export function headerText(
  columns: readonly { id: string; header: string; align: 'left' | 'right' }[],
  widths: readonly number[],
  sort: string,
  mark: string,
): string {
  return columns
    .map((c, i) => {
      const w = widths[i];
      if (c.id !== sort) return fit(c.header, w, c.align) + ' ';
      if (c.align === 'left' && c.header.length < w) return fit(c.header + mark, w, 'left') + ' ';
      return fit(c.header, w, c.align) + mark;
    })
    .join('');
}
