/**
 * The Timeline of the samples `top` holds in memory, for stepping while paused: the last published
 * snapshots, bounded twice (a number of samples, and a number of process rows over all of them,
 * since a snapshot's size is mostly its process rows: bench/README.md, "Samples held for pause"),
 * and the store's chart history (src/store/history.ts), read so that it ends at the cursor.
 */
import { History } from '../store/history.js';
import { seriesOf } from '../store/series.js';
import type { ProcessRow, Snapshot } from '../types/snapshot.js';
import type { ProcessTimeline, Timeline, TimelineRange } from './timeline.js';

/** How many samples a MemoryTimeline keeps. */
export interface MemoryBound {
  /** Samples at most. */
  samples: number;
  /** Process rows over all the samples kept, at most; the oldest samples go first. */
  rows: number;
}

interface Held {
  t: number;
  snapshot: Snapshot;
  /** How many samples were pushed before this one (its place in the chart history). */
  seq: number;
}

/** Index of the last entry at or before `t`; 0 when `t` precedes them all. */
function indexAt(held: readonly Held[], t: number): number {
  let lo = 0;
  let hi = held.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (held[mid].t <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class MemoryTimeline implements Timeline {
  private held: Held[] = [];
  private rowsHeld = 0;
  private pushed = 0;
  /** Paused: new samples are counted (for the chart history's offsets) but not held. */
  private frozen = false;

  /**
   * `history` is the chart history recorded with every sample pushed here, in the same order.
   * `kind`: 'paused' for the samples `top` holds; 'replay' for samples that stand for a recording.
   */
  constructor(
    private readonly history: History,
    readonly bound: MemoryBound,
    readonly kind: Timeline['kind'] = 'paused',
  ) {}

  /** A timeline of `snapshots` (oldest first), every one held, with its own chart history. */
  static of(snapshots: readonly Snapshot[], kind: Timeline['kind'], historyLength = 300): MemoryTimeline {
    const history = new History(historyLength);
    const rows = snapshots.reduce((n, s) => n + s.processes.length, 0);
    const timeline = new MemoryTimeline(history, { samples: Math.max(1, snapshots.length), rows }, kind);
    for (const s of snapshots) {
      history.record(seriesOf(s));
      timeline.push(s);
    }
    return timeline;
  }

  /**
   * Hold the samples there are while the screen is paused: at 5,000 processes the bound holds
   * seconds of samples, and the one under the cursor must not be dropped while it is looked at.
   */
  freeze(frozen: boolean): void {
    this.frozen = frozen;
  }

  /** A published snapshot, after the history recorded its series. */
  push(snapshot: Snapshot): void {
    const t = Date.parse(snapshot.takenAt);
    this.pushed += 1;
    if (this.frozen) return;
    // A clock set back would break the order the lookups rely on: the older samples go.
    while (this.held.length > 0 && this.held[this.held.length - 1].t > t) this.dropLast();
    this.held.push({ t, snapshot, seq: this.pushed });
    this.rowsHeld += snapshot.processes.length;
    while (this.held.length > 1 && (this.held.length > this.bound.samples || this.rowsHeld > this.bound.rows)) this.dropFirst();
  }

  private dropFirst(): void {
    const gone = this.held.shift();
    if (gone !== undefined) this.rowsHeld -= gone.snapshot.processes.length;
  }

  private dropLast(): void {
    const gone = this.held.pop();
    if (gone !== undefined) this.rowsHeld -= gone.snapshot.processes.length;
  }

  range(): TimelineRange | undefined {
    if (this.held.length === 0) return undefined;
    return { first: this.held[0].t, last: this.held[this.held.length - 1].t, samples: this.held.length };
  }

  at(t: number): Snapshot | undefined {
    return this.held.length === 0 ? undefined : this.held[indexAt(this.held, t)].snapshot;
  }

  step(t: number, steps: number): Snapshot | undefined {
    if (this.held.length === 0) return undefined;
    const i = Math.max(0, Math.min(this.held.length - 1, indexAt(this.held, t) + steps));
    return this.held[i].snapshot;
  }

  series(t: number, length: number): ReadonlyMap<string, number[]> {
    const out = new Map<string, number[]>();
    if (this.held.length === 0) return out;
    // The history's rings all end at the newest sample: drop the samples after the cursor's.
    const after = this.pushed - this.held[indexAt(this.held, t)].seq;
    for (const key of this.history.keys()) {
      const values = this.history.values(key);
      const end = values.length - after;
      if (end > 0) out.set(key, values.slice(Math.max(0, end - length), end));
    }
    return out;
  }

  /** `key` is processKey(pid, startTime) (src/util/processKey.ts). */
  process(key: string): ProcessTimeline | undefined {
    const [pid, startTime] = key.split(':').map(Number);
    const times: number[] = [];
    const rows: ProcessRow[] = [];
    for (const h of this.held) {
      const row = h.snapshot.processes.find((p) => p.pid === pid && p.startTime === startTime);
      if (row !== undefined) {
        times.push(h.t);
        rows.push(row);
      }
    }
    return rows.length === 0 ? undefined : { times, rows };
  }
}
