import { describe, expect, it } from 'vitest';
import { Ring } from '../../../src/store/ring.js';
import { History } from '../../../src/store/history.js';
import { Store } from '../../../src/store/store.js';
import type { Snapshot } from '../../../src/types/snapshot.js';
import { snap as minimalSnapshot } from '../alerts/snapshots.js';

/** A minimal snapshot with CPU busy `busy`; the numbers are test inputs. */
function snap(busy: number | undefined): Snapshot {
  return minimalSnapshot(0, { cpu: { total: { busy }, cores: [] } });
}

describe('Ring', () => {
  it('keeps the newest values in order and marks n/a as NaN', () => {
    const r = new Ring(3);
    for (const v of [1, 2, undefined, 4]) r.push(v);
    expect(r.values()).toEqual([2, Number.NaN, 4]);
    expect(r.latest()).toBe(4);
    r.push(undefined);
    expect(r.latest()).toBeUndefined();
  });
});

describe('History', () => {
  it('pads a series that went missing and drops it after a full ring', () => {
    const h = new History(2);
    h.record(new Map([['a', 1]]));
    h.record(new Map());
    expect(h.values('a')).toEqual([1, Number.NaN]);
    h.record(new Map());
    h.record(new Map());
    expect(h.keys()).not.toContain('a');
  });
});

describe('Store', () => {
  it('publishes, notifies and records history', () => {
    const store = new Store(10);
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.publish(snap(10));
    store.publish(snap(20));
    expect(calls).toBe(2);
    expect(store.getSnapshot()?.cpu?.total?.busy).toBe(20);
    expect(store.history.values('cpu.total')).toEqual([10, 20]);
    off();
    store.publish(snap(30));
    expect(calls).toBe(2);
  });

  it('holds the screen while frozen but keeps sampling', () => {
    const store = new Store(10);
    let calls = 0;
    store.subscribe(() => calls++);
    store.publish(snap(1));
    store.setFrozen(true);
    store.publish(snap(2));
    expect(store.getSnapshot()?.cpu?.total?.busy).toBe(1);
    expect(store.getLatest()?.cpu?.total?.busy).toBe(2);
    expect(calls).toBe(1);
    store.setFrozen(false);
    expect(store.getSnapshot()?.cpu?.total?.busy).toBe(2);
    expect(calls).toBe(2);
  });

  it('runs processors before publishing', () => {
    const store = new Store(10);
    store.addProcessor((s) => ({
      ...s,
      alerts: [{ id: 'x', rule: 'r', subject: 's', severity: 'warning', state: 'firing', value: 1, peak: 1, threshold: 0, since: 0 }],
    }));
    store.publish(snap(1));
    expect(store.getSnapshot()?.alerts).toHaveLength(1);
  });
});
