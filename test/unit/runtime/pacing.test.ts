/**
 * The loop's pace under load: the pure rule (pacing.ts) and the Monitor running it on the real
 * /proc with one collector slowed down, from the slow passes to the interval in the published
 * snapshot and back to the configured one when passes are cheap again; and the header saying so.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/collectors/contract.js';
import { createRegistry } from '../../../src/collectors/registry.js';
import type { MemoryRaw } from '../../../src/collectors/memory/index.js';
import { Monitor } from '../../../src/runtime/monitor.js';
import { MAX_STRETCH, nextIntervalMs } from '../../../src/runtime/pacing.js';
import type { Snapshot } from '../../../src/types/snapshot.js';
import { renderApp, tick } from '../../ui/helpers/render.js';
import { lines, plain } from '../../ui/helpers/frame.js';
import { testSnapshot } from '../../ui/helpers/snapshots.js';

describe('nextIntervalMs', () => {
  it('keeps the configured interval while a pass takes at most half of it', () => {
    expect(nextIntervalMs(1000, 1000, 20)).toBe(1000);
    expect(nextIntervalMs(1000, 1000, 500)).toBe(1000);
  });

  it('stretches to twice a slow pass at once, never past MAX_STRETCH times the configured one', () => {
    expect(nextIntervalMs(1000, 1000, 800)).toBe(1600);
    expect(nextIntervalMs(1000, 1600, 1300)).toBe(2600);
    expect(nextIntervalMs(1000, 1000, 60_000)).toBe(1000 * MAX_STRETCH);
  });

  it('comes back a quarter of the way each cheap pass, and lands on the configured interval', () => {
    const seen: number[] = [];
    let current = 5000;
    for (let i = 0; i < 30 && current !== 1000; i++) seen.push((current = nextIntervalMs(1000, current, 10)));
    expect(seen.slice(0, 3)).toEqual([4000, 3250, 2687]);
    expect(seen.at(-1)).toBe(1000);
    expect(seen.every((ms, i) => i === 0 || ms <= seen[i - 1])).toBe(true);
  });

  it('a cheap pass never brings it below twice the pass', () => {
    expect(nextIntervalMs(1000, 4000, 1400)).toBe(3250);
    expect(nextIntervalMs(1000, 3000, 1400)).toBe(2800);
  });
});

describe('Monitor pacing (real /proc, one collector slowed)', () => {
  it('publishes the stretched interval while passes are slow and returns to the configured one', async () => {
    let delayMs = 150;
    const registry = () => {
      const r = createRegistry();
      const slow = (b: Backend<MemoryRaw>): Backend<MemoryRaw> => ({
        ...b,
        read: async (ctx, prior) => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          return b.read(ctx, prior);
        },
      });
      return { ...r, memory: { ...r.memory, backends: r.memory.backends.map(slow) } };
    };
    const monitor = await Monitor.create({ intervalMs: 200, configStatus: () => ({}), registry });
    const published: Snapshot[] = [];
    monitor.store.subscribe(() => published.push(monitor.store.getSnapshot()!));
    try {
      monitor.start();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const slowOnes = published.slice(1);
      expect(slowOnes.length).toBeGreaterThanOrEqual(2);
      // A timer can fire a millisecond or two early (libuv's coarse clock), so a pass is at least
      // 145 ms, not 150: the interval is twice that.
      for (const s of slowOnes) expect(s.intervalMs).toBeGreaterThanOrEqual(2 * 145);
      expect(monitor.effectiveIntervalMs).toBeGreaterThanOrEqual(2 * 145);
      delayMs = 0;
      const until = Date.now() + 8000;
      while (monitor.effectiveIntervalMs !== 200 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(monitor.effectiveIntervalMs).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(published.at(-1)!.intervalMs).toBe(200);
    } finally {
      monitor.stop();
    }
  });

  it('stamps each snapshot with the start of its pass, so they are an interval apart however long each pass took', async () => {
    // Passes alternately slow and quick: stamped at their ends, a quick pass after a slow one would
    // come 40 ms less than an interval after it. Twenty passes, because libuv's timers can fire a
    // millisecond or two early, and a loop that trusted them began some passes that much early.
    let pass = 0;
    const registry = () => {
      const r = createRegistry();
      const uneven = (b: Backend<MemoryRaw>): Backend<MemoryRaw> => ({
        ...b,
        read: async (ctx, prior) => {
          if (pass++ % 2 === 0) await new Promise((resolve) => setTimeout(resolve, 40));
          return b.read(ctx, prior);
        },
      });
      return { ...r, memory: { ...r.memory, backends: r.memory.backends.map(uneven) } };
    };
    const monitor = await Monitor.create({ intervalMs: 100, configStatus: () => ({}), registry });
    const published: Snapshot[] = [];
    monitor.store.subscribe(() => published.push(monitor.store.getSnapshot()!));
    try {
      monitor.start();
      while (published.length < 20) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      monitor.stop();
    }
    const times = published.map((s) => Date.parse(s.takenAt));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(100);
  });

  it('the header shows the interval in force and, when stretched, the configured one and the pass time', async () => {
    const base = testSnapshot();
    const stretched = renderApp({ snapshot: { ...base, intervalMs: 2600, self: { ...base.self, sampleMs: 1300 } }, columns: 200, rows: 50 });
    await tick();
    expect(plain(lines(stretched.frame())[0])).toContain('every 2.6s (set 1.0s; a pass takes 1.3s)');
    stretched.instance.unmount();
    const normal = renderApp({ snapshot: { ...base, intervalMs: 1000 }, columns: 200, rows: 50 });
    await tick();
    expect(plain(lines(normal.frame())[0])).toMatch(/every 1\.0s$/);
    normal.instance.unmount();
  });
});
