/**
 * The fleet screen's words for the state of its source: what went wrong with Prometheus, for
 * how long, and how old the values on screen are. Pure, so each state's wording is tested.
 */
import type { FleetSnapshot, FleetStatus } from '../../fleet/types.js';
import { fmtDuration } from '../format.js';

/** What the state of the last refresh means, in a phrase. */
export function statusWords(status: FleetStatus): string {
  switch (status.state) {
    case 'connecting':
      return 'connecting to Prometheus';
    case 'ok':
      return 'Prometheus ok';
    case 'partial':
      return `partial data (${status.message})`;
    case 'down':
      return `Prometheus is down (${status.message})`;
    case 'slow':
      return `Prometheus is slow (${status.message})`;
    case 'unauthorized':
      return `Prometheus refused the credentials: unauthorized (${status.message})`;
    case 'badQuery':
      return `Prometheus rejected a query (${status.message})`;
    case 'error':
      return `Prometheus error (${status.message})`;
  }
}

/** Whether the rows on screen are the last ones kept through a failure (drawn grey). */
export function isStale(s: Pick<FleetSnapshot, 'status' | 'rowsAt'>): boolean {
  return s.rowsAt !== undefined && s.status.state !== 'ok' && s.status.state !== 'partial' && s.status.state !== 'connecting';
}

/** The status line of the header: the state, how long it has lasted, the values' age and the retry. */
export function sourceLine(s: FleetSnapshot, nowMs: number, intervalMs: number): string {
  const words = statusWords(s.status);
  const every = fmtDuration(intervalMs / 1000);
  if (s.status.state === 'ok' || s.status.state === 'partial') {
    const at = s.rowsAt === undefined ? '' : `, updated ${new Date(s.rowsAt).toTimeString().slice(0, 8)}`;
    return `${words}: ${s.queriesPerRefresh} queries a refresh, every ${every}${at}`;
  }
  if (s.status.state === 'connecting') return words;
  const since = fmtDuration((nowMs - s.status.since) / 1000);
  const age = s.rowsAt === undefined ? 'no values yet' : `last values ${fmtDuration((nowMs - s.rowsAt) / 1000)} old`;
  return `${words} for ${since}; ${age}; retrying every ${every}`;
}
