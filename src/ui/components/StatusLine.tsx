/** The bottom line: the prompt of the current mode, the last message, or key hints (from the command table) with counts. */
import React from 'react';
import { Text } from './Text.js';
import { useSettings } from '../context.js';
import { statusHints, timeHints } from '../commands/hints.js';
import type { ScreenView } from '../state/screenView.js';
import type { UiState } from '../state/uiState.js';
import { Line } from './Line.js';

export interface StatusLineProps {
  state: UiState;
  shown: number;
  total: number;
  /** What is counted: processes, or connections in the connections view. */
  unit: string;
  /** Live, paused or replay: the time keys are hinted while not live. */
  time: ScreenView['time'];
}

const TABLE_HINTS = statusHints('table');
const CONN_HINTS = statusHints('connections');
const TIME_HINTS = timeHints();

export const StatusLine = React.memo(function StatusLine({ state, shown, total, unit, time }: StatusLineProps) {
  const { theme } = useSettings();
  const counts = `${shown}/${total} ${unit}`;
  const conn = state.mode === 'connections';
  const filter = conn ? state.conn.filter : state.filter;
  const typing = conn ? state.conn.filtering : state.mode === 'filter';
  const flags = [
    filter !== '' && !typing ? `filter "${filter}"` : '',
    state.user !== undefined && !conn ? `user ${state.user}` : '',
    state.tree && !conn ? 'tree' : '',
    state.hideKernel && !conn ? 'no kthreads' : '',
    state.paused ? 'PAUSED' : '',
  ].filter((f) => f !== '');
  let text: string;
  switch (state.mode) {
    case 'search':
      text = `Search: ${state.search}_  (F3 next, Enter keep, Esc clear)`;
      break;
    case 'goto':
      text = `Go to: ${state.gotoText}_  ("2026-12-04 03:12", "03:12", "-2h", ISO 8601; Enter go, Esc cancel)`;
      break;
    case 'filter':
    case 'connections':
      text = typing ? `Filter: ${filter}_  (Enter keep, Esc clear)` : state.status;
      break;
    default:
      text = state.status;
  }
  const info = [counts, ...flags].join('  ');
  // Prompts and messages first; otherwise the counts, then the key hints (cut first when narrow).
  if (text === '') {
    return (
      <Line>
        <Text color={theme.dim}>{info}</Text>
        {conn ? CONN_HINTS : time === 'live' ? TABLE_HINTS : TIME_HINTS}
      </Line>
    );
  }
  return (
    <Line>
      <Text bold color={state.status !== '' && (state.mode === 'table' || conn) ? theme.warn : undefined}>
        {text}
      </Text>
      <Text color={theme.dim}>{`  ${info}`}</Text>
    </Line>
  );
});
