/**
 * Full collections of V8's heap after the start, paced by how much it grew since the last one.
 *
 * Why: bin/smoothtask sets --initial-old-space-size=48, under which V8 makes no full collection,
 * so that the start (which fills old space to 35-45 MB within two seconds at thousands of
 * processes) is not held up by one, and an early full collection there could leave the heap's
 * limit set from the start's garbage (bench/README.md has both). V8 keeps that floor for the
 * process's life: at 5,000 processes the heap then climbed from 25-30 MB live to 48 MB between
 * its full collections, the last 9-10 MB of the peak RSS. No V8 setting ends the floor after
 * the start, so once the start is over the monitor collects itself, after a pass, when the heap
 * has grown by HEAP_GROWTH_FACTOR and HEAP_GROWTH_MIN_BYTES since the last collection
 * (bench/README.md, "Full collections paced after the start").
 *
 * It needs V8's gc() (bin/smoothtask's --expose-gc); without it, as under the test runner, V8's
 * own rules alone apply.
 */
import { getHeapStatistics } from 'node:v8';

/** The start: the first frame, the kernel's programs loaded, their first passes. */
export const HEAP_PACER_START_MS = 10_000;

/** Growth over the heap after the last collection that makes the next one: V8's own rule is 1.45 (--heap-growing-percent=45). */
export const HEAP_GROWTH_FACTOR = 1.3;

/**
 * And at least this much, so that a small heap (a few processes: 8-9 MB live) is not collected
 * for a young generation's worth of growth (--max-semi-space-size=2: up to 4 MB).
 */
export const HEAP_GROWTH_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Before its first collection the pacer counts the heap as if one had left this much in use, so
 * that a small host's heap is not collected as soon as the start is over, for nothing: at N=0 it
 * has 16 MB in use at 12 s, 8-9 MB of it live. Its garbage still gathers under V8's floor (about
 * 0.2 MB a second there), so the first collection comes a minute or so in, and then one about
 * every 45 s, where V8 would have let the heap reach 48 MB (bench/README.md, same entry).
 */
export const HEAP_BEFORE_FIRST_BYTES = 16 * 1024 * 1024;

/** Called after each pass with the monitor's clock (ms). */
export type HeapPacer = (now: number) => void;

/**
 * A pacer over `collect` (a full collection) and `used` (the heap's bytes in use), for a monitor
 * started at `startedAt`.
 */
export function pacedCollections(collect: () => void, used: () => number, startedAt: number): HeapPacer {
  let after = HEAP_BEFORE_FIRST_BYTES;
  return (now) => {
    if (now - startedAt < HEAP_PACER_START_MS) return;
    const grown = used();
    if (grown <= after * HEAP_GROWTH_FACTOR || grown - after <= HEAP_GROWTH_MIN_BYTES) return;
    collect();
    after = used();
  };
}

/** The pacer over V8's gc(), or undefined where the process was started without --expose-gc. */
export function heapPacer(startedAt: number): HeapPacer | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  return pacedCollections(gc, () => getHeapStatistics().used_heap_size, startedAt);
}
