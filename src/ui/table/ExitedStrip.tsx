/**
 * The "recently exited" strip below the process table: the processes that lived and exited
 * between two refreshes (snapshot.recentExits, from the eBPF sched group), grouped by name with
 * their count and median lifetime, and the events the kernel dropped. Drawn only when the
 * snapshot has the field: without the sched group there is nothing measured to show.
 */
import React from 'react';
import type { RecentExit, RecentExits, Snapshot } from '../../types/snapshot.js';
import { Line } from '../components/Line.js';
import { useSettings } from '../context.js';
import { useSnapshot } from '../hooks/useSnapshot.js';
import { compareText } from '../../util/compareText.js';

/** The process table keeps at least this many rows; below it the strip gives way. */
const MIN_TABLE_ROWS = 10;

/** Lines the strip takes from the process table: 1 when it is drawn. */
export function exitedStripLines(snapshot: Snapshot | undefined, tableRows: number): number {
  return snapshot?.recentExits !== undefined && tableRows > MIN_TABLE_ROWS ? 1 : 0;
}

/** A lifetime as the strip writes it: "<1 ms", "37 ms", "1.2 s". */
export function fmtLifetime(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * "exited: make ×40 (3 ms), sh ×12 (1 ms), +5 more · 61 execs, 2 lost": names by how often they
 * exited, each with the median lifetime; "+N more" when the list was capped; the programs started
 * in the interval; the drops when any.
 */
export function exitedStripText(recent: RecentExits, times: string): string {
  const tail = `${recent.execs > 0 ? ` · ${recent.execs} execs` : ''}${recent.lost > 0 ? `, ${recent.lost} lost` : ''}`;
  if (recent.seen === 0) return `exited: none since the last refresh${tail}`;
  const byName = new Map<string, RecentExit[]>();
  for (const e of recent.exits) {
    const same = byName.get(e.comm);
    if (same === undefined) byName.set(e.comm, [e]);
    else same.push(e);
  }
  const groups = [...byName.entries()].sort((a, b) => b[1].length - a[1].length || compareText(a[0], b[0]));
  const parts = groups.map(
    ([name, exits]) => `${name}${exits.length > 1 ? ` ${times}${exits.length}` : ''} (${fmtLifetime(median(exits.map((e) => e.lifetimeMs)))})`,
  );
  const more = recent.seen - recent.exits.length;
  if (more > 0) parts.push(`+${more} more`);
  return `exited: ${parts.join(', ')}${tail}`;
}

export interface ExitedStripProps {
  /** The process table's rows before the strip takes its line (layout.tableRows). */
  tableRows: number;
}

export const ExitedStrip = React.memo(function ExitedStrip({ tableRows }: ExitedStripProps) {
  const snapshot = useSnapshot();
  const { theme, ascii } = useSettings();
  if (snapshot?.recentExits === undefined || exitedStripLines(snapshot, tableRows) === 0) return null;
  return <Line color={theme.dim}>{exitedStripText(snapshot.recentExits, ascii ? 'x' : '×')}</Line>;
});
