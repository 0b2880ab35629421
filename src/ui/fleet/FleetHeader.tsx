/** The fleet screen's top two lines: what it reads and how many hosts are up, then the state of Prometheus. */
import React from 'react';
import { Text } from '../components/Text.js';
import type { FleetSnapshot } from '../../fleet/types.js';
import { Line } from '../components/Line.js';
import { useSettings } from '../context.js';
import { isStale, sourceLine } from './words.js';

export interface FleetHeaderProps {
  snapshot: FleetSnapshot;
  url: string;
  /** The time the header is drawn at (ms), for ages. */
  now: number;
}

export const FleetHeader = React.memo(function FleetHeader({ snapshot, url, now }: FleetHeaderProps) {
  const { theme, intervalMs } = useSettings();
  const rows = snapshot.rows;
  const down = rows.filter((r) => r.targetsUp === 0).length;
  const gpus = rows.reduce((n, r) => n + (r.gpuCount ?? 0), 0);
  const state = snapshot.status.state;
  const bad = state !== 'ok' && state !== 'connecting';
  return (
    <>
      <Line>
        <Text bold color={theme.title}>
          SmoothTask fleet
        </Text>
        {`  ${url}  ${rows.length} hosts, `}
        <Text color={down > 0 ? theme.crit : theme.good}>{`${down} down`}</Text>
        {gpus > 0 ? `  ${gpus} GPUs` : ''}
      </Line>
      <Line bold={bad} color={state === 'partial' ? theme.warn : bad ? theme.crit : theme.dim} inverse={bad && isStale(snapshot) && theme.mode === 'none'}>
        {sourceLine(snapshot, now, intervalMs)}
      </Line>
    </>
  );
});
