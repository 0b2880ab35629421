/**
 * The hourly roll-up (src/history/hours.ts): a report that reads rolled-up hours equals the one
 * computed from raw rows alone, for any window (property-based, over 3.5 hours recorded through the
 * agent's encoder and writer, and over the same with its older part thinned before the roll-up);
 * a file of the previous schema is migrated and its hours rolled up a bounded amount per run;
 * retention that drops samples drops their hours; and the cases the sums must get right across
 * hours: a process living across them, one living inside one, a pid reused, a counter reset.
 */
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReportGroup } from '../../../src/cli/args.js';
import { HOUR_MS, hourOf, hoursWithin, rollUpHours } from '../../../src/history/hours.js';
import { applyRetention } from '../../../src/history/retention.js';
import { openForWriting, SCHEMA_VERSION } from '../../../src/history/schema.js';
import { openRecordingTimeline } from '../../../src/history/timeline.js';
import type { Report } from '../../../src/report/types.js';
import { BLIP, expectSameReport, N, rawCopy, report, RESETS, REUSED, SEQ, t } from './hourly.js';
import { record, unpackRowsToColumns } from './record.js';
import { BUSY } from './sequence.js';
import { storedView } from '../../history/stored.js';

/** A recording of SEQ with its complete hours rolled up (and, when `thinBeforeMs`, thinned before that first); its path and a raw copy's. */
function rolledUp(thinBeforeMs?: number): { path: string; raw: string } {
  const path = record(SEQ);
  const db = openForWriting(path);
  if (thinBeforeMs !== undefined) applyRetention(db, { downsampleAfterMs: t(SEQ[N - 1]) - thinBeforeMs, downsampleStepMs: 60_000 }, t(SEQ[N - 1]));
  expect(rollUpHours(db, Infinity)).toBe(4);
  db.close();
  return { path, raw: rawCopy(path) };
}

describe('hourly roll-up', () => {
  it.each([
    ['raw samples', undefined],
    ['its older part thinned to one a minute before the roll-up', t(SEQ[600])],
  ])('a report over any window equals the raw one (%s)', (_, thinBefore) => {
    const { path, raw } = rolledUp(thinBefore);
    const db = new DatabaseSync(path, { readOnly: true });
    const kept = (db.prepare('SELECT t FROM samples ORDER BY id').all() as { t: number }[]).map((s) => s.t);
    db.close();
    const first = t(SEQ[0]);
    const span = t(SEQ[N - 1]) - first;
    let withHours = 0;
    fc.assert(
      fc.property(
        fc.double({ min: -0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1.01, noNaN: true }),
        fc.constantFrom<ReportGroup>('process', 'command', 'user'),
        (a, b, by) => {
          const since = Math.round(first + Math.min(a, b) * span);
          const until = Math.round(first + Math.max(a, b) * span);
          if (kept.every((k) => k < since || k > until)) return;
          const rolled = report(path, by, since, until);
          expectSameReport(rolled, report(raw, by, since, until));
          if (until - since > 2 * HOUR_MS) withHours += 1;
        },
      ),
      { numRuns: 60, seed: 13 },
    );
    // Whole hours: the rolled-up hours stand for most of them.
    for (const [i, j] of [
      [0, N - 1],
      [120, 840],
      [121, 1199],
    ]) {
      expectSameReport(report(path, 'process', t(SEQ[i]), t(SEQ[j])), report(raw, 'process', t(SEQ[i]), t(SEQ[j])));
    }
    expect(withHours).toBeGreaterThan(5);
  });

  it('sums across hours: a process living across them, one inside one, a pid reused, a counter reset', () => {
    const { path } = rolledUp();
    const group = (r: Report, name: string) => r.groups.find((g) => g.group === name)!;
    const db = new DatabaseSync(path, { readOnly: true });
    const ids = (i: number): number => (db.prepare('SELECT id FROM samples WHERE t = ?').get(t(SEQ[i])) as { id: number }).id;
    // Hours start at samples 120, 480, 840 and 1200; the window 130..1250 holds two whole ones.
    expect(hoursWithin(db, ids(130), ids(1250)).map((h) => h.hour)).toEqual([hourOf(t(SEQ[480])), hourOf(t(SEQ[840]))]);
    db.close();

    const all = report(path, 'process', t(SEQ[0]), t(SEQ[N - 1]));
    // Both lifetimes of pid 777777 (started in the window: counted from zero), one group by name.
    expect(group(all, `reused (pid ${REUSED})`).processes).toBe(2);
    expect(group(all, `reused (pid ${REUSED})`).cpuSeconds).toBeCloseTo(28 + 51.5, 9);
    expect(group(all, `blip (pid ${BLIP})`).cpuSeconds).toBeCloseTo(2, 9);
    expect(group(all, `blip (pid ${BLIP})`).rssPeakBytes).toBe(2_400_000);
    // The busy process: its sizes time-weighted over every hour, its GPU-seconds summed.
    const busy = all.groups.find((g) => g.group.endsWith(`(pid ${BUSY})`))!;
    const gpuSeconds = SEQ.slice(200, 900).reduce((n, _, k) => n + (((200 + k) % 5) * 10.5 * 10) / 100, 0);
    expect(busy.gpuSeconds).toBeCloseTo(gpuSeconds, 6);
    expect(busy.gpuMemPeakBytes).toBe(2_000_000);
    expect(busy.rssPeakBytes).toBe(7_000_000);

    // Reset at 400 and 800: from the row before the window (sample 129) to the last value.
    const resets = (i: number, j: number) => report(path, 'process', t(SEQ[i]), t(SEQ[j])).groups.find((g) => g.group.endsWith(`(pid ${RESETS})`))!;
    // At 1250 the counter is below where it was before the window: it went back, so from zero.
    expect(resets(130, 1250).cpuSeconds).toBeCloseTo(5 + 50 * 0.2, 9);
    expect(resets(130, 1250).netRxBytes).toBe(50 * 1500);
    // Ending on an hour's last sample (1199): its last value comes from the roll-up.
    expect(resets(130, 1199).cpuSeconds).toBeCloseTo(5 + 399 * 0.2 - (5 + 129 * 0.2), 9);
  });

  it('a file of schema 3 is migrated and its hours rolled up, a bounded amount per run', () => {
    const path = record(SEQ);
    const old = new DatabaseSync(path);
    unpackRowsToColumns(old);
    old.exec(
      'DROP INDEX samples_host_chunk; DROP INDEX samples_sources_chunk; DROP INDEX samples_connections_chunk; DROP TABLE hours; DROP TABLE proc_hours; PRAGMA user_version = 3',
    );
    old.close();
    const db = openForWriting(path);
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION);
    // No time to spare: one hour a run, oldest first, until every complete hour is rolled up.
    const runs: number[] = [];
    for (let n = rollUpHours(db, 0); n > 0; n = rollUpHours(db, 0)) runs.push(n);
    expect(runs).toEqual([1, 1, 1, 1]);
    const hours = (db.prepare('SELECT hour FROM hours ORDER BY hour').all() as { hour: number }[]).map((h) => h.hour);
    db.close();
    expect(hours).toEqual([0, 120, 480, 840].map((i) => hourOf(t(SEQ[i]))));
    // The process rows were converted to packed ones (schema 6) and read back as recorded.
    const timeline = openRecordingTimeline(path);
    try {
      for (const i of [0, 401, N - 1]) expect(storedView(timeline.at(t(SEQ[i]))!)).toEqual(storedView(SEQ[i]));
    } finally {
      timeline.close();
    }
    const raw = rawCopy(path);
    const since = t(SEQ[5]);
    const until = t(SEQ[N - 1]);
    expectSameReport(report(path, 'user', since, until), report(raw, 'user', since, until));
  });

  it('retention that deletes samples deletes their hours, which are rolled up again from what is left', () => {
    const { path } = rolledUp();
    const db = openForWriting(path);
    const hoursNow = (): number[] => (db.prepare('SELECT hour FROM hours ORDER BY hour').all() as { hour: number }[]).map((h) => h.hour);
    const [h0, h1, h2, h3] = [0, 120, 480, 840].map((i) => hourOf(t(SEQ[i])));
    expect(hoursNow()).toEqual([h0, h1, h2, h3]);
    // Keep from sample 300 on: hours h0 and h1 lose samples; h2 and h3 stay as they were.
    expect(applyRetention(db, { retainMs: t(SEQ[N - 1]) - t(SEQ[300]), downsampleStepMs: 60_000 }, t(SEQ[N - 1])).deleted).toBe(300);
    expect(hoursNow()).toEqual([h2, h3]);
    expect((db.prepare('SELECT count(*) AS n FROM proc_hours WHERE hour < ?').get(h2) as { n: number }).n).toBe(0);
    // The next maintenance rolls up what is left of h1.
    expect(rollUpHours(db, Infinity)).toBe(1);
    expect(hoursNow()).toEqual([h1, h2, h3]);
    // Thinning an hour keeps its roll-up, computed from the raw rows.
    const before = db.prepare('SELECT * FROM proc_hours WHERE hour = ? ORDER BY proc_id').all(h2);
    applyRetention(db, { downsampleAfterMs: t(SEQ[N - 1]) - t(SEQ[840]), downsampleStepMs: 60_000 }, t(SEQ[N - 1]));
    expect(db.prepare('SELECT * FROM proc_hours WHERE hour = ? ORDER BY proc_id').all(h2)).toEqual(before);
    expect(hoursNow()).toEqual([h1, h2, h3]);
    db.close();
    // Over the thinned hour the counters stay exact either way.
    const raw = rawCopy(path);
    const cpu = (r: Report) => r.groups.map((g) => [g.group, g.cpuSeconds?.toFixed(6), g.readBytes]);
    expect(cpu(report(path, 'command', t(SEQ[480]), t(SEQ[839])))).toEqual(cpu(report(raw, 'command', t(SEQ[480]), t(SEQ[839]))));
  });
});
