/**
 * The screen's interaction state and its reducer: modes, sort, search, filter, tree, user filter,
 * selection by (pid, startTime), scrolling, pause, help, detail, and requests for side effects
 * (quit, suspend, acknowledge and silence alerts) that App carries out. A reducer, not setState in a handler, so
 * keys typed back to back each see the state the previous key left (Ink delivers them faster than
 * React re-renders). Every key action carries the latest rows, so the reducer sees what is drawn.
 * The connections view (C) keeps its own sort, filter and selection in `conn`.
 */
import { actionTargets, initialTagState, tagReducer, type TagState } from '../../actions/tagging.js';
import type { ActionTarget } from '../../actions/target.js';
import type { ConnectionRow, ProcessRow } from '../../types/snapshot.js';
import { CONN_COLUMN_IDS, connColumnById, type ConnColumnId } from '../connections/columns.js';
import { connViewOf } from '../connections/view.js';
import type { KeyEvent } from '../input/keys.js';
import { columnById, type ColumnId } from '../table/columns.js';
import { findMatch, usersOf, viewOf, type ViewOptions, type ViewRow } from '../table/processView.js';
import type { ProcessIdentity } from '../actions.js';

export type Mode =
  | 'table' | 'search' | 'filter' | 'users' | 'help' | 'detail' | 'alerts' | 'dialog' | 'connections';

/** The connections view's sort, filter and selection, kept while it is closed. */
export interface ConnState {
  sort: ConnColumnId;
  descending: boolean;
  filter: string;
  /** Keys go to the filter text (F4 or \ started it; Enter or Esc ends it). */
  filtering: boolean;
  /** The followed socket (ConnViewRow.key); undefined until the cursor moves. */
  selectedKey?: string;
  /** Where the selection was last put: the cursor stays there when its socket closes. */
  index: number;
  scrollTop: number;
}

/** An action dialog opened from the table: what it does and to which processes (fixed when opened). */
export interface TableDialog {
  kind: 'signal' | 'renice' | 'ionice';
  targets: ActionTarget[];
  /** The selected process's nice, where the renice dialog starts. */
  currentNice?: number;
}

/** How long `S` silences the firing alerts. */
export const SILENCE_MS = 60 * 60 * 1000;

/** A side effect the reducer asks App to perform; `seq` makes each request distinct. */
export type Request =
  | { kind: 'quit'; seq: number }
  | { kind: 'suspend'; seq: number }
  | { kind: 'acknowledge'; seq: number; ids: string[] }
  | { kind: 'silence'; seq: number; ids: string[]; ms: number };

export interface UiState {
  mode: Mode;
  sort: ColumnId;
  descending: boolean;
  filter: string;
  search: string;
  user?: string;
  /** Cursor in the user picker; 0 is "all users". */
  userCursor: number;
  /** Rows scrolled past in the alert history. */
  alertOffset: number;
  tree: boolean;
  hideKernel: boolean;
  showCmdline: boolean;
  paused: boolean;
  /** The followed process; undefined until the person moves the cursor (then the top row is selected). */
  selectedKey?: string;
  scrollTop: number;
  detail?: ProcessIdentity;
  /** The detail view was opened from the connections view, and goes back there. */
  detailFrom?: 'connections';
  conn: ConnState;
  /** Tagged processes (space), the targets of the next action. */
  tags: TagState;
  dialog?: TableDialog;
  /** One-line message for the status bar; cleared by the next key. */
  status: string;
  request?: Request;
}

/** What a key needs to know about the screen at the moment it is pressed. */
export interface KeyEnv {
  rows: readonly ProcessRow[];
  memTotalBytes?: number;
  /** Table rows visible at once. */
  pageSize: number;
  ascii: boolean;
  /** Columns on screen, in order, for sort cycling. */
  columns: readonly ColumnId[];
  /** Row where the selection was last drawn: the cursor stays there when its process goes away. */
  lastIndex: number;
  tooSmall: boolean;
  /** The runtime can acknowledge alerts (UiActions.acknowledgeAlert). */
  canAcknowledge: boolean;
  /** Ids of firing alerts not yet acknowledged. */
  unacknowledged: readonly string[];
  /** The runtime can silence alerts (UiActions.silenceAlert). */
  canSilence: boolean;
  /** Ids of firing alerts not silenced now. */
  unsilenced: readonly string[];
  canDetail: boolean;
  /** The action dialogs (signal, renice, ionice) are there. */
  canDialog: boolean;
  /** The alert history view is there, and how many resolved alerts it lists. */
  canAlerts: boolean;
  alertCount: number;
  /** The snapshot's connections, and how many connection rows are visible at once. */
  connections: readonly ConnectionRow[];
  connPageSize: number;
}

export type UiAction =
  | { type: 'key'; key: KeyEvent; env: KeyEnv }
  | { type: 'status'; text: string }
  | { type: 'select'; key: string }
  | { type: 'openDetail'; target: ProcessIdentity }
  | { type: 'closeDialog'; message: string; acted: boolean }
  | { type: 'pruneTags'; alive: readonly ProcessRow[] }
  | { type: 'closeDetail' };

export const initialUiState: UiState = {
  mode: 'table',
  sort: 'cpu',
  descending: true,
  filter: '',
  search: '',
  userCursor: 0,
  alertOffset: 0,
  tags: initialTagState,
  tree: false,
  hideKernel: false,
  showCmdline: true,
  paused: false,
  scrollTop: 0,
  conn: { sort: 'proto', descending: false, filter: '', filtering: false, index: 0, scrollTop: 0 },
  status: '',
};

export function viewOptions(s: UiState, ascii: boolean): ViewOptions {
  return {
    sort: s.sort, descending: s.descending, filter: s.filter, user: s.user,
    hideKernel: s.hideKernel, tree: s.tree, ascii,
  };
}

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

function select(s: UiState, view: readonly ViewRow[], index: number, pageSize: number): UiState {
  if (view.length === 0) return { ...s, selectedKey: undefined, scrollTop: 0 };
  const i = Math.max(0, Math.min(index, view.length - 1));
  return { ...s, selectedKey: view[i].key, scrollTop: scrollFor(s.scrollTop, i, pageSize, view.length) };
}

function nextSeq(s: UiState): number {
  return (s.request?.seq ?? 0) + 1;
}

/** The column `step` places from `current` in `columns`, wrapping. */
function cycle<T>(columns: readonly T[], current: T, step: number): T {
  const i = columns.indexOf(current);
  return columns[(i + step + columns.length) % columns.length];
}

/** The next or previous column on screen, sorted the way that column reads best first. */
function cycleSort(s: UiState, columns: readonly ColumnId[], step: number): UiState {
  const next = cycle(columns, s.sort, step);
  return { ...s, sort: next, descending: columnById(next).descendingFirst, status: `sort: ${columnById(next).header}` };
}

/** Text editing shared by search and filter; undefined when the key is not an edit. */
function editText(text: string, key: KeyEvent): string | undefined {
  if (key.name === 'backspace') return text.slice(0, -1);
  if (key.name === 'text' && !key.ctrl) return text + key.text;
  return undefined;
}

function selectedRow(s: UiState, view: readonly ViewRow[], fallback: number): ViewRow | undefined {
  const i = selectionIndex(s, view, fallback);
  return i < 0 ? undefined : view[i];
}

/** Keys in the connections view: move, sort, filter, Enter for the owner's details, Esc/q/C back. */
function onConnectionsKey(s: UiState, key: KeyEvent, env: KeyEnv): UiState {
  const isText = (t: string) => key.name === 'text' && !key.ctrl && key.text === t;
  const c = s.conn;
  const put = (next: Partial<ConnState>): UiState => ({ ...s, conn: { ...c, ...next } });
  if (c.filtering) {
    if (key.name === 'enter') return put({ filtering: false });
    if (key.name === 'escape') return put({ filtering: false, filter: '' });
    const text = editText(c.filter, key);
    return text === undefined ? s : put({ filter: text });
  }
  const view = connViewOf(env.connections, c);
  const index = indexOfKey(view, c.selectedKey, c.index);
  const move = (to: number): UiState => {
    if (view.length === 0) return put({ selectedKey: undefined, index: 0, scrollTop: 0 });
    const i = Math.max(0, Math.min(to, view.length - 1));
    return put({ selectedKey: view[i].key, index: i, scrollTop: scrollFor(c.scrollTop, i, env.connPageSize, view.length) });
  };
  const sortBy = (sort: ConnColumnId): UiState => {
    const col = connColumnById(sort);
    return { ...put({ sort, descending: col.descendingFirst }), status: `sort: ${col.header}` };
  };
  if (key.name === 'up' || isText('k')) return move(index - 1);
  if (key.name === 'down' || isText('j')) return move(index + 1);
  if (key.name === 'pageup' || (key.ctrl && key.text === 'b')) return move(index - env.connPageSize);
  if (key.name === 'pagedown' || (key.ctrl && key.text === 'f')) return move(index + env.connPageSize);
  if (key.name === 'home' || isText('g')) return move(0);
  if (key.name === 'end' || isText('G')) return move(view.length - 1);
  if (key.name === 'escape' || isText('q') || isText('C')) return { ...s, mode: 'table' };
  if (key.name === 'f4' || isText('\\')) return put({ filtering: true });
  if (key.name === 'f6' || isText('>') || isText('.')) return sortBy(cycle(CONN_COLUMN_IDS, c.sort, 1));
  if (isText('<') || isText(',')) return sortBy(cycle(CONN_COLUMN_IDS, c.sort, -1));
  if (isText('I')) return put({ descending: !c.descending });
  if (key.name === 'enter' && index >= 0) {
    const pid = view[index].row.pid;
    if (pid === undefined) return { ...s, status: 'no owning process seen for this socket' };
    if (!env.canDetail) return { ...s, status: 'process details not available' };
    const owner = env.rows.find((r) => r.pid === pid);
    if (owner === undefined) return { ...s, status: `process ${pid} is not in the process list` };
    return { ...s, mode: 'detail', detail: { pid, startTime: owner.startTime }, detailFrom: 'connections' };
  }
  return s;
}

function onKey(s0: UiState, key: KeyEvent, env: KeyEnv): UiState {
  const s: UiState = s0.status === '' ? s0 : { ...s0, status: '' };
  const isText = (t: string) => key.name === 'text' && !key.ctrl && key.text === t;
  const quit = key.name === 'f10' || (key.ctrl && key.text === 'c');
  if (quit || (env.tooSmall && isText('q'))) return { ...s, request: { kind: 'quit', seq: nextSeq(s) } };
  if (env.tooSmall) return s;
  if (key.ctrl && key.text === 'z') return { ...s, request: { kind: 'suspend', seq: nextSeq(s) } };
  if (s.mode === 'connections') return onConnectionsKey(s, key, env);

  const view = viewOf(env.rows, viewOptions(s, env.ascii), { memTotalBytes: env.memTotalBytes });
  const index = selectionIndex(s, view, env.lastIndex);

  switch (s.mode) {
    case 'help':
      return { ...s, mode: 'table' };
    case 'dialog':
    case 'detail':
      // The detail view and the dialogs read their own keys (Esc may close one of its dialogs, not the view);
      // it leaves through closeDetail.
      return s;
    case 'alerts': {
      const last = Math.max(0, env.alertCount - 1);
      const move = (to: number) => ({ ...s, alertOffset: Math.max(0, Math.min(last, to)) });
      if (key.name === 'up' || isText('k')) return move(s.alertOffset - 1);
      if (key.name === 'down' || isText('j')) return move(s.alertOffset + 1);
      if (key.name === 'pageup') return move(s.alertOffset - env.pageSize);
      if (key.name === 'pagedown') return move(s.alertOffset + env.pageSize);
      if (key.name === 'home' || isText('g')) return move(0);
      if (key.name === 'end' || isText('G')) return move(last);
      if (key.name === 'escape' || isText('a') || isText('q')) return { ...s, mode: 'table' };
      return s;
    }
    case 'users': {
      const users = usersOf(env.rows);
      if (key.name === 'up' || isText('k')) return { ...s, userCursor: Math.max(0, s.userCursor - 1) };
      if (key.name === 'down' || isText('j')) return { ...s, userCursor: Math.min(users.length, s.userCursor + 1) };
      if (key.name === 'enter') {
        const user = s.userCursor === 0 ? undefined : users[s.userCursor - 1];
        return { ...s, mode: 'table', user, scrollTop: 0, selectedKey: undefined };
      }
      if (key.name === 'escape' || isText('u') || isText('q')) return { ...s, mode: 'table' };
      return s;
    }
    case 'search': {
      if (key.name === 'enter') return { ...s, mode: 'table' };
      if (key.name === 'escape') return { ...s, mode: 'table', search: '' };
      const fromNext = key.name === 'f3' || key.name === 'down';
      const text = fromNext ? s.search : editText(s.search, key);
      if (text === undefined) return s;
      const found = findMatch(view, text, fromNext ? index + 1 : Math.max(0, index));
      const next = { ...s, search: text };
      if (found < 0) return { ...next, status: text === '' ? '' : `no match for "${text}"` };
      return select(next, view, found, env.pageSize);
    }
    case 'filter': {
      if (key.name === 'enter') return { ...s, mode: 'table' };
      if (key.name === 'escape') return { ...s, mode: 'table', filter: '' };
      const text = editText(s.filter, key);
      return text === undefined ? s : { ...s, filter: text };
    }
    case 'table':
      break;
  }

  if (key.name === 'up' || isText('k')) return select(s, view, index - 1, env.pageSize);
  if (key.name === 'down' || isText('j')) return select(s, view, index + 1, env.pageSize);
  if (key.name === 'pageup' || (key.ctrl && key.text === 'b')) return select(s, view, index - env.pageSize, env.pageSize);
  if (key.name === 'pagedown' || (key.ctrl && key.text === 'f')) return select(s, view, index + env.pageSize, env.pageSize);
  if (key.name === 'home' || isText('g')) return select(s, view, 0, env.pageSize);
  if (key.name === 'end' || isText('G')) return select(s, view, view.length - 1, env.pageSize);
  if (isText('q')) return { ...s, request: { kind: 'quit', seq: nextSeq(s) } };
  if (key.name === 'f1' || isText('?') || isText('h')) return { ...s, mode: 'help' };
  if (key.name === 'f3' || isText('/')) return { ...s, mode: 'search', search: '' };
  if (isText('n')) {
    const found = findMatch(view, s.search, index + 1);
    return found < 0 ? { ...s, status: s.search === '' ? 'no search: press /' : `no match for "${s.search}"` } : select(s, view, found, env.pageSize);
  }
  if (key.name === 'f4' || isText('\\')) return { ...s, mode: 'filter' };
  if (key.name === 'f5' || isText('t')) return { ...s, tree: !s.tree, status: s.tree ? 'tree off' : 'tree on' };
  if (key.name === 'f6' || isText('>') || isText('.')) return cycleSort(s, env.columns, 1);
  if (isText('<') || isText(',')) return cycleSort(s, env.columns, -1);
  if (isText('I')) return { ...s, descending: !s.descending };
  if (isText('u')) {
    const users = usersOf(env.rows);
    const at = s.user === undefined ? 0 : users.indexOf(s.user) + 1;
    return { ...s, mode: 'users', userCursor: Math.max(0, at) };
  }
  if (isText('C')) return { ...s, mode: 'connections' };
  if (isText('a')) return env.canAlerts ? { ...s, mode: 'alerts', alertOffset: 0 } : { ...s, status: 'alert history not available' };
  if (isText('H')) return { ...s, hideKernel: !s.hideKernel, status: s.hideKernel ? 'kernel threads shown' : 'kernel threads hidden' };
  if (isText('c')) return { ...s, showCmdline: !s.showCmdline };
  if (isText('p')) return { ...s, paused: !s.paused, status: s.paused ? 'resumed' : 'paused: press p to resume' };
  if (key.name === 'escape') return { ...s, search: '' };

  const row = selectedRow(s, view, env.lastIndex)?.row;
  const target = row === undefined ? undefined : { pid: row.pid, startTime: row.startTime };
  if (isText(' ')) {
    if (target === undefined) return s;
    return select({ ...s, tags: tagReducer(s.tags, { type: 'toggle', process: target }) }, view, index + 1, env.pageSize);
  }
  if (isText('U')) return { ...s, tags: tagReducer(s.tags, { type: 'clear' }), status: 'tags cleared' };
  const dialog = (kind: TableDialog['kind']): UiState => {
    const targets = actionTargets(s.tags, env.rows, row);
    return targets.length === 0 ? s : { ...s, mode: 'dialog', dialog: { kind, targets, currentNice: row?.nice } };
  };
  const dialogKind: TableDialog['kind'] | undefined =
    key.name === 'f9' || isText('K') ? 'signal' : key.name === 'f7' || key.name === 'f8' ? 'renice' : isText('i') ? 'ionice' : undefined;
  if (dialogKind !== undefined) return env.canDialog ? dialog(dialogKind) : { ...s, status: 'actions not available' };
  if (isText('A')) {
    if (!env.canAcknowledge) return { ...s, status: 'actions not available' };
    if (env.unacknowledged.length === 0) return { ...s, status: 'no firing alert to acknowledge' };
    return { ...s, request: { kind: 'acknowledge', seq: nextSeq(s), ids: [...env.unacknowledged] } };
  }
  if (isText('S')) {
    if (!env.canSilence) return { ...s, status: 'actions not available' };
    if (env.unsilenced.length === 0) return { ...s, status: 'no firing alert to silence' };
    return { ...s, request: { kind: 'silence', seq: nextSeq(s), ids: [...env.unsilenced], ms: SILENCE_MS } };
  }
  if (key.name === 'enter') {
    if (!env.canDetail || target === undefined) return s;
    return { ...s, mode: 'detail', detail: target, detailFrom: undefined };
  }
  return s;
}

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'key':
      return onKey(state, action.key, action.env);
    case 'status':
      return { ...state, status: action.text };
    case 'select':
      return { ...state, selectedKey: action.key };
    case 'openDetail':
      // From inside the detail view (a parent or child): Esc still goes back where it came from.
      return { ...state, mode: 'detail', detail: action.target, detailFrom: state.mode === 'detail' ? state.detailFrom : undefined };
    case 'closeDialog':
      // As in htop, tags are spent once an action ran on them.
      return {
        ...state, mode: 'table', dialog: undefined, status: action.message,
        tags: action.acted ? tagReducer(state.tags, { type: 'clear' }) : state.tags,
      };
    case 'pruneTags': {
      const tags = tagReducer(state.tags, { type: 'prune', alive: action.alive });
      return tags === state.tags ? state : { ...state, tags };
    }
    case 'closeDetail':
      return state.mode === 'detail' ? { ...state, mode: state.detailFrom ?? 'table', detail: undefined, detailFrom: undefined } : state;
  }
}
