/**
 * How long a process has run at a moment. Not a field of the process rows: it grows every second
 * for every process, and a row that stays the same object while nothing in it changed
 * (collectors/processes/derive.ts) cannot carry it. Whoever shows or publishes it works it out
 * for the moment the snapshot was taken.
 */
import type { ProcessRow } from '../types/snapshot.js';

/** Seconds from `row`'s start to `atMs` (ms since the epoch), never below 0; undefined without a start. */
export function elapsedSecondsAt(row: Pick<ProcessRow, 'startedAt'>, atMs: number | undefined): number | undefined {
  return row.startedAt === undefined || atMs === undefined || !Number.isFinite(atMs) ? undefined : Math.max(0, (atMs - row.startedAt) / 1000);
}
