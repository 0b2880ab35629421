/**
 * What the samples `top` holds for paused stepping cost in memory (src/timeline/memory.ts): with N
 * idle processes, a Monitor ticks `--ticks` times with its store holding samples (`--held`
 * samples, `--rows` process rows at most) or none, and this prints the retained heap after a full
 * GC and the peak RSS over the ticks (reset after the set-up with clear_refs 5, proc(5)). Run it
 * once per setting and compare the lines of runs with the same process count: the difference is
 * what holding the samples costs; bytes per held row is (heap held - heap none) / rows held.
 *
 * Runs as plain type-stripped Node on the built code in dist/ (`npm run build:ts`), as root for the
 * eBPF path top takes there, with the flags bin/smoothtask runs top with (bench/README.md):
 *   MALLOC_ARENA_MAX=1 node --expose-gc --max-semi-space-size=2 --single-threaded-gc \
 *     --heap-growing-percent=45 bench/pause-memory.ts --n 5000 --ticks 30 --held 300 --rows 40000
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { IdleProcesses } from './idle.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '5000' },
    ticks: { type: 'string', default: '40' },
    held: { type: 'string', default: '0' },
    rows: { type: 'string', default: '1000000' },
  },
});
const N = Number(values.n);
const TICKS = Number(values.ticks);
const HELD = Number(values.held);
const ROWS = Number(values.rows);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  process.stderr.write('pause-memory: run with node --expose-gc\n');
  process.exit(1);
}
const dist = resolve(process.env.SMOOTHTASK_DIST ?? join(import.meta.dirname, '..', 'dist'));
if (!existsSync(join(dist, 'timeline/memory.js'))) {
  process.stderr.write(`pause-memory: ${dist} has no built timeline; run \`npm run build:ts\` first\n`);
  process.exit(1);
}
const { Monitor } = await import(join(dist, 'runtime/monitor.js'));

/** VmHWM: the process's peak RSS, bytes. */
function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m === null ? Number.NaN : Number(m[1]) * 1024;
}

const idle = new IdleProcesses(600);
process.on('exit', () => idle.killAll());
await idle.growTo(N);
const monitor = await Monitor.create({
  intervalMs: 1000,
  historyLength: 300,
  configStatus: () => ({}),
  ...(HELD > 0 ? { held: { samples: HELD, rows: ROWS } } : {}),
});
// The peak from here on: spawning the idle processes and loading the collectors peak on their own.
writeFileSync('/proc/self/clear_refs', '5');
let rows = 0;
for (let i = 0; i < TICKS; i++) rows = (await monitor.tick()).processes.length;
gc();
gc();
const heap = process.memoryUsage().heapUsed;
const range = monitor.store.recent?.range();
monitor.stop();
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
process.stdout.write(`processes ${rows}  ticks ${TICKS}  held ${range?.samples ?? 0} samples  heap after GC ${mb(heap)} MB  peak RSS ${mb(peakRss())} MB\n`);
idle.killAll();
process.exit(0);
