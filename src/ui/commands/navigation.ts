/**
 * Moving the cursor of whichever list the mode shows: the process table, the connections, the
 * alert history, the user picker. One cursor per mode, so Up, PgDn or End are one command each.
 */
import type { ScreenView } from '../state/screenView.js';
import { indexOfKey, scrollFor, select, selectionIndex } from '../state/selection.js';
import { viewOptions, type UiState } from '../state/uiState.js';
import { usersOf } from '../table/processView.js';
import type { CommandHandler } from './command.js';

interface Cursor {
  index: number;
  length: number;
  /** Rows one page moves. */
  page: number;
  /** The state with the cursor on row `i` (clamped to the list). */
  moveTo(i: number): UiState;
}

const clamp = (i: number, last: number) => Math.max(0, Math.min(i, last));

function cursorOf(s: UiState, view: ScreenView): Cursor | undefined {
  switch (s.mode) {
    case 'table': {
      const rows = view.processView(viewOptions(s, view.ascii));
      const index = selectionIndex(s, rows, view.lastIndex);
      return { index, length: rows.length, page: view.pageSize, moveTo: (i) => select(s, rows, i, view.pageSize) };
    }
    case 'connections': {
      const c = s.conn;
      const rows = view.connView(c);
      const moveTo = (to: number): UiState => {
        if (rows.length === 0) return { ...s, conn: { ...c, selectedKey: undefined, index: 0, scrollTop: 0 } };
        const i = clamp(to, rows.length - 1);
        return { ...s, conn: { ...c, selectedKey: rows[i].key, index: i, scrollTop: scrollFor(c.scrollTop, i, view.connPageSize, rows.length) } };
      };
      return { index: indexOfKey(rows, c.selectedKey, c.index), length: rows.length, page: view.connPageSize, moveTo };
    }
    case 'alerts': {
      const last = Math.max(0, view.alertCount - 1);
      return { index: s.alertOffset, length: last + 1, page: view.pageSize, moveTo: (i) => ({ ...s, alertOffset: clamp(i, last) }) };
    }
    case 'help': {
      // Where the help shows whole there is nothing to scroll: the keys close it like any other.
      if (view.helpLines === 0) return undefined;
      const last = Math.max(0, view.helpLines - 1);
      return { index: s.helpOffset, length: last + 1, page: view.pageSize, moveTo: (i) => ({ ...s, helpOffset: clamp(i, last) }) };
    }
    case 'verdict': {
      const last = Math.max(0, view.verdictLines - 1);
      return { index: s.verdictOffset, length: last + 1, page: view.pageSize, moveTo: (i) => ({ ...s, verdictOffset: clamp(i, last) }) };
    }
    case 'users': {
      // Row 0 is "all users", then one row per user.
      const last = usersOf(view.rows).length;
      return { index: s.userCursor, length: last + 1, page: view.pageSize, moveTo: (i) => ({ ...s, userCursor: clamp(i, last) }) };
    }
    default:
      return undefined;
  }
}

/** A command that moves the cursor to where `to` says, from the current row. */
function moveCursor(to: (c: Cursor) => number): CommandHandler {
  return (s, view) => {
    const c = cursorOf(s, view);
    // The help shown whole has nothing to scroll: there, as any key does, a movement key closes it.
    if (c === undefined) return s.mode === 'help' ? { ...s, mode: 'table' } : s;
    return c.moveTo(to(c));
  };
}

export const moveUp = moveCursor((c) => c.index - 1);
export const moveDown = moveCursor((c) => c.index + 1);
export const pageUp = moveCursor((c) => c.index - c.page);
export const pageDown = moveCursor((c) => c.index + c.page);
export const moveFirst = moveCursor(() => 0);
export const moveLast = moveCursor((c) => c.length - 1);
