/**
 * The screen's own cost, collectors left out: runScreen on a 200x50 terminal (a fake TTY) draws a
 * sequence of snapshots, each with N processes whose CPU% and counters move as a busy host's do
 * (a seeded generator, so every run draws the same frames), one frame per snapshot. Prints CPU
 * ms per frame (process.cpuUsage over the frames: React, Yoga, Ink's output stage, the terminal
 * stage and the garbage collector) and bytes per frame.
 *
 *   npx vitest bench --run bench/frames.bench.tsx                      # this checkout's stages
 *   SMOOTHTASK_STOCK_INK=1 npx vitest bench --run bench/frames.bench.tsx  # Ink's own, for before
 *
 * vitest.config.ts puts the cell renderer and the caching renderer into Ink unless
 * SMOOTHTASK_STOCK_INK=1; results go in bench/README.md.
 */
import { performance } from 'node:perf_hooks';
import { bench, describe } from 'vitest';
import { Store } from '../src/store/store.js';
import { runScreen } from '../src/ui/run.js';
import { FakeStdin, FakeStdout, tick } from '../test/ui/helpers/render.js';
import { proc, testSnapshot } from '../test/ui/helpers/snapshots.js';
import type { ProcessRow } from '../src/types/snapshot.js';

class TtyStdout extends FakeStdout {
  isTTY = true;
}

/** A small deterministic generator (mulberry32), so both stages draw the same frames. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function processes(n: number, frame: number, next: () => number): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (let i = 0; i < n; i++) {
    const pid = 1000 + i;
    // A tenth of them busy, jittering; the rest asleep, as on a host with idle processes.
    const busy = i % 10 === 0;
    rows.push(
      proc(pid, `worker${i}`, {
        cpuPercent: busy ? 5 + 40 * next() : 0,
        cpuTimeSeconds: busy ? frame * 0.4 + i : i / 100,
        rssBytes: (20 + (i % 200)) * 1024 * 1024,
        elapsedSeconds: 4000 + frame,
        state: busy ? 'R' : 'S',
      }),
    );
  }
  return rows;
}

const FRAMES = 30;

async function measure(n: number): Promise<void> {
  const next = random(15);
  const stdout = new TtyStdout(200, 50);
  const stdin = new FakeStdin();
  const store = new Store(10);
  store.publish(testSnapshot({ processes: processes(n, 0, next) }));
  const done = runScreen({
    store,
    intervalMs: 1000,
    color: 'truecolor',
    ascii: false,
    onQuit: () => undefined,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  });
  await tick(500);
  const snapshots = Array.from({ length: FRAMES }, (_, f) => testSnapshot({ t: 1000 * (f + 1), processes: processes(n, f + 1, next) }));
  const before = stdout.frames.length;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let waited = 0;
  for (const snapshot of snapshots) {
    store.publish(snapshot);
    const t = performance.now();
    await tick(40);
    waited += performance.now() - t;
  }
  const used = process.cpuUsage(cpu);
  const bytes = stdout.frames.slice(before).reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  stdin.write('q');
  await done;
  const ms = (used.user + used.system) / 1000;
  console.info(
    `N=${n} ${process.env.SMOOTHTASK_STOCK_INK === '1' ? 'stock Ink' : 'cell renderer'}: ${(ms / FRAMES).toFixed(2)} ms CPU per frame, ` +
      `${Math.round(bytes / FRAMES)} bytes per frame (${FRAMES} frames, ${(performance.now() - started - waited).toFixed(0)} ms not waiting)`,
  );
}

describe('screen frames at 200x50', () => {
  for (const n of [0, 5000]) bench(`N=${n}`, () => measure(n), { iterations: 1, time: 0, warmupIterations: 0 });
});
