import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/store.js';
import { MemoryTimeline } from '../../../src/timeline/memory.js';
import type { Snapshot } from '../../../src/types/snapshot.js';
import { snap } from '../alerts/snapshots.js';

/** A sample at `seconds` with CPU busy `busy` (test inputs). */
const sample = (seconds: number, busy: number): Snapshot => snap(seconds, { cpu: { total: { busy }, cores: [] } });
const t = (s: Snapshot | undefined) => (s === undefined ? Number.NaN : Date.parse(s.takenAt));
const busy = (store: Store) => store.getSnapshot()?.cpu?.total?.busy;

describe('Store over a timeline', () => {
  it('pauses on the sample shown and steps through the samples held while sampling goes on', () => {
    const store = new Store(100, { samples: 10, rows: 1000 });
    for (let i = 0; i < 5; i++) store.publish(sample(i * 60, i));
    let notified = 0;
    store.subscribe(() => notified++);
    store.setFrozen(true);
    expect(store.position()).toEqual({ kind: 'paused', at: t(sample(240, 4)), range: { first: t(sample(0, 0)), last: t(sample(240, 4)), samples: 5 } });
    store.publish(sample(300, 5));
    expect(busy(store)).toBe(4);
    expect(store.moveTime({ steps: -3 })).toEqual({ at: t(sample(60, 1)) });
    expect(busy(store)).toBe(1);
    // Once for the pause (the header shows where the cursor is), once for the move.
    expect(notified).toBe(2);
    // Charts end at the cursor.
    expect(store.chart('cpu.total')).toEqual([0, 1]);
    expect(store.moveTime({ steps: -5 })).toEqual({ at: t(sample(0, 0)), edge: undefined });
    expect(store.moveTime({ steps: -1 })).toEqual({ at: t(sample(0, 0)), edge: 'first' });
    expect(store.moveTime({ byMs: 2 * 60_000 })).toEqual({ at: t(sample(120, 2)) });
    // The samples held stay those of the pause (the one looked at is never dropped).
    expect(store.moveTime({ steps: 10 })).toEqual({ at: t(sample(240, 4)) });
    expect(store.moveTime({ steps: 1 })).toEqual({ at: t(sample(240, 4)), edge: 'last' });
    // The chart history went on: at the cursor it ends there, live it has the sample since.
    expect(store.chart('cpu.total')).toEqual([0, 1, 2, 3, 4]);
    store.setFrozen(false);
    expect(store.position()).toBeUndefined();
    expect(store.chart('cpu.total')).toEqual([0, 1, 2, 3, 4, 5]);
    // Held again from the resume on.
    store.publish(sample(360, 6));
    expect(store.recent?.range()?.last).toBe(t(sample(360, 6)));
  });

  it('a time key while live pauses first, so a step back is the sample before the one on screen', () => {
    const store = new Store(100, { samples: 10, rows: 1000 });
    for (let i = 0; i < 3; i++) store.publish(sample(i, i));
    expect(store.moveTime({ steps: -1 })?.at).toBe(t(sample(1, 1)));
    expect(store.isFrozen()).toBe(true);
    store.publish(sample(3, 3));
    expect(busy(store)).toBe(1);
  });

  it('goes to a time, and says the range when the time is outside it', () => {
    const store = new Store(100, { samples: 10, rows: 1000 });
    for (let i = 0; i < 3; i++) store.publish(sample(i * 10, i));
    store.setFrozen(true);
    expect(store.moveTime({ toMs: t(sample(15, 0)) })).toEqual({ at: t(sample(10, 1)) });
    // Going to the time shown is no end of anything.
    expect(store.moveTime({ toMs: t(sample(10, 0)) })).toEqual({ at: t(sample(10, 1)) });
    const range = { first: t(sample(0, 0)), last: t(sample(20, 2)), samples: 3 };
    expect(store.moveTime({ toMs: t(sample(-3600, 0)) })).toEqual({ at: range.first, outside: range });
    expect(busy(store)).toBe(0);
  });

  it('without samples held, pausing only freezes and there is nothing to step through', () => {
    const store = new Store(100);
    store.publish(sample(0, 1));
    store.setFrozen(true);
    expect(store.position()).toBeUndefined();
    expect(store.moveTime({ steps: -1 })).toBeUndefined();
    expect(busy(store)).toBe(1);
  });

  it('shows a recording at a time; pausing and resuming leave it where it is', () => {
    const recording = MemoryTimeline.of([sample(0, 1), sample(10, 2), sample(20, 3)], 'replay');
    const store = new Store(100);
    store.showTimeline(recording, t(sample(12, 0)));
    expect(store.position()).toEqual({ kind: 'replay', at: t(sample(10, 2)), range: recording.range() });
    expect(busy(store)).toBe(2);
    store.setFrozen(false);
    expect(store.position()?.kind).toBe('replay');
    expect(busy(store)).toBe(2);
    expect(store.chart('cpu.total')).toEqual([1, 2]);
    store.showTimeline(recording);
    expect(busy(store)).toBe(3);
  });

  it('with chartsLater, reads no chart series until drawCharts, which redraws with them', () => {
    const recording = MemoryTimeline.of([sample(0, 1), sample(10, 2), sample(20, 3)], 'replay');
    let read = 0;
    const counted: typeof recording = Object.assign(Object.create(recording) as typeof recording, {
      series: (at: number, length: number) => {
        read++;
        return recording.series(at, length);
      },
    });
    const store = new Store(100);
    store.showTimeline(counted, t(sample(12, 0)), { chartsLater: true });
    let notified = 0;
    store.subscribe(() => notified++);
    expect(busy(store)).toBe(2);
    expect(store.chart('cpu.total')).toEqual([]);
    expect(read).toBe(0);
    store.drawCharts();
    expect(notified).toBe(1);
    expect(store.chart('cpu.total')).toEqual([1, 2]);
    expect(read).toBe(1);
    // Only once: later calls change nothing.
    store.drawCharts();
    expect(notified).toBe(1);
  });
});
