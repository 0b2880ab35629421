/**
 * The "recently closed" line at the bottom of the connections view: TCP connections that closed
 * since the last read (snapshot.connectionEvents, from the eBPF net group), newest first, with
 * their owner, lifetime and bytes, even when they opened and closed between two refreshes. Drawn
 * only when the snapshot has the field.
 */
import React from 'react';
import type { ConnectionEvent, ConnectionEvents, Snapshot } from '../../types/snapshot.js';
import { Line } from '../components/Line.js';
import { useSettings } from '../context.js';
import { fmtBytes } from '../format.js';
import { useSnapshot } from '../hooks/useSnapshot.js';
import { fmtLifetime } from '../table/ExitedStrip.js';

/** Lines the section takes from the connections table: 1 when it is drawn. */
export function closedConnectionsLines(snapshot: Snapshot | undefined): number {
  return snapshot?.connectionEvents !== undefined ? 1 : 0;
}

function closedText(e: ConnectionEvent, arrow: string): string {
  const who = e.comm ?? (e.pid === undefined ? '' : String(e.pid));
  const life = e.durationMs === undefined ? '' : ` ${fmtLifetime(e.durationMs)}`;
  return `${who === '' ? '' : `${who} `}${e.local}${arrow}${e.remote}${life} tx ${fmtBytes(e.txBytes)} rx ${fmtBytes(e.rxBytes)}`;
}

/** "closed: curl 10.0.0.5:4711→1.2.3.4:443 70 ms tx 517B rx 4.00K; …, +3 more, 1 lost". */
export function closedConnectionsText(events: ConnectionEvents, arrow: string): string {
  const closed = events.events.filter((e) => e.kind === 'close');
  const lost = events.lost > 0 ? `, ${events.lost} lost` : '';
  if (closed.length === 0) return `closed: none since the last read${lost}`;
  const more = events.seen - events.events.length;
  return `closed: ${closed.map((e) => closedText(e, arrow)).join('; ')}${more > 0 ? `, +${more} more events` : ''}${lost}`;
}

export const ClosedConnections = React.memo(function ClosedConnections() {
  const snapshot = useSnapshot();
  const { theme, ascii } = useSettings();
  if (snapshot?.connectionEvents === undefined) return null;
  return <Line color={theme.dim}>{closedConnectionsText(snapshot.connectionEvents, ascii ? '->' : '→')}</Line>;
});
