/**
 * `top`'s first frame at N idle processes, two or more builds alternated round by round in one
 * run, so that a change's effect is seen beside the run-to-run spread (the first frame moves by
 * ±100 ms between runs on the 2-core VM, more than most changes to it). Each start is measured as
 * bench/run.ts measures it (bench/measure.ts: a fresh HOME with a filled compile cache, a 200x50
 * tmux pane, from the program's start to the first screen with 20 rows of data); the N processes
 * stay up across all the starts.
 *
 *   node bench/first-frame.ts [--n 5000] [--rounds 8] [--monitor smoothtask|smoothtask-proc] --bin A [--bin B ...]
 *
 * --bin is a smoothtask launcher (bin/smoothtask of a checkout or worktree, built); as root,
 * smoothtask-proc runs it as nobody (the /proc path).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IdleProcesses } from './idle.ts';
import { BENCH_TERMINAL, measureMonitor, openTerminals, tempDirs } from './measure.ts';
import { monitorsWith, type MonitorName } from './monitors.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '8' },
    monitor: { type: 'string', default: 'smoothtask' },
    bin: { type: 'string', multiple: true },
  },
});
const bins = values.bin ?? [];
const monitor = values.monitor as MonitorName;
if (bins.length === 0 || (monitor !== 'smoothtask' && monitor !== 'smoothtask-proc')) {
  process.stderr.write('usage: node bench/first-frame.ts [--n 5000] [--rounds 8] [--monitor smoothtask|smoothtask-proc] --bin A [--bin B ...]\n');
  process.exit(2);
}

const idle = new IdleProcesses(3600);
const screensDir = mkdtempSync(join(tmpdir(), 'smoothtask-first-frame-'));
const cleanup = (): void => {
  for (const term of openTerminals) term.kill();
  for (const dir of [...tempDirs, screensDir]) rmSync(dir, { recursive: true, force: true });
  idle.killAll();
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

await idle.growTo(Number(values.n));
const opts = { ...BENCH_TERMINAL, warmupS: 0, windowS: 0, steadyS: 0, screensDir };
const frames = new Map<string, number[]>(bins.map((bin) => [bin, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const bin of bins) {
    const result = await measureMonitor(monitorsWith(bin)[monitor], Number(values.n), opts);
    if (result.firstFrameS === undefined) throw new Error(`${bin}: ${result.error ?? 'no first frame'}`);
    frames.get(bin)!.push(result.firstFrameS * 1000);
  }
}
process.stdout.write(`first frame of ${monitor} at ${values.n} idle processes, ms, ${values.rounds} alternated rounds (${new Date().toISOString()})\n`);
for (const [bin, ms] of frames) process.stdout.write(`${bin}: ${ms.map((x) => x.toFixed(0)).join(' ')} (median ${median(ms).toFixed(0)})\n`);
