/**
 * The text boxes: search (F3 or / in the table), filter (F4 or \), the connections filter and the
 * go-to-time box (T).
 * Typed text goes into the box; Enter keeps it, Esc clears it, both close it. Searching moves the
 * selection to the first match as the text changes, and F3/Down to the next one.
 */
import type { ScreenView } from '../state/screenView.js';
import { select, selectionIndex } from '../state/selection.js';
import { viewOptions, type UiState } from '../state/uiState.js';
import { findMatch } from '../table/processView.js';
import type { CommandHandler } from './command.js';

/** The table's search for `text`, starting at row `from`; says so when nothing matches. */
function searchFrom(s: UiState, view: ScreenView, text: string, from: (index: number) => number): UiState {
  const rows = view.processView(viewOptions(s, view.ascii));
  const found = findMatch(rows, text, from(selectionIndex(s, rows, view.lastIndex)));
  const next = { ...s, search: text };
  if (found < 0) return { ...next, status: text === '' ? '' : `no match for "${text}"` };
  return select(next, rows, found, view.pageSize);
}

/** Change the text of the box the mode shows. */
function edit(change: (text: string, typed: string) => string): CommandHandler {
  return (s, view, args) => {
    if (s.mode === 'search') return searchFrom(s, view, change(s.search, args.text), (i) => Math.max(0, i));
    if (s.mode === 'filter') return { ...s, filter: change(s.filter, args.text) };
    if (s.mode === 'goto') return { ...s, gotoText: change(s.gotoText, args.text) };
    if (s.mode === 'connections') return { ...s, conn: { ...s.conn, filter: change(s.conn.filter, args.text) } };
    return s;
  };
}

export const typeText = edit((text, typed) => text + typed);
export const eraseText = edit((text) => text.slice(0, -1));

/** Enter: keep the text and close the box. */
export const acceptText: CommandHandler = (s) => (s.mode === 'connections' ? { ...s, conn: { ...s.conn, filtering: false } } : { ...s, mode: 'table' });

/** Esc: clear the text and close the box. */
export const clearText: CommandHandler = (s) => {
  if (s.mode === 'connections') return { ...s, conn: { ...s.conn, filtering: false, filter: '' } };
  if (s.mode === 'search') return { ...s, mode: 'table', search: '' };
  if (s.mode === 'goto') return { ...s, mode: 'table', gotoText: '' };
  return { ...s, mode: 'table', filter: '' };
};

/** F3/Down in the search box: the next match after the selection. */
export const searchOn: CommandHandler = (s, view) => searchFrom(s, view, s.search, (i) => i + 1);

/** n in the table: the next match of the last search. */
export const nextMatch: CommandHandler = (s, view) => {
  const rows = view.processView(viewOptions(s, view.ascii));
  const found = findMatch(rows, s.search, selectionIndex(s, rows, view.lastIndex) + 1);
  if (found < 0) return { ...s, status: s.search === '' ? 'no search: press /' : `no match for "${s.search}"` };
  return select(s, rows, found, view.pageSize);
};
