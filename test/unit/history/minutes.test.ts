/**
 * Thinning keeps the mean and max of each step (docs/history-schema.md, Retention): on a synthetic
 * sequence (sequence.ts) whose busy process's CPU % and RSS move every sample and whose exiting
 * process peaks just before it ends, a thinned recording reports the same CPU-seconds (counters)
 * and the true RSS peaks, and replay shows at a kept sample the mean CPU % of its minute and the
 * mean of the charts.
 */
import { describe, expect, it } from 'vitest';
import { applyRetention } from '../../../src/history/retention.js';
import { openForWriting } from '../../../src/history/schema.js';
import { openRecordingTimeline } from '../../../src/history/timeline.js';
import { buildReport } from '../../../src/report/aggregate.js';
import type { Snapshot } from '../../../src/types/snapshot.js';
import { record } from './record.js';
import { BUSY, EXITS, sequence } from './sequence.js';

const STEP = 60_000;
const t = (s: Snapshot): number => Date.parse(s.takenAt);

/** The busy process's CPU % at sample i, and RSS; the exiting one's RSS and CPU time (it ends at sample 10). */
const busyCpu = (i: number): number => 10 + (i % 5) * 2;
const busyRss = (i: number): number => 1_000_000 * (1 + (i % 6 === 3 ? 5 : i % 2));
const exitsRss = (i: number): number => (i === 8 ? 5_000_000 : 2_000_000);

/** sequence(30) moved so that sample 0 is the last of its minute (kept), with moving rates and sizes. */
function moving(): Snapshot[] {
  const seq = sequence(30);
  const shift = Math.floor(t(seq[0]) / STEP) * STEP + 50_000 - t(seq[0]);
  return seq.map((s, i) => {
    s.takenAt = new Date(t(s) + shift).toISOString();
    for (const p of s.processes) {
      if (p.startedAt !== undefined) p.startedAt += shift;
      if (p.pid === BUSY) {
        p.cpuPercent = busyCpu(i);
        p.rssBytes = busyRss(i);
      }
      if (p.pid === EXITS) {
        p.cpuTimeSeconds = 50 + i * 0.25;
        p.rssBytes = exitsRss(i);
      }
    }
    return s;
  });
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('thinning keeps the mean and max of each step', () => {
  it('reports the same CPU-seconds and the true RSS peaks; replay shows the mean CPU % of a minute', () => {
    const seq = moving();
    const path = record(seq);
    const db = openForWriting(path);
    const window = { since: t(seq[0]), until: t(seq[29]) };
    const before = buildReport(db, path, { by: 'process', ...window });
    const { thinned } = applyRetention(db, { downsampleAfterMs: 1, downsampleStepMs: STEP }, t(seq[29]) + STEP);
    const keptTimes = (db.prepare('SELECT t FROM samples ORDER BY id').all() as { t: number }[]).map((r) => r.t);
    const after = buildReport(db, path, { by: 'process', ...window });
    db.close();
    // One sample a minute: sample 0 (the last of its minute), then every sixth.
    expect(keptTimes).toEqual([0, 6, 12, 18, 24, 29].map((i) => t(seq[i])));
    expect(thinned).toBe(24);

    const group = (r: typeof before, pid: number) => r.groups.find((g) => g.group.endsWith(`(pid ${pid})`))!;
    expect(after.groups.map((g) => g.group).sort()).toEqual(before.groups.map((g) => g.group).sort());
    for (const g of before.groups) {
      const a = after.groups.find((x) => x.group === g.group)!;
      if (g.cpuSeconds === undefined) expect(a.cpuSeconds).toBeUndefined();
      else expect(a.cpuSeconds).toBeCloseTo(g.cpuSeconds, 9);
    }
    expect(group(after, EXITS).cpuSeconds).toBeCloseTo(9 * 0.25, 9);
    // The peaks fell on thinned samples: the kept max carries them.
    const busyPeak = Math.max(...seq.map((_, i) => busyRss(i)));
    expect(busyRss(0) < busyPeak && [6, 12, 18, 24, 29].every((i) => busyRss(i) < busyPeak)).toBe(true);
    expect(group(before, BUSY).rssPeakBytes).toBe(busyPeak);
    expect(group(after, BUSY).rssPeakBytes).toBe(busyPeak);
    expect(group(after, EXITS).rssPeakBytes).toBe(5_000_000);

    const timeline = openRecordingTimeline(path);
    try {
      // The minute kept at sample 12 held samples 7 to 12.
      const at12 = timeline.at(t(seq[12]))!;
      const minute = [7, 8, 9, 10, 11, 12];
      expect(at12.processes.find((p) => p.pid === BUSY)!.cpuPercent).toBeCloseTo(mean(minute.map(busyCpu)), 9);
      // The sequence's cpu.total is the sample's index.
      const series = timeline.series(t(seq[12]), 3).get('cpu.total')!;
      expect(series).toEqual([0, mean([1, 2, 3, 4, 5, 6]), mean(minute)]);
      // The drill-down's recorded timeline shows the same means at kept samples.
      const busy = at12.processes.find((p) => p.pid === BUSY)!;
      const life = timeline.process(`${busy.pid}:${busy.startTime}`)!;
      expect(life.times).toEqual(keptTimes);
      expect(life.rows[2].cpuPercent).toBeCloseTo(mean(minute.map(busyCpu)), 9);
      // The last minute held five samples.
      expect(timeline.at(t(seq[29]))!.processes.find((p) => p.pid === BUSY)!.cpuPercent).toBeCloseTo(mean([25, 26, 27, 28, 29].map(busyCpu)), 9);
    } finally {
      timeline.close();
    }
  });
});
