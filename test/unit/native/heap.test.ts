/**
 * The C heap's free pages given back (native/heap.cc, src/native/heap.ts) on a real glibc heap,
 * in a Node of its own so that the test controls what is free: and the monitor's call after each
 * pass (src/runtime/monitor.ts).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addonPath } from '../../../src/native/binding.js';
import { FREE_HEAP_KEPT_BYTES, freeHeapReleaser } from '../../../src/native/heap.js';
import { Monitor } from '../../../src/runtime/monitor.js';

const releaser = freeHeapReleaser();

/**
 * In a fresh Node: 2,000 blocks of 16 KiB from the C heap (Buffers under glibc's mmap threshold),
 * all but the last let go and collected, so that the last keeps the heap's top where it was. Then
 * the addon's releaseFree with `atLeast`, and the process's resident set around it.
 */
function freeHolesThenRelease(atLeast: number): { free: number; rssBefore: number; rssAfter: number } {
  const script = `
    const heap = require(${JSON.stringify(addonPath)}).heap;
    let blocks = Array.from({ length: 2000 }, () => Buffer.allocUnsafeSlow(16 * 1024).fill(1));
    const last = blocks.at(-1);
    blocks = undefined;
    globalThis.gc();
    globalThis.gc();
    const rss = () => Number(require('node:fs').readFileSync('/proc/self/statm', 'utf8').split(' ')[1]) * 4096;
    const rssBefore = rss();
    const free = heap.releaseFree(${atLeast});
    process.stdout.write(JSON.stringify({ free, rssBefore, rssAfter: rss(), kept: last.length }));
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072' } });
  return JSON.parse(out) as { free: number; rssBefore: number; rssAfter: number };
}

describe.skipIf(releaser === undefined)('the C heap released (addon built, glibc)', () => {
  it('gives the free pages back past the threshold and says how many bytes were free', () => {
    const freed = freeHolesThenRelease(FREE_HEAP_KEPT_BYTES);
    expect(freed.free).toBeGreaterThan(16 * 1024 * 1024);
    expect(freed.rssBefore - freed.rssAfter).toBeGreaterThan(16 * 1024 * 1024);
  });

  it('leaves them where fewer bytes than the threshold are free', () => {
    const kept = freeHolesThenRelease(Number.MAX_SAFE_INTEGER);
    expect(kept.free).toBeGreaterThan(16 * 1024 * 1024);
    expect(Math.abs(kept.rssBefore - kept.rssAfter)).toBeLessThan(4 * 1024 * 1024);
  });
});

describe('the monitor', () => {
  it('gives the C heap back after each pass, at its threshold', async () => {
    const asked: number[] = [];
    const monitor = await Monitor.create({
      intervalMs: 1000,
      configStatus: () => ({}),
      freeHeap: (atLeast) => asked.push(atLeast),
    });
    try {
      await monitor.tick();
      await monitor.tick();
    } finally {
      monitor.stop();
    }
    expect(asked).toEqual([FREE_HEAP_KEPT_BYTES, FREE_HEAP_KEPT_BYTES]);
  });
});
