/**
 * The header: first, while the screen is not live, REPLAY or PAUSED with the sample's time and the
 * timeline's range; host, kernel, uptime, load, clock, the refresh interval in force (stretched while
 * sampling passes are slow, src/runtime/pacing.ts, with the configured one beside it); then which backend feeds each
 * panel (sources[x].backend), SmoothTask's own CPU and RSS, and the count of firing alerts; then
 * the verdict: what limits the host now, its headline evidence, hog and victim (docs/verdict.md).
 */
import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { TimePosition } from '../../store/store.js';
import type { CollectorName, Snapshot } from '../../types/snapshot.js';
import { verdictLine } from '../../verdict/format.js';
import type { Verdict } from '../../verdict/types.js';
import type { Theme } from '../theme.js';
import { useSettings } from '../context.js';
import { fmtBytes, fmtNumber, fmtPercent, fmtUptime } from '../format.js';
import { positionText } from '../time/timeText.js';
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

/**
 * The time the numbers on screen were taken (HH:MM:SS, local). Drawn from the snapshot rather
 * than a timer of its own: a separate clock tick would cost Ink a whole second frame every
 * second (bench/README.md, 'Header clock from the snapshot'), and while paused the frozen time
 * says how old the numbers are.
 */
function snapshotTime(takenAt: string | undefined): string {
  return takenAt === undefined ? '--:--:--' : new Date(takenAt).toTimeString().slice(0, 8);
}

/** Red for a critical limit, yellow for an almost-critical one, green for headroom. */
function verdictColor(v: Verdict, theme: Theme): string | undefined {
  const top = v.limiting[0];
  if (top === undefined) return theme.good;
  return top.level === 'critical' ? theme.crit : theme.warn;
}

/** An interval in seconds, one decimal. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

export interface HeaderProps {
  snapshot: Snapshot | undefined;
  paused: boolean;
  /** Where the cursor is on the timeline shown (replay, or the samples held while paused). */
  position?: TimePosition;
}

/** Where the cursor is, or PAUSED alone where no samples are held to step through. */
function timeLabel(paused: boolean, position: TimePosition | undefined): string | undefined {
  if (position !== undefined) return positionText(position);
  return paused ? 'PAUSED' : undefined;
}

export const Header = React.memo(function Header({ snapshot: s, paused, position }: HeaderProps) {
  const { theme, intervalMs, ascii } = useSettings();
  const sep = ascii ? ' | ' : ' │ ';
  const firing = s?.alerts.filter((a) => a.state === 'firing').length;
  const load = s?.memory;
  const label = timeLabel(paused, position);
  return (
    <Box flexDirection="column">
      <Box>
        <Line>
          {label !== undefined ? (
            <Text color={theme.warn} bold>
              {`${label}${sep}`}
            </Text>
          ) : null}
          <Text bold color={theme.title}>
            {s?.host.hostname ?? 'waiting for first sample'}
          </Text>
          {s ? ` ${s.host.kernel}` : ''}
          {sep}up {fmtUptime(load?.uptimeSeconds ?? s?.host.uptimeSeconds)}
          {sep}load {fmtNumber(load?.load1, 2)} {fmtNumber(load?.load5, 2)} {fmtNumber(load?.load15, 2)}
          {sep}
          {snapshotTime(s?.takenAt)}
          {sep}every {seconds(s?.intervalMs ?? intervalMs)}s
          {s !== undefined && s.intervalMs > intervalMs ? (
            <Text
              color={theme.warn}
            >{` (set ${seconds(intervalMs)}s; a pass takes ${s.self.sampleMs === undefined ? 'n/a' : `${seconds(s.self.sampleMs)}s`})`}</Text>
          ) : null}
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
      <Line>
        {s?.verdict === undefined ? (
          <Text color={theme.dim}>verdict n/a{s ? ' (this snapshot was recorded without one)' : ''}</Text>
        ) : (
          <Text color={verdictColor(s.verdict, theme)}>{verdictLine(s.verdict)}</Text>
        )}
      </Line>
    </Box>
  );
});
