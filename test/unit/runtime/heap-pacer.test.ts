/**
 * The pacing of V8's full collections after the start (src/runtime/heap-pacer.ts): when it
 * collects, what it takes gc() from, and that the monitor asks it after each pass.
 */
import { getHeapStatistics } from 'node:v8';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HEAP_BEFORE_FIRST_BYTES,
  HEAP_GROWTH_FACTOR,
  HEAP_GROWTH_MIN_BYTES,
  HEAP_PACER_START_MS,
  heapPacer,
  pacedCollections,
} from '../../../src/runtime/heap-pacer.js';
import { Monitor } from '../../../src/runtime/monitor.js';

const MB = 1024 * 1024;

/** A heap whose bytes in use the test sets, and the collections asked of it. */
function fakeHeap(afterCollection: number) {
  const heap = { used: afterCollection, collections: 0 };
  const collect = () => {
    heap.collections++;
    heap.used = afterCollection;
  };
  return { heap, pacer: pacedCollections(collect, () => heap.used, 1_000) };
}

describe('pacedCollections', () => {
  it('collects nothing during the start, once after it, then only past both growth thresholds', () => {
    const { heap, pacer } = fakeHeap(25 * MB);
    heap.used = 45 * MB;
    pacer(1_000 + HEAP_PACER_START_MS - 1);
    expect(heap.collections).toBe(0);
    pacer(1_000 + HEAP_PACER_START_MS);
    expect(heap).toEqual({ used: 25 * MB, collections: 1 });
    heap.used = 25 * MB * HEAP_GROWTH_FACTOR;
    pacer(20_000);
    expect(heap.collections).toBe(1);
    heap.used = 34 * MB;
    pacer(21_000);
    expect(heap).toEqual({ used: 25 * MB, collections: 2 });
  });

  it('leaves a small heap alone: before the first collection it counts as HEAP_BEFORE_FIRST_BYTES', () => {
    const { heap, pacer } = fakeHeap(8 * MB);
    heap.used = HEAP_BEFORE_FIRST_BYTES + HEAP_GROWTH_MIN_BYTES;
    pacer(1_000 + HEAP_PACER_START_MS);
    pacer(30_000);
    expect(heap.collections).toBe(0);
    heap.used += 1;
    pacer(31_000);
    expect(heap).toEqual({ used: 8 * MB, collections: 1 });
    heap.used = 8 * MB + HEAP_GROWTH_MIN_BYTES;
    pacer(32_000);
    expect(heap.collections).toBe(1);
  });

  it('collects exactly when the heap outgrew both thresholds since the last collection', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 * MB }), fc.integer({ min: 0, max: 400 * MB }), (live, grown) => {
        const { heap, pacer } = fakeHeap(live);
        heap.used = 100 * MB;
        pacer(1_000 + HEAP_PACER_START_MS);
        expect(heap.collections).toBe(1);
        heap.used = grown;
        pacer(60_000);
        const expected = grown > live * HEAP_GROWTH_FACTOR && grown - live > HEAP_GROWTH_MIN_BYTES ? 2 : 1;
        expect(heap.collections).toBe(expected);
      }),
    );
  });
});

describe('heapPacer', () => {
  const original = (globalThis as { gc?: () => void }).gc;
  afterEach(() => {
    (globalThis as { gc?: () => void }).gc = original;
  });

  it('is there only where V8 exposes gc() (bin/smoothtask: --expose-gc), and calls it', () => {
    (globalThis as { gc?: () => void }).gc = undefined;
    expect(heapPacer(0)).toBeUndefined();
    let calls = 0;
    (globalThis as { gc?: () => void }).gc = () => calls++;
    const pacer = heapPacer(0)!;
    pacer(HEAP_PACER_START_MS - 1);
    expect(calls).toBe(0);
    // A heap held past the first threshold (24 MiB): the pacer reads V8's own figure.
    const held = Array.from({ length: 1_000_000 }, (_, i) => ({ i }));
    expect(getHeapStatistics().used_heap_size).toBeGreaterThan(HEAP_BEFORE_FIRST_BYTES + HEAP_GROWTH_MIN_BYTES);
    pacer(HEAP_PACER_START_MS);
    expect(calls).toBe(1);
    expect(held).toHaveLength(1_000_000);
  });
});

describe('the monitor', () => {
  it('asks the pacer after each pass, with its clock', async () => {
    const asked: number[] = [];
    const monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}), heapPacer: (now) => asked.push(now) });
    try {
      await monitor.tick();
      await monitor.tick();
    } finally {
      monitor.stop();
    }
    expect(asked).toHaveLength(2);
    expect(asked[1]).toBeGreaterThan(asked[0]);
  });
});
