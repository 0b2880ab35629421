/**
 * What App has computed for the frame on screen, handed to the reducer with each command: the
 * rows and their visible order (memoised by App, so a command and the render share one
 * computation), page sizes, the sort columns on screen, and which runtime actions and slots exist.
 */
import type { Advice } from '../../verdict/advice.js';
import type { ConnectionRow, ProcessRow } from '../../types/snapshot.js';
import type { ConnViewOptions, ConnViewRow } from '../connections/view.js';
import type { ColumnId } from '../table/columns.js';
import type { ViewOptions, ViewRow } from '../table/processView.js';

export interface ScreenView {
  /** The snapshot's processes, unfiltered. */
  rows: readonly ProcessRow[];
  /** The table's rows for these options: App's memo, the same array App drew when they match. */
  processView: (opts: ViewOptions) => readonly ViewRow[];
  /** The snapshot's connections, unfiltered, and their visible rows (memoised likewise). */
  connections: readonly ConnectionRow[];
  connView: (opts: ConnViewOptions) => readonly ConnViewRow[];
  ascii: boolean;
  /** Table rows visible at once. */
  pageSize: number;
  /** Connection rows visible at once. */
  connPageSize: number;
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
  /** The action dialogs (signal, renice, ionice) and the runtime's process actions are there. */
  canDialog: boolean;
  /** Lines of the help where it scrolls at this size (one column); 0 where it shows whole or is closed. */
  helpLines: number;
  /** Lines of the verdict view's report (V); 0 while it is closed. */
  verdictLines: number;
  /** The verdict's advice, numbered 1.. in the verdict view (keys 1-9 open its dialog). */
  advice: readonly Advice[];
  /** The alert history view is there, and how many resolved alerts it lists. */
  canAlerts: boolean;
  alertCount: number;
  /**
   * What the screen shows: the latest sample, a sample held while paused (`top`), or a recorded
   * one (`replay`, where nothing can be acted on and there is nothing to resume).
   */
  time: 'live' | 'paused' | 'replay';
}
