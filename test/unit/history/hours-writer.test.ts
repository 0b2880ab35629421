/**
 * The roll-up's join, end to end: snapshots published to the store are written by the real writer
 * thread (recorder.ts → history-writer.ts), whose maintenance rolls up each hour once a later
 * sample is written; a report over the recording then reads those hours and equals the raw one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { hourOf, hoursWithin } from '../../../src/history/hours.js';
import { Recorder } from '../../../src/history/recorder.js';
import { Store } from '../../../src/store/store.js';
import { expectSameReport, rawCopy, report, SEQ, t } from './hourly.js';

/** The first 500 samples: hours starting at samples 0 (partial), 120 and 480 (not complete). */
const RECORDED = SEQ.slice(0, 500);

describe('hourly roll-up in the writer thread', () => {
  it('rolls up each complete hour as samples arrive, and reports read them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'smoothtask-hours-')), 'h.db');
    const store = new Store(2);
    const recorder = await Recorder.start(store, { path, policy: { downsampleStepMs: 60_000 }, retentionEveryMs: 0 });
    try {
      // In batches the writer keeps up with (the recorder drops samples past 30 in flight).
      for (let i = 0; i < RECORDED.length; i += 10) {
        for (const s of RECORDED.slice(i, i + 10)) store.publish(s);
        while (recorder.status().written < Math.min(i + 10, RECORDED.length)) await new Promise((r) => setTimeout(r, 2));
      }
    } finally {
      await recorder.close();
    }
    expect(recorder.status()).toMatchObject({ written: RECORDED.length, dropped: 0 });
    const db = new DatabaseSync(path, { readOnly: true });
    const hours = hoursWithin(db, 0, Number.MAX_SAFE_INTEGER).map((h) => h.hour);
    const rows = (db.prepare('SELECT count(*) AS n FROM proc_hours').get() as { n: number }).n;
    db.close();
    expect(hours).toEqual([hourOf(t(RECORDED[0])), hourOf(t(RECORDED[120]))]);
    expect(rows).toBeGreaterThan(RECORDED[0].processes.length);
    const raw = rawCopy(path);
    const [since, until] = [t(RECORDED[3]), t(RECORDED[499])];
    expectSameReport(report(path, 'process', since, until), report(raw, 'process', since, until));
  });
});
