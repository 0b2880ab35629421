/**
 * The fleet screen's command handlers: moving in the table, the help and the host view, search
 * and filter boxes, sort, grouping, opening a host. Pure transitions over FleetUiState and the
 * view FleetApp computed.
 */
import type { CommandOf } from '../commands/command.js';
import { indexOfKey, scrollFor } from '../state/selection.js';
import { FLEET_COLUMN_IDS, fleetColumnById } from './columns.js';
import { request, type FleetKeyMode, type FleetUiState } from './state.js';
import { findHost, type FleetViewRow } from './view.js';

/** What a fleet command sees besides the state: the rows on screen and the sizes of what scrolls. */
export interface FleetScreenView {
  rows: readonly FleetViewRow[];
  pageSize: number;
  /** Lines of the help when it must scroll; 0 when it shows whole. */
  helpLines: number;
  /** Lines of the host view below its charts. */
  hostLines: number;
  /** The labels rows can be grouped by. */
  labels: readonly string[];
  tooSmall: boolean;
}

export type FleetCommand = CommandOf<FleetUiState, FleetScreenView, FleetUiState, FleetKeyMode>;
export type FleetHandler = FleetCommand['run'];

const clamp = (i: number, last: number) => Math.max(0, Math.min(i, last));

/** The cursor's row in the table. */
export function cursorIndex(s: FleetUiState, rows: readonly { key: string }[]): number {
  return indexOfKey(rows, s.selectedKey, s.index);
}

/** Follow row `i` (clamped), scrolled into view. */
function selectRow(s: FleetUiState, view: FleetScreenView, i: number): FleetUiState {
  if (view.rows.length === 0) return { ...s, selectedKey: undefined, index: 0, scrollTop: 0 };
  const at = clamp(i, view.rows.length - 1);
  return { ...s, selectedKey: view.rows[at].key, index: at, scrollTop: scrollFor(s.scrollTop, at, view.pageSize, view.rows.length) };
}

/** A move of whichever list the mode shows, to where `to` says from the current row. */
function move(to: (index: number, page: number, length: number) => number): FleetHandler {
  return (s, view) => {
    switch (s.mode) {
      case 'table':
        return selectRow(s, view, to(cursorIndex(s, view.rows), view.pageSize, view.rows.length));
      case 'help':
        if (view.helpLines === 0) return { ...s, mode: 'table' };
        return { ...s, helpOffset: clamp(to(s.helpOffset, view.pageSize, view.helpLines), view.helpLines - 1) };
      case 'host':
        return { ...s, hostOffset: clamp(to(s.hostOffset, view.pageSize, view.hostLines), Math.max(0, view.hostLines - 1)) };
      default:
        return s;
    }
  };
}

export const moveUp = move((i) => i - 1);
export const moveDown = move((i) => i + 1);
export const pageUp = move((i, page) => i - page);
export const pageDown = move((i, page) => i + page);
export const moveFirst = move(() => 0);
export const moveLast = move((_i, _page, length) => length - 1);

export const quit: FleetHandler = (s) => request(s, { kind: 'quit' });
export const suspend: FleetHandler = (s) => request(s, { kind: 'suspend' });
export const redraw: FleetHandler = (s) => request(s, { kind: 'redraw' });
export const openHelp: FleetHandler = (s) => ({ ...s, mode: 'help', helpOffset: 0 });
export const backToTable: FleetHandler = (s) => ({ ...s, mode: 'table' });

/** Enter: the selected host's detail (a group's header opens nothing). */
export const openHost: FleetHandler = (s, view) => {
  const v = view.rows[cursorIndex(s, view.rows)];
  if (v === undefined) return s;
  if (v.kind === 'group') return { ...s, status: `a group of ${v.hosts} hosts: Enter on a host opens it` };
  return request({ ...s, mode: 'host', hostOffset: 0 }, { kind: 'openHost', host: v.row.host });
};

export const closeHost: FleetHandler = (s) => request({ ...s, mode: 'table' }, { kind: 'closeHost' });

function sortStep(step: number): FleetHandler {
  return (s) => {
    const i = FLEET_COLUMN_IDS.indexOf(s.sort);
    const col = fleetColumnById(FLEET_COLUMN_IDS[(i + step + FLEET_COLUMN_IDS.length) % FLEET_COLUMN_IDS.length]);
    return { ...s, sort: col.id, descending: col.descendingFirst, status: `sort: ${col.header}` };
  };
}

export const sortNext = sortStep(1);
export const sortPrevious = sortStep(-1);
export const invertSort: FleetHandler = (s) => ({ ...s, descending: !s.descending });

/** g: group by the next label the rows carry (job first), then no groups again. */
export const groupNext: FleetHandler = (s, view) => {
  const order = [undefined, ...view.labels];
  const next = order[(order.indexOf(s.groupBy) + 1) % order.length];
  return { ...s, groupBy: next, scrollTop: 0, status: next === undefined ? 'no groups' : `grouped by ${next}` };
};

export const startSearch: FleetHandler = (s) => ({ ...s, mode: 'search', search: '' });
export const startFilter: FleetHandler = (s) => ({ ...s, mode: 'filter' });
export const clearSearch: FleetHandler = (s) => ({ ...s, search: '', filter: '' });

/** Search for `text` from row `from`, moving the cursor to the match. */
function searchFrom(s: FleetUiState, view: FleetScreenView, text: string, from: number): FleetUiState {
  const found = findHost(view.rows, text, from);
  const next = { ...s, search: text };
  if (found < 0) return { ...next, status: text === '' ? '' : `no match for "${text}"` };
  return selectRow(next, view, found);
}

function edit(change: (text: string, typed: string) => string): FleetHandler {
  return (s, view, args) => {
    if (s.mode === 'search') return searchFrom(s, view, change(s.search, args.text), Math.max(0, cursorIndex(s, view.rows)));
    if (s.mode === 'filter') return { ...s, filter: change(s.filter, args.text) };
    return s;
  };
}

export const typeText = edit((text, typed) => text + typed);
export const eraseText = edit((text) => text.slice(0, -1));
export const acceptText: FleetHandler = (s) => ({ ...s, mode: 'table' });
export const clearText: FleetHandler = (s) => (s.mode === 'search' ? { ...s, mode: 'table', search: '' } : { ...s, mode: 'table', filter: '' });
export const searchOn: FleetHandler = (s, view) => searchFrom(s, view, s.search, cursorIndex(s, view.rows) + 1);
export const nextMatch: FleetHandler = (s, view) =>
  s.search === '' ? { ...s, status: 'no search: press /' } : searchFrom(s, view, s.search, cursorIndex(s, view.rows) + 1);
