/**
 * `smoothtask why [--json]`: what limits this host now, with its evidence, hogs, victims and
 * what could not be known. The verdict needs a condition to hold for a few samples (hysteresis,
 * docs/verdict.md), so `why` reads that many samples, one interval apart, before it answers.
 */
import { configStatusOf } from '../runtime/config-reload.js';
import { Monitor } from '../runtime/monitor.js';
import { verdictReport } from '../verdict/format.js';
import { DEFAULT_SAMPLES } from '../verdict/tracker.js';
import { writeOut } from './output.js';
import type { Settings } from './settings.js';

export async function runWhy(opts: Settings): Promise<number> {
  const config = configStatusOf(opts.loaded);
  const monitor = await Monitor.create({ intervalMs: opts.intervalMs, configStatus: () => config });
  const wait = () => new Promise((resolve) => setTimeout(resolve, opts.intervalMs));
  try {
    // The first read is cold (rates need two reads); then the tracker's samples, one interval
    // apart, so each judged sample's "last interval" is a whole interval.
    await monitor.tick();
    let snapshot;
    for (let i = 0; i < DEFAULT_SAMPLES; i++) {
      await wait();
      snapshot = await monitor.tick();
    }
    const verdict = snapshot?.verdict;
    if (verdict === undefined) throw new Error('the verdict processor did not run');
    await writeOut(opts.json ? `${JSON.stringify(verdict, null, 2)}\n` : verdictReport(verdict));
    return 0;
  } finally {
    monitor.stop();
  }
}
