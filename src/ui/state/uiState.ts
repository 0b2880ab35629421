/**
 * The screen's interaction state: modes, sort, search, filter, tree, user filter, selection by
 * (pid, startTime), scrolling, pause, help, detail, and requests for side effects (quit, suspend,
 * acknowledge and silence alerts, moves in time) that App carries out; and the actions of its
 * reducer (reducer.ts). The connections view (C) keeps its own sort, filter and selection in `conn`.
 */
import type { AdviceAction } from '../../verdict/advice.js';
import { initialTagState, type TagState } from '../../actions/tagging.js';
import type { ActionTarget } from '../../actions/target.js';
import type { TimeMove } from '../../store/store.js';
import type { ProcessRow } from '../../types/snapshot.js';
import type { ConnColumnId } from '../connections/columns.js';
import type { ActionKind } from '../dialogs/ActionDialog.js';
import type { KeyEvent } from '../input/keys.js';
import type { ColumnId } from '../table/columns.js';
import type { ViewOptions } from '../table/processView.js';
import type { ProcessIdentity } from '../actions.js';
import type { ScreenView } from './screenView.js';

export type Mode = 'table' | 'search' | 'filter' | 'users' | 'help' | 'detail' | 'alerts' | 'dialog' | 'connections' | 'verdict' | 'goto';

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
  kind: ActionKind;
  targets: ActionTarget[];
  /** The selected process's nice, where the renice dialog starts. */
  currentNice?: number;
  /** Where the dialog starts when opened from the verdict's advice. */
  preset?: AdviceAction;
}

/** How long `S` silences the firing alerts. */
export const SILENCE_MS = 60 * 60 * 1000;

/** A side effect the reducer asks App to perform; `seq` makes each request distinct. */
export type Request =
  | { kind: 'quit'; seq: number }
  | { kind: 'suspend'; seq: number }
  | { kind: 'redraw'; seq: number }
  | { kind: 'acknowledge'; seq: number; ids: string[] }
  | { kind: 'silence'; seq: number; ids: string[]; ms: number };

/**
 * A move of the cursor over the timeline shown, queued: keys typed back to back ([[[) each move,
 * though React hands App their state in one render. `text` is a time as typed in the go-to box
 * (src/timeline/time.ts reads it, with the clock).
 */
export type TimeRequest = { seq: number } & ({ move: TimeMove } | { text: string });

export interface UiState {
  mode: Mode;
  sort: ColumnId;
  descending: boolean;
  filter: string;
  search: string;
  /** The go-to-time box's text (T). */
  gotoText: string;
  user?: string;
  /** Cursor in the user picker; 0 is "all users". */
  userCursor: number;
  /** Rows scrolled past in the alert history. */
  alertOffset: number;
  /** Lines scrolled past in the verdict view. */
  verdictOffset: number;
  /** Lines scrolled past in the help, where it is one column that scrolls. */
  helpOffset: number;
  tree: boolean;
  hideKernel: boolean;
  /** Virtual network interfaces (veth, bridges) one by one, not summed on one line. */
  showVirtualNet: boolean;
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
  /** Moves in time not yet carried out, oldest first (App carries them out and drops them). */
  timeMoves: readonly TimeRequest[];
  /** The last time move's number: each new one is the next, so none is taken for one done. */
  timeSeq: number;
}

export type UiAction =
  /** A key: run the command it is bound to in the current mode (or none) on the view App computed. */
  | { type: 'key'; key: KeyEvent; view: ScreenView }
  | { type: 'status'; text: string }
  | { type: 'select'; key: string }
  | { type: 'openDetail'; target: ProcessIdentity }
  | { type: 'closeDialog'; message: string; acted: boolean }
  | { type: 'pruneTags'; alive: readonly ProcessRow[] }
  | { type: 'closeDetail' }
  /** The time moves up to `seq` were carried out. */
  | { type: 'timeMovesDone'; seq: number };

export const initialUiState: UiState = {
  mode: 'table',
  sort: 'cpu',
  descending: true,
  filter: '',
  search: '',
  gotoText: '',
  userCursor: 0,
  alertOffset: 0,
  verdictOffset: 0,
  helpOffset: 0,
  tags: initialTagState,
  tree: false,
  hideKernel: false,
  showVirtualNet: false,
  showCmdline: true,
  paused: false,
  scrollTop: 0,
  conn: { sort: 'proto', descending: false, filter: '', filtering: false, index: 0, scrollTop: 0 },
  status: '',
  timeMoves: [],
  timeSeq: 0,
};

export function viewOptions(s: UiState, ascii: boolean): ViewOptions {
  return {
    sort: s.sort,
    descending: s.descending,
    filter: s.filter,
    user: s.user,
    hideKernel: s.hideKernel,
    tree: s.tree,
    ascii,
  };
}
