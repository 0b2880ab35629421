/**
 * The store: the latest snapshot, history per chart series, subscribe (fits React's
 * useSyncExternalStore), freeze, and processors that run on every snapshot before it is
 * published (the alert engine runs here, not in the UI). It can also show a sample of a Timeline
 * instead of the latest: the samples it holds itself while paused (`top`), or a recording
 * (`replay`); a cursor time says which, and the time commands move it (docs/ui.md, "Time"). While
 * paused the samples held stay as they were at the pause; sampling and the chart history go on.
 */
import { MemoryTimeline, type MemoryBound } from '../timeline/memory.js';
import type { ProcessTimeline, Timeline, TimelineRange } from '../timeline/timeline.js';
import type { Snapshot } from '../types/snapshot.js';
import { History } from './history.js';
import { seriesOf } from './series.js';

export type SnapshotProcessor = (snapshot: Snapshot) => Snapshot;

/** A move of the cursor: a number of samples, a span of time from the cursor, or a time. */
export type TimeMove = { steps: number } | { byMs: number } | { toMs: number };

/** Where the cursor is: which timeline, the shown sample's time, and what the timeline holds. */
export interface TimePosition {
  kind: Timeline['kind'];
  at: number;
  range: TimelineRange;
}

/** Where a move ended: at an end of the timeline it could not pass, or outside it (a time asked for). */
export interface MoveResult {
  at: number;
  /** The move stopped at the first or last sample. */
  edge?: 'first' | 'last';
  /** The time asked for was outside the range (the nearest sample is shown). */
  outside?: TimelineRange;
}

const timeOf = (s: Snapshot): number => Date.parse(s.takenAt);

export class Store {
  private latest: Snapshot | undefined;
  private shown: Snapshot | undefined;
  private frozen = false;
  /** The timeline shown instead of the latest sample, and the cursor's time on it. */
  private cursor: { timeline: Timeline; t: number } | undefined;
  private place: TimePosition | undefined;
  /** The chart series at the cursor, computed once per cursor position. */
  private charts: { timeline: Timeline; t: number; series: ReadonlyMap<string, number[]> } | undefined;
  /** The timeline's charts are not read until drawCharts(): the first frame goes out without them. */
  private chartsHeld = false;
  private readonly listeners = new Set<() => void>();
  private readonly processors: SnapshotProcessor[] = [];
  readonly history: History;
  /** The samples held for stepping while paused; undefined when none are kept. */
  readonly recent: MemoryTimeline | undefined;

  /** `held`: how many published samples to keep for stepping while paused (none without it). */
  constructor(historyLength = 300, held?: MemoryBound) {
    this.history = new History(historyLength);
    this.recent = held === undefined ? undefined : new MemoryTimeline(this.history, held);
  }

  /** The snapshot on screen: the latest, or the one held while frozen. */
  getSnapshot = (): Snapshot | undefined => this.shown;

  /** The newest snapshot even while frozen (alerts and exporters keep running). */
  getLatest(): Snapshot | undefined {
    return this.latest;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  addProcessor(processor: SnapshotProcessor): void {
    this.processors.push(processor);
  }

  publish(snapshot: Snapshot): Snapshot {
    let s = snapshot;
    for (const p of this.processors) s = p(s);
    this.latest = s;
    this.history.record(seriesOf(s));
    this.recent?.push(s);
    if (!this.frozen && this.cursor === undefined) {
      this.shown = s;
      this.notify();
    }
    return s;
  }

  isFrozen(): boolean {
    return this.frozen;
  }

  /**
   * Hold the screen still; sampling, history and alerts go on. With samples held, the cursor is
   * put on the sample shown, to step from. A recording shown (showTimeline) is neither paused
   * nor resumed.
   */
  setFrozen(frozen: boolean): void {
    if (this.cursor?.timeline.kind === 'replay') return;
    this.frozen = frozen;
    this.recent?.freeze(frozen);
    if (frozen) {
      // The screen draws the cursor's place (PAUSED and the range) from the next render on.
      if (this.cursor === undefined && this.recent !== undefined && this.shown !== undefined) {
        this.placeCursor({ timeline: this.recent, t: timeOf(this.shown) });
        this.notify();
      }
      return;
    }
    const wasPlaced = this.place !== undefined;
    this.placeCursor(undefined);
    if (this.shown !== this.latest || wasPlaced) {
      this.shown = this.latest;
      this.notify();
    }
  }

  /**
   * Show `timeline` from now on, at the sample in force at `atMs` (its last sample without one).
   * `chartsLater`: its chart series are read only once drawCharts() is called, so that a first
   * frame is not kept waiting for them (a recording's are hundreds of samples' panels).
   */
  showTimeline(timeline: Timeline, atMs?: number, opts: { chartsLater?: boolean } = {}): void {
    this.chartsHeld = opts.chartsLater === true;
    this.frozen = true;
    this.shown = timeline.at(atMs ?? timeline.range()?.last ?? 0);
    this.placeCursor({ timeline, t: this.shown === undefined ? (atMs ?? 0) : timeOf(this.shown) });
    this.notify();
  }

  /**
   * Where the cursor is; undefined while the latest sample is shown. The same object until the
   * cursor moves (fits useSyncExternalStore); its range is the timeline's at that move.
   */
  position = (): TimePosition | undefined => this.place;

  private placeCursor(cursor: { timeline: Timeline; t: number } | undefined): void {
    this.cursor = cursor;
    const range = cursor?.timeline.range();
    this.place = cursor === undefined || range === undefined ? undefined : { kind: cursor.timeline.kind, at: cursor.t, range };
  }

  /**
   * Move the cursor. While the latest sample is shown, the samples held are paused at it first
   * (the screen's pause follows); undefined when there is no timeline to move in.
   */
  moveTime(move: TimeMove): MoveResult | undefined {
    if (this.cursor === undefined) this.setFrozen(true);
    const c = this.cursor;
    const range = c?.timeline.range();
    if (c === undefined || range === undefined) return undefined;
    let next: Snapshot | undefined;
    let outside: TimelineRange | undefined;
    if ('steps' in move) next = c.timeline.step(c.t, move.steps);
    else if ('byMs' in move) {
      next = c.timeline.at(c.t + move.byMs);
      // Samples further apart than the span: forward still means the next sample.
      if (next !== undefined && move.byMs > 0 && timeOf(next) <= c.t) next = c.timeline.step(c.t, 1);
    } else {
      next = c.timeline.at(move.toMs);
      if (move.toMs < range.first || move.toMs > range.last) outside = range;
    }
    if (next === undefined) return undefined;
    const at = timeOf(next);
    // A step or a span that did not move stopped at an end; a time asked for is where it is.
    const forward = 'steps' in move ? move.steps > 0 : 'byMs' in move && move.byMs > 0;
    const edge = at === c.t && !('toMs' in move) ? (forward ? 'last' : 'first') : undefined;
    if (next !== this.shown) {
      this.shown = next;
      this.placeCursor({ timeline: c.timeline, t: at });
      this.notify();
    }
    return { at, ...(edge !== undefined ? { edge } : {}), ...(outside !== undefined ? { outside } : {}) };
  }

  /** A process's rows in the timeline shown (keyed by processKey); undefined while live. */
  processTimeline(key: string): ProcessTimeline | undefined {
    return this.cursor?.timeline.process(key);
  }

  /**
   * A chart series as the screen draws it, oldest first: the history up to the latest sample, or
   * while a timeline is shown, the timeline's ending at the cursor.
   */
  chart(key: string): number[] {
    const c = this.cursor;
    if (c === undefined) return this.history.values(key);
    if (this.chartsHeld) return [];
    if (this.charts?.timeline !== c.timeline || this.charts.t !== c.t) {
      this.charts = { timeline: c.timeline, t: c.t, series: c.timeline.series(c.t, this.history.capacity) };
    }
    return this.charts.series.get(key) ?? [];
  }

  /** Whether the charts are drawn (false while showTimeline's `chartsLater` holds them back). */
  chartsDrawn = (): boolean => !this.chartsHeld;

  /** Read and draw the charts that showTimeline's `chartsLater` held back. */
  drawCharts(): void {
    if (!this.chartsHeld) return;
    this.chartsHeld = false;
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
