/** The bottom line: the prompt of the current mode, the last message, or key hints with counts. */
import React from 'react';
import { Text } from 'ink';
import { useSettings } from '../context.js';
import type { UiState } from '../state/uiState.js';
import { Line } from './Line.js';

export interface StatusLineProps {
  state: UiState;
  shown: number;
  total: number;
}

export const StatusLine = React.memo(function StatusLine({ state, shown, total }: StatusLineProps) {
  const { theme } = useSettings();
  const counts = `${shown}/${total} procs`;
  const flags = [
    state.filter !== '' && state.mode !== 'filter' ? `filter "${state.filter}"` : '',
    state.user !== undefined ? `user ${state.user}` : '',
    state.tree ? 'tree' : '',
    state.hideKernel ? 'no kthreads' : '',
    state.paused ? 'PAUSED' : '',
  ].filter((f) => f !== '');
  let text: string;
  switch (state.mode) {
    case 'search':
      text = `Search: ${state.search}_  (F3 next, Enter keep, Esc clear)`;
      break;
    case 'filter':
      text = `Filter: ${state.filter}_  (Enter keep, Esc clear)`;
      break;
    case 'confirmKill':
      text = `Send SIGTERM to ${state.killTarget?.target.pid} (${state.killTarget?.comm})? y/N`;
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
        {'  F1 help  F3 search  F4 filter  F5 tree  F6 sort  F9 kill  F10 quit'}
      </Line>
    );
  }
  return (
    <Line>
      <Text bold color={state.status !== '' && state.mode === 'table' ? theme.warn : undefined}>
        {text}
      </Text>
      <Text color={theme.dim}>{`  ${info}`}</Text>
    </Line>
  );
});
