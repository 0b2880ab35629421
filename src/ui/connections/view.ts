/**
 * The connections as the person sees them: filtered on any column's text, sorted by one column.
 * Pure; App keeps a ConnViewCache so the key reducer and the renderer share one computation.
 */
import type { ConnectionRow } from '../../types/snapshot.js';
import { compareText } from '../../util/compareText.js';
import { compareBy } from '../table/tableColumn.js';
import { CONN_COLUMNS, connColumnById, type ConnColumnId } from './columns.js';

export interface ConnViewOptions {
  sort: ConnColumnId;
  descending: boolean;
  /** Keep rows where some column's text contains this (case-insensitive); '' for all. */
  filter: string;
}

export interface ConnViewRow {
  /** Protocol and endpoints (and owner): what identifies a socket from one snapshot to the next. */
  key: string;
  row: ConnectionRow;
}

function baseKey(r: ConnectionRow): string {
  return `${r.proto} ${r.local} ${r.remote} ${r.pid ?? ''}`;
}

/** Whether some column's text of `row` contains `lowerText`. */
export function connMatches(row: ConnectionRow, lowerText: string): boolean {
  return lowerText === '' || CONN_COLUMNS.some((c) => c.cell(row, undefined).toLowerCase().includes(lowerText));
}

/** Identity when nothing else tells two rows apart, so the order never flickers. */
function tie(a: ConnectionRow, b: ConnectionRow): number {
  return compareText(baseKey(a), baseKey(b));
}

export function computeConnView(rows: readonly ConnectionRow[], opts: ConnViewOptions): ConnViewRow[] {
  const lower = opts.filter.toLowerCase();
  const kept = rows.filter((r) => connMatches(r, lower));
  kept.sort(compareBy(connColumnById(opts.sort), opts.descending, undefined, tie));
  // Two sockets with the same endpoints and owner (a listener shared by forks) get distinct keys.
  const seen = new Map<string, number>();
  return kept.map((row) => {
    const base = baseKey(row);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { key: n === 0 ? base : `${base} #${n + 1}`, row };
  });
}

/** computeConnView with a one-entry cache (same rows array and same options → same result); one per screen. */
export class ConnViewCache {
  private last: { rows: readonly ConnectionRow[]; opts: ConnViewOptions; view: ConnViewRow[] } | undefined;

  of(rows: readonly ConnectionRow[], opts: ConnViewOptions): ConnViewRow[] {
    const l = this.last;
    if (l && l.rows === rows && l.opts.sort === opts.sort && l.opts.descending === opts.descending && l.opts.filter === opts.filter) {
      return l.view;
    }
    const view = computeConnView(rows, opts);
    this.last = { rows, opts: { sort: opts.sort, descending: opts.descending, filter: opts.filter }, view };
    return view;
  }
}
