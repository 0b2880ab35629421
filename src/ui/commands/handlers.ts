/**
 * The handlers of the commands that are not moving or typing: views, sort, toggles, tags, the
 * action dialogs, alerts, details and the side effects App carries out (quit, suspend). Pure.
 */
import { actionTargets, tagReducer } from '../../actions/tagging.js';
import { targetOf } from '../../actions/target.js';
import { CONN_COLUMN_IDS, connColumnById } from '../connections/columns.js';
import type { ScreenView } from '../state/screenView.js';
import { indexOfKey, select, selectionIndex } from '../state/selection.js';
import { SILENCE_MS, viewOptions, type Request, type TableDialog, type UiState } from '../state/uiState.js';
import { columnById } from '../table/columns.js';
import { usersOf } from '../table/processView.js';
import type { CommandHandler } from './command.js';

/** What an action key says in replay: a recording's processes are not there to act on. */
export const REPLAY_NO_ACTIONS = 'replay: a recording cannot be acted on (signals, renice, ionice, policies and weights need the live process)';

function nextSeq(s: UiState): number {
  return (s.request?.seq ?? 0) + 1;
}

type WithoutSeq<R> = R extends unknown ? Omit<R, 'seq'> : never;
type RequestBody = WithoutSeq<Request>;

/** Ask App for a side effect; each request is distinct, so the same one twice runs twice. */
function request(s: UiState, body: RequestBody): UiState {
  return { ...s, request: { ...body, seq: nextSeq(s) } };
}

export const quit: CommandHandler = (s) => request(s, { kind: 'quit' });
export const suspend: CommandHandler = (s) => request(s, { kind: 'suspend' });
export const redraw: CommandHandler = (s) => request(s, { kind: 'redraw' });

/** The column `step` places from `current` in `columns`, wrapping. */
function cycle<T>(columns: readonly T[], current: T, step: number): T {
  const i = columns.indexOf(current);
  return columns[(i + step + columns.length) % columns.length];
}

/** The next or previous sort column (of the table on screen, or of the connections). */
function sortStep(step: number): CommandHandler {
  return (s, view) => {
    if (s.mode === 'connections') {
      const col = connColumnById(cycle(CONN_COLUMN_IDS, s.conn.sort, step));
      return { ...s, conn: { ...s.conn, sort: col.id, descending: col.descendingFirst }, status: `sort: ${col.header}` };
    }
    const col = columnById(cycle(view.columns, s.sort, step));
    return { ...s, sort: col.id, descending: col.descendingFirst, status: `sort: ${col.header}` };
  };
}

export const sortNext = sortStep(1);
export const sortPrevious = sortStep(-1);

export const invertSort: CommandHandler = (s) =>
  s.mode === 'connections' ? { ...s, conn: { ...s.conn, descending: !s.conn.descending } } : { ...s, descending: !s.descending };

/** F4 or \: the table's filter box, or the connections'. */
export const startFilter: CommandHandler = (s) => (s.mode === 'connections' ? { ...s, conn: { ...s.conn, filtering: true } } : { ...s, mode: 'filter' });

export const startSearch: CommandHandler = (s) => ({ ...s, mode: 'search', search: '' });
export const clearSearch: CommandHandler = (s) => ({ ...s, search: '' });
export const openHelp: CommandHandler = (s) => ({ ...s, mode: 'help', helpOffset: 0 });
export const backToTable: CommandHandler = (s) => ({ ...s, mode: 'table' });

export const toggleTree: CommandHandler = (s) => ({ ...s, tree: !s.tree, status: s.tree ? 'tree off' : 'tree on' });
export const toggleKernel: CommandHandler = (s) => ({
  ...s,
  hideKernel: !s.hideKernel,
  status: s.hideKernel ? 'kernel threads shown' : 'kernel threads hidden',
});
export const toggleVirtualNet: CommandHandler = (s) => ({
  ...s,
  showVirtualNet: !s.showVirtualNet,
  status: s.showVirtualNet ? 'virtual interfaces summed on one line' : 'virtual interfaces shown one by one',
});
export const toggleCmdline: CommandHandler = (s) => ({ ...s, showCmdline: !s.showCmdline });

/** u: open the user picker on the user shown now; in the picker, close it. */
export const toggleUsers: CommandHandler = (s, view) => {
  if (s.mode === 'users') return { ...s, mode: 'table' };
  const users = usersOf(view.rows);
  const at = s.user === undefined ? 0 : users.indexOf(s.user) + 1;
  return { ...s, mode: 'users', userCursor: Math.max(0, at) };
};

/** Enter in the user picker: show that user's processes (row 0: everyone's). */
export const pickUser: CommandHandler = (s, view) => {
  const users = usersOf(view.rows);
  const user = s.userCursor === 0 ? undefined : users[s.userCursor - 1];
  return { ...s, mode: 'table', user, scrollTop: 0, selectedKey: undefined };
};

export const toggleConnections: CommandHandler = (s) => ({ ...s, mode: s.mode === 'connections' ? 'table' : 'connections' });

export const toggleAlerts: CommandHandler = (s, view) => {
  if (s.mode === 'alerts') return { ...s, mode: 'table' };
  return view.canAlerts ? { ...s, mode: 'alerts', alertOffset: 0 } : { ...s, status: 'alert history not available' };
};

export const toggleVerdict: CommandHandler = (s) => (s.mode === 'verdict' ? { ...s, mode: 'table' } : { ...s, mode: 'verdict', verdictOffset: 0 });

/** The selected table row, if any. */
function selectedRow(s: UiState, view: ScreenView) {
  const rows = view.processView(viewOptions(s, view.ascii));
  const i = selectionIndex(s, rows, view.lastIndex);
  return { rows, index: i, row: i < 0 ? undefined : rows[i].row };
}

/** Space: tag or untag the selected process and move down. */
export const toggleTag: CommandHandler = (s, view) => {
  const { rows, index, row } = selectedRow(s, view);
  if (row === undefined) return s;
  const tags = tagReducer(s.tags, { type: 'toggle', process: { pid: row.pid, startTime: row.startTime } });
  return select({ ...s, tags }, rows, index + 1, view.pageSize);
};

export const clearTags: CommandHandler = (s) => ({ ...s, tags: tagReducer(s.tags, { type: 'clear' }), status: 'tags cleared' });

/** Open an action dialog on the tagged processes, or the selected one. */
function openDialog(kind: TableDialog['kind']): CommandHandler {
  return (s, view) => {
    if (view.time === 'replay') return { ...s, status: REPLAY_NO_ACTIONS };
    if (!view.canDialog) return { ...s, status: 'actions not available' };
    const { row } = selectedRow(s, view);
    const targets = actionTargets(s.tags, view.rows, row);
    return targets.length === 0 ? s : { ...s, mode: 'dialog', dialog: { kind, targets, currentNice: row?.nice } };
  };
}

export const signalDialog = openDialog('signal');
export const reniceDialog = openDialog('renice');
export const ioniceDialog = openDialog('ionice');
export const schedDialog = openDialog('sched');
export const weightDialog = openDialog('weight');

/** 1-9 in the verdict view: the advice's dialog on its process, starting at the advised value. */
export const applyAdvice: CommandHandler = (s, view, args) => {
  const advice = view.advice[Number(args.text) - 1];
  if (advice === undefined) return { ...s, status: `no advice ${args.text}` };
  if (!view.canDialog) return { ...s, status: 'actions not available' };
  const row = view.rows.find((r) => r.pid === advice.pid && r.startTime === advice.startTime);
  if (row === undefined) return { ...s, status: `${advice.comm} (${advice.pid}) has exited` };
  return { ...s, mode: 'dialog', dialog: { kind: advice.action.kind, targets: [targetOf(row)], currentNice: row.nice, preset: advice.action } };
};

export const acknowledgeAlerts: CommandHandler = (s, view) => {
  if (!view.canAcknowledge) return { ...s, status: 'actions not available' };
  if (view.unacknowledged.length === 0) return { ...s, status: 'no firing alert to acknowledge' };
  return request(s, { kind: 'acknowledge', ids: [...view.unacknowledged] });
};

export const silenceAlerts: CommandHandler = (s, view) => {
  if (!view.canSilence) return { ...s, status: 'actions not available' };
  if (view.unsilenced.length === 0) return { ...s, status: 'no firing alert to silence' };
  return request(s, { kind: 'silence', ids: [...view.unsilenced], ms: SILENCE_MS });
};

/** Enter in the table: the selected process's details. */
export const openDetails: CommandHandler = (s, view) => {
  const { row } = selectedRow(s, view);
  if (!view.canDetail || row === undefined) return s;
  return { ...s, mode: 'detail', detail: { pid: row.pid, startTime: row.startTime }, detailFrom: undefined };
};

/** Enter in the connections: the details of the socket's owner, looked up by pid for its start time. */
export const openOwnerDetails: CommandHandler = (s, view) => {
  const rows = view.connView(s.conn);
  const index = indexOfKey(rows, s.conn.selectedKey, s.conn.index);
  if (index < 0) return s;
  const pid = rows[index].row.pid;
  if (pid === undefined) return { ...s, status: 'no owning process seen for this socket' };
  if (!view.canDetail) return { ...s, status: 'process details not available' };
  const owner = view.rows.find((r) => r.pid === pid);
  if (owner === undefined) return { ...s, status: `process ${pid} is not in the process list` };
  return { ...s, mode: 'detail', detail: { pid, startTime: owner.startTime }, detailFrom: 'connections' };
};
