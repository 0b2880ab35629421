/**
 * The modes keys are read in. The screen's mode (UiState.mode) and its refinements: typing into
 * the connections filter or the detail view's files filter, and a terminal too small to draw in
 * (only quit works there).
 */
import type { Mode, UiState } from '../state/uiState.js';

export type KeyMode = Mode | 'connFilter' | 'detailFilter' | 'tooSmall';

export const KEY_MODES: readonly KeyMode[] = [
  'table',
  'search',
  'filter',
  'users',
  'help',
  'detail',
  'detailFilter',
  'alerts',
  'verdict',
  'dialog',
  'connections',
  'connFilter',
  'goto',
  'tooSmall',
];

/** The mode the next key is read in. */
export function keyModeOf(s: UiState, tooSmall: boolean): KeyMode {
  if (tooSmall) return 'tooSmall';
  if (s.mode === 'connections' && s.conn.filtering) return 'connFilter';
  return s.mode;
}
