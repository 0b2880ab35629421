/**
 * The store: the latest snapshot, history per chart series, subscribe (fits React's
 * useSyncExternalStore), freeze, and processors that run on every snapshot before it is
 * published (the alert engine runs here, not in the UI).
 */
import type { Snapshot } from '../types/snapshot.js';
import { History } from './history.js';
import { seriesOf } from './series.js';

export type SnapshotProcessor = (snapshot: Snapshot) => Snapshot;

export class Store {
  private latest: Snapshot | undefined;
  private shown: Snapshot | undefined;
  private frozen = false;
  private readonly listeners = new Set<() => void>();
  private readonly processors: SnapshotProcessor[] = [];
  readonly history: History;

  constructor(historyLength = 300) {
    this.history = new History(historyLength);
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
    if (!this.frozen) {
      this.shown = s;
      this.notify();
    }
    return s;
  }

  isFrozen(): boolean {
    return this.frozen;
  }

  /** Hold the screen still; sampling, history and alerts go on. */
  setFrozen(frozen: boolean): void {
    this.frozen = frozen;
    if (!frozen && this.shown !== this.latest) {
      this.shown = this.latest;
      this.notify();
    }
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
