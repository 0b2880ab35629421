/**
 * `smoothtask why [--json]`: what limits this host now, with its evidence, hogs, victims and
 * what could not be known. The verdict needs a condition to hold for a few samples (hysteresis,
 * docs/verdict.md), so `why` samples that many intervals before it answers.
 */
import { configStatusOf } from '../runtime/config-reload.js';
import { Monitor } from '../runtime/monitor.js';
import { verdictReport } from '../verdict/format.js';
import { writeOut } from './output.js';
import type { Settings } from './settings.js';

/** Samples judged before answering: the tracker's raise count (src/verdict/tracker.ts). */
const JUDGED_SAMPLES = 3;

export async function runWhy(opts: Settings): Promise<number> {
  const config = configStatusOf(opts.loaded);
  const monitor = await Monitor.create({ intervalMs: opts.intervalMs, configStatus: () => config });
  try {
    // The first read is cold (rates need two); the verdict starts from the second.
    await monitor.tick();
    let snapshot = await monitor.tick();
    for (let i = 1; i < JUDGED_SAMPLES; i++) {
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs));
      snapshot = await monitor.tick();
    }
    const verdict = snapshot.verdict;
    if (verdict === undefined) throw new Error('the verdict processor did not run');
    await writeOut(opts.json ? `${JSON.stringify(verdict, null, 2)}\n` : verdictReport(verdict));
    return 0;
  } finally {
    monitor.stop();
  }
}
