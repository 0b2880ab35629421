/**
 * Where the cursor is in a list and what is on screen around it: the followed row by key, the
 * fallback row when it went away, and the scroll that keeps it visible. Pure.
 */
import type { ViewRow } from '../table/processView.js';
import type { UiState } from './uiState.js';

/**
 * Index of the selection in `view`: the top row while nothing is followed, the followed process,
 * or, when it went away or was filtered out, the row at `fallback` (where it was last drawn).
 */
export function selectionIndex(s: UiState, view: readonly ViewRow[], fallback: number): number {
  return indexOfKey(view, s.selectedKey, fallback);
}

/** Index of the row with `key` in `view`, as selectionIndex describes (any table's rows). */
export function indexOfKey(view: readonly { key: string }[], key: string | undefined, fallback: number): number {
  if (view.length === 0) return -1;
  if (key === undefined) return 0;
  const i = view.findIndex((v) => v.key === key);
  return i >= 0 ? i : Math.max(0, Math.min(fallback, view.length - 1));
}

/** First visible row so that `index` is on screen, starting from the remembered scroll. */
export function scrollFor(scrollTop: number, index: number, pageSize: number, total: number): number {
  let top = Math.max(0, Math.min(scrollTop, Math.max(0, total - pageSize)));
  if (index < top) top = index;
  else if (index >= top + pageSize) top = index - pageSize + 1;
  return Math.max(0, top);
}

/** Follow the row at `index` (clamped) of the process table, scrolled into view. */
export function select(s: UiState, view: readonly ViewRow[], index: number, pageSize: number): UiState {
  if (view.length === 0) return { ...s, selectedKey: undefined, scrollTop: 0 };
  const i = Math.max(0, Math.min(index, view.length - 1));
  return { ...s, selectedKey: view[i].key, scrollTop: scrollFor(s.scrollTop, i, pageSize, view.length) };
}
