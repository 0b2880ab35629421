/**
 * The fleet screen's one reducer: each key is looked up in the fleet's command table in the mode
 * the latest state is in and run on that state and the view FleetApp computed; every key clears
 * the status message.
 */
import type { KeyEvent } from '../input/keys.js';
import { fleetCommandFor } from './commands.js';
import type { FleetScreenView } from './handlers.js';
import { fleetKeyMode, type FleetUiState } from './state.js';

export type FleetUiAction = { type: 'key'; key: KeyEvent; view: FleetScreenView } | { type: 'status'; text: string };

export function fleetReducer(state: FleetUiState, action: FleetUiAction): FleetUiState {
  if (action.type === 'status') return { ...state, status: action.text };
  const s = state.status === '' ? state : { ...state, status: '' };
  const call = fleetCommandFor(fleetKeyMode(state, action.view.tooSmall), action.key);
  return call === undefined ? s : call.command.run(s, action.view, call.args);
}
