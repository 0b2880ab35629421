/**
 * The header: host, kernel, uptime, load, clock, refresh interval; then which backend feeds each
 * panel (sources[x].backend), SmoothTask's own CPU and RSS, and the count of firing alerts.
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { CollectorName, Snapshot } from '../../types/snapshot.js';
import { useSettings } from '../context.js';
import { fmtBytes, fmtNumber, fmtPercent, fmtUptime } from '../format.js';
import { useClock } from '../hooks/useClock.js';
import { Line } from './Line.js';

const SHOWN_SOURCES: readonly [CollectorName, string][] = [
  ['cpu', 'cpu'],
  ['memory', 'mem'],
  ['pressure', 'psi'],
  ['disks', 'disk'],
  ['network', 'net'],
  ['processes', 'proc'],
  ['gpus', 'gpu'],
  ['sensors', 'sens'],
];

/** "cpu:proc mem:proc ... gpu:none": the backend in use per panel. */
export function sourcesText(sources: Snapshot['sources']): string {
  return SHOWN_SOURCES.map(([name, short]) => `${short}:${sources[name]?.backend ?? 'none'}`).join(' ');
}

const Clock = React.memo(function Clock() {
  const now = useClock();
  return <Text>{now.toTimeString().slice(0, 8)}</Text>;
});

export interface HeaderProps {
  snapshot: Snapshot | undefined;
  paused: boolean;
}

export const Header = React.memo(function Header({ snapshot: s, paused }: HeaderProps) {
  const { theme, intervalMs, ascii } = useSettings();
  const sep = ascii ? ' | ' : ' │ ';
  const firing = s?.alerts.filter((a) => a.state === 'firing').length;
  const load = s?.memory;
  return (
    <Box flexDirection="column">
      <Box>
        <Line>
          <Text bold color={theme.title}>
            {s?.host.hostname ?? 'waiting for first sample'}
          </Text>
          {s ? ` ${s.host.kernel}` : ''}
          {sep}up {fmtUptime(load?.uptimeSeconds ?? s?.host.uptimeSeconds)}
          {sep}load {fmtNumber(load?.load1, 2)} {fmtNumber(load?.load5, 2)} {fmtNumber(load?.load15, 2)}
          {sep}
          <Clock />
          {sep}every {(intervalMs / 1000).toFixed(1)}s
          {paused ? <Text color={theme.warn} bold>{`${sep}PAUSED`}</Text> : null}
        </Line>
      </Box>
      <Line>
        <Text color={firing ? theme.crit : theme.dim} bold={firing !== undefined && firing > 0}>
          alerts {firing ?? 'n/a'}
        </Text>
        {sep}self {fmtPercent(s?.self.cpuPercent)}% {fmtBytes(s?.self.rssBytes)}
        {s?.self.bpfCpuPercent === undefined ? '' : ` bpf ${fmtPercent(s.self.bpfCpuPercent)}%`}
        {sep}
        <Text color={theme.dim}>{s ? sourcesText(s.sources) : ''}</Text>
      </Line>
    </Box>
  );
});
