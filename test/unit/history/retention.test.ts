/**
 * Writing, reading back and retention on a synthetic sequence (sequence.ts), in one thread:
 * only the rows that moved are stored; every sample reconstructs to what was recorded; deleting
 * by age, by size and thinning keep every kept sample as it was and report sums exact.
 */
import { describe, expect, it } from 'vitest';
import { applyRetention } from '../../../src/history/retention.js';
import { openForWriting } from '../../../src/history/schema.js';
import { buildReport } from '../../../src/report/aggregate.js';
import { Judge } from '../../../src/verdict/index.js';
import type { Snapshot } from '../../../src/types/snapshot.js';
import { expectSame, record } from './record.js';
import { BUSY, BYTES_PER_SAMPLE, CPU_PER_SAMPLE, EXECS, sequence } from './sequence.js';

const t = (s: Snapshot): number => Date.parse(s.takenAt);

describe('history storage', () => {
  it('stores only what moved, and every sample reconstructs as recorded', () => {
    const seq = sequence(30);
    const path = record(seq);
    expectSame(path, seq);
    const db = openForWriting(path);
    const rows = (db.prepare('SELECT count(*) AS n FROM proc_rows').get() as { n: number }).n;
    // The first sample's rows, then the busy process (29), the newcomer (15) and the exec (1).
    expect(rows).toBe(seq[0].processes.length + 29 + 15 + 1);
    const stretches = db.prepare('SELECT comm, end_sample FROM procs WHERE pid = ? ORDER BY id').all(EXECS) as { comm: string; end_sample: number | null }[];
    expect(stretches.map((s) => s.comm)).toEqual([seq[0].processes.find((p) => p.pid === EXECS)!.comm, 'after-exec']);
    db.close();
  });

  it('deletes by age and keeps the rest as recorded, carried rows included', () => {
    const seq = sequence(30);
    const path = record(seq);
    const db = openForWriting(path);
    expect(applyRetention(db, { retainMs: 195_000, downsampleStepMs: 60_000 }, t(seq[29]) + 1)).toEqual({ deleted: 10, thinned: 0 });
    // The pages it freed went back to the file system: a new file's vacuum mode is incremental.
    expect(db.prepare('PRAGMA auto_vacuum').get()).toEqual({ auto_vacuum: 2 });
    expect(db.prepare('PRAGMA freelist_count').get()).toEqual({ freelist_count: 0 });
    db.close();
    expectSame(path, seq.slice(10));
  });

  it('thins old samples to one a minute: kept samples unchanged, counter sums exact', () => {
    const seq = sequence(30);
    const path = record(seq);
    const db = openForWriting(path);
    const before = buildReport(db, path, { by: 'process', since: t(seq[0]), until: t(seq[29]) });
    const { thinned } = applyRetention(db, { downsampleAfterMs: 100_000, downsampleStepMs: 60_000 }, t(seq[29]));
    expect(thinned).toBeGreaterThan(10);
    const kept = new Set((db.prepare('SELECT t FROM samples').all() as { t: number }[]).map((r) => r.t));
    const after = buildReport(db, path, { by: 'process', since: t(seq[0]), until: t(seq[29]) });
    db.close();
    expectSame(
      path,
      seq.filter((s) => kept.has(t(s))),
    );
    const busy = (r: typeof before) => r.groups.find((g) => g.group.endsWith(`(pid ${BUSY})`))!;
    expect(busy(before).cpuSeconds).toBeCloseTo(29 * CPU_PER_SAMPLE, 9);
    expect(busy(before).writeBytes).toBe(29 * BYTES_PER_SAMPLE);
    // The first kept sample is later than the first recorded one: the sums start there.
    const firstKept = Math.min(...kept);
    const skipped = (firstKept - t(seq[0])) / 10_000;
    expect(busy(after).cpuSeconds).toBeCloseTo((29 - skipped) * CPU_PER_SAMPLE, 9);
  });

  it('keeps the file under max_size by deleting the oldest samples, never the newest', () => {
    const seq = sequence(30);
    const path = record(seq);
    const db = openForWriting(path);
    const { deleted } = applyRetention(db, { maxBytes: 64 * 1024, downsampleStepMs: 60_000 }, t(seq[29]));
    const remaining = (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
    db.close();
    expect(deleted).toBeGreaterThan(0);
    expect(remaining).toBe(30 - deleted);
    expectSame(path, seq.slice(deleted));
  });
});

describe('report: time under each verdict', () => {
  it("credits each sample's gap to the verdict it was recorded with", () => {
    const seq = sequence(10);
    const judged = new Judge();
    // The first four samples with CPU pressure past its threshold, the rest at rest.
    const recorded = seq.map((s, i) => {
      const snap: Snapshot = { ...s, pressure: { ...s.pressure, cpu: { some: { avg10: i < 4 ? 80 : 1, avg60: 0, avg300: 0, totalUs: 0 } } } };
      return { ...snap, verdict: judged.verdict(snap) };
    });
    const path = record(recorded);
    const db = openForWriting(path);
    const report = buildReport(db, path, { by: 'process', since: t(seq[0]), until: t(seq[9]) });
    db.close();
    // A sample covers the time since the one before; the first, its own interval.
    const expected: Record<string, number> = {};
    recorded.forEach((s, i) => {
      const name = s.verdict.limiting[0]?.resource ?? 'headroom';
      expected[name] = (expected[name] ?? 0) + (i === 0 ? s.intervalMs : t(s) - t(recorded[i - 1])) / 1000;
    });
    expect(report.verdictSeconds).toEqual(expected);
    expect(Object.keys(expected)).toContain('cpu');
    expect(Object.keys(expected)).toContain('headroom');
  });
});
