/**
 * The screen's one reducer. A reducer, not setState in a handler, so keys typed back to back each
 * see the state the previous key left (Ink delivers them faster than React re-renders): each key
 * is looked up in the command table (commands/) in the mode the latest state is in, and the
 * command's handler runs on that state and the view App computed (memoised, so the handler and
 * the render share the rows).
 */
import { tagReducer } from '../../actions/tagging.js';
import type { CommandCall } from '../commands/command.js';
import { keyModeOf } from '../commands/modes.js';
import { commandFor } from '../commands/screenCommands.js';
import type { ScreenView } from './screenView.js';
import type { UiAction, UiState } from './uiState.js';

/**
 * Run a command (none: the key did nothing) on the latest state. Every key clears the status
 * message; while the terminal is too small only quit runs, and nothing else changes.
 */
function runCommand(state: UiState, call: CommandCall | undefined, view: ScreenView): UiState {
  const s: UiState = state.status === '' ? state : { ...state, status: '' };
  return call === undefined ? s : call.command.run(s, view, call.args);
}

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'key':
      return runCommand(state, commandFor(keyModeOf(state, action.view.tooSmall), action.key), action.view);
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
        ...state,
        mode: 'table',
        dialog: undefined,
        status: action.message,
        tags: action.acted ? tagReducer(state.tags, { type: 'clear' }) : state.tags,
      };
    case 'pruneTags': {
      const tags = tagReducer(state.tags, { type: 'prune', alive: action.alive });
      return tags === state.tags ? state : { ...state, tags };
    }
    case 'timeMovesDone':
      return { ...state, timeMoves: state.timeMoves.filter((m) => m.seq > action.seq) };
    case 'closeDetail':
      return state.mode === 'detail' ? { ...state, mode: state.detailFrom ?? 'table', detail: undefined, detailFrom: undefined } : state;
  }
}
