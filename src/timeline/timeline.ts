/**
 * A sequence of snapshots the screen can move through: a recording opened by `replay`, or the
 * samples `top` holds in memory while paused. The screen reads a Timeline the same way whatever
 * is behind it; the time keys move a cursor over it. Times are wall-clock milliseconds since the
 * epoch (a snapshot's `takenAt`), so a recording's times mean the same in every time zone.
 */
import type { ProcessRow, Snapshot } from '../types/snapshot.js';

export interface TimelineRange {
  /** The first and the last sample's time. */
  first: number;
  last: number;
  samples: number;
}

/** One process's recorded rows from its first to its last sample, oldest first. */
export interface ProcessTimeline {
  times: number[];
  rows: ProcessRow[];
}

export interface Timeline {
  /** What is behind it: shown in the header ("REPLAY" or "PAUSED"). */
  readonly kind: 'replay' | 'paused';
  /** The samples there are now; undefined while there are none. */
  range(): TimelineRange | undefined;
  /** The last sample at or before `t`, or the first sample when `t` precedes the recording. */
  at(t: number): Snapshot | undefined;
  /** The sample `steps` samples after (positive) or before (negative) the one `at(t)` gives, clamped to the range. */
  step(t: number, steps: number): Snapshot | undefined;
  /**
   * Chart history ending at the sample `at(t)` gives: for each series key (src/store/series.ts),
   * at most `length` values, oldest first, NaN where not measured.
   */
  series(t: number, length: number): ReadonlyMap<string, number[]>;
  /** A process's rows, keyed by processKey (pid:startTime); undefined when it was never recorded. */
  process(key: string): ProcessTimeline | undefined;
}
