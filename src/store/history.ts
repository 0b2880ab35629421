/**
 * History per chart series, bounded twice: each series is a fixed ring, and a series not seen for
 * a whole ring's worth of ticks (an interface or disk that went away) is dropped.
 */
import { Ring } from './ring.js';

export class History {
  private readonly rings = new Map<string, { ring: Ring; lastSeenTick: number }>();
  private tick = 0;

  constructor(readonly capacity = 300) {}

  record(values: Map<string, number | undefined>): void {
    this.tick += 1;
    for (const [key, value] of values) {
      let entry = this.rings.get(key);
      if (!entry) {
        entry = { ring: new Ring(this.capacity), lastSeenTick: this.tick };
        this.rings.set(key, entry);
      }
      entry.ring.push(value);
      entry.lastSeenTick = this.tick;
    }
    for (const [key, entry] of this.rings) {
      if (entry.lastSeenTick === this.tick) continue;
      entry.ring.push(undefined);
      if (this.tick - entry.lastSeenTick > this.capacity) this.rings.delete(key);
    }
  }

  /** Oldest first; NaN where the value was n/a. Empty for an unknown series. */
  values(key: string): number[] {
    return this.rings.get(key)?.ring.values() ?? [];
  }

  keys(): string[] {
    return [...this.rings.keys()];
  }
}
