/**
 * Reader for the threads section: every /proc/PID/task/TID (stat for name, state and CPU
 * ticks; schedstat for run-queue wait), with CPU % and wait rate over the measured gap between
 * two reads.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseStat } from '../processes/parse.js';
import { counterRate } from '../../util/rate.js';
import { isGoneError, readTextSync, tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { sanitizeText } from '../../util/sanitize.js';
import { parseSchedstat } from './parse/sched.js';
import type { ThreadRow } from './types.js';

/** One thread's cumulative counters, kept between reads for rates. */
export interface ThreadSample {
  tid: number;
  comm: string;
  state: string;
  cpuTicks: number;
  waitNs?: number;
}

/** Read every thread's counters. A thread that exits mid-read is skipped. */
export function readThreadSamples(buffer: ReadBuffer, procRoot: string, pid: number): ThreadSample[] {
  const taskDir = join(procRoot, String(pid), 'task');
  const out: ThreadSample[] = [];
  for (const name of readdirSync(taskDir)) {
    let statText: string;
    try {
      statText = readTextSync(buffer, join(taskDir, name, 'stat'));
    } catch (err) {
      if (isGoneError(err)) continue;
      throw err;
    }
    const stat = parseStat(statText);
    if (stat === undefined) continue;
    const sched = tryReadTextSync(buffer, join(taskDir, name, 'schedstat'));
    out.push({
      tid: Number(name),
      comm: sanitizeText(stat.comm),
      state: stat.state,
      cpuTicks: stat.cpuTicks,
      waitNs: sched === undefined ? undefined : parseSchedstat(sched)?.waitNs,
    });
  }
  return out.sort((a, b) => a.tid - b.tid);
}

/**
 * Rows with rates: CPU % of one core = Δticks / clockTicks / gap × 100; wait = Δns / 1e6 / gap.
 * A thread absent from `prev` (new, or first read) has no rate.
 */
export function threadRows(prev: Map<number, ThreadSample> | undefined, cur: ThreadSample[], gapSeconds: number | undefined, clockTicks: number): ThreadRow[] {
  return cur.map((t) => {
    const before = prev?.get(t.tid);
    const ticksPerSec = counterRate(before?.cpuTicks, t.cpuTicks, gapSeconds);
    const waitNsPerSec = counterRate(before?.waitNs, t.waitNs, gapSeconds);
    return {
      tid: t.tid,
      comm: t.comm,
      state: t.state,
      cpuPercent: ticksPerSec === undefined ? undefined : (ticksPerSec / clockTicks) * 100,
      runqueueWaitMsPerSec: waitNsPerSec === undefined ? undefined : waitNsPerSec / 1e6,
      runqueueWaitNs: t.waitNs,
    };
  });
}
