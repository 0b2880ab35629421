/** The fleet screen's bottom line: the box being typed in, the last message, or the counts and key hints. */
import React from 'react';
import { Text } from '../components/Text.js';
import { Line } from '../components/Line.js';
import { useSettings } from '../context.js';
import { fleetHints } from './commands.js';
import type { FleetUiState } from './state.js';

export interface FleetStatusLineProps {
  state: FleetUiState;
  shown: number;
  total: number;
}

const TABLE_HINTS = fleetHints(
  [
    ['help', 'help'],
    ['search', 'search'],
    ['filter', 'filter'],
    ['sortNext', 'sort'],
    ['group', 'group'],
    ['openHost', 'host'],
    ['quit', 'quit'],
  ],
  'table',
);
const HOST_HINTS = fleetHints(
  [
    ['closeHost', 'back'],
    ['quit', 'quit'],
  ],
  'host',
);

export const FleetStatusLine = React.memo(function FleetStatusLine({ state, shown, total }: FleetStatusLineProps) {
  const { theme } = useSettings();
  const flags = [
    `${shown}/${total} hosts`,
    state.filter !== '' && state.mode !== 'filter' ? `filter "${state.filter}"` : '',
    state.groupBy !== undefined ? `by ${state.groupBy}` : '',
  ].filter((f) => f !== '');
  const info = flags.join('  ');
  let text = state.status;
  if (state.mode === 'search') text = `Search: ${state.search}_  (F3 next, Enter keep, Esc clear)`;
  if (state.mode === 'filter') text = `Filter: ${state.filter}_  (Enter keep, Esc clear)`;
  if (text === '') {
    return (
      <Line>
        <Text color={theme.dim}>{info}</Text>
        {state.mode === 'host' ? HOST_HINTS : TABLE_HINTS}
      </Line>
    );
  }
  return (
    <Line>
      <Text bold color={state.status !== '' ? theme.warn : undefined}>
        {text}
      </Text>
      <Text color={theme.dim}>{`  ${info}`}</Text>
    </Line>
  );
});
