/**
 * The recorder on a real Monitor (this machine's /proc, eBPF when root): every published snapshot
 * is written by the writer thread, and the recording's Timeline gives back, sample by sample, what
 * was recorded: host panels, sources and connections exactly, process rows field by field
 * (storedView lists what is not stored), unchanged processes carried from their last row, and the
 * short-lived processes between samples (eBPF) from the exits table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { fromStored, STORED_UNITS } from '../../src/history/columns.js';
import { openRecordingTimeline } from '../../src/history/timeline.js';
import { Recorder } from '../../src/history/recorder.js';
import { Monitor } from '../../src/runtime/monitor.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { storedView } from './stored.js';

describe('Recorder → Timeline', () => {
  it('gives back each recorded snapshot, field by field, and writes only the rows that moved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-history-'));
    const path = join(dir, 'history.db');
    const monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}) });
    const recorder = await Recorder.start(monitor.store, { path, policy: { downsampleStepMs: 60_000 } });
    const published: Snapshot[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        published.push(await monitor.tick());
        // Short-lived processes between samples: on the eBPF path, exits to record and give back.
        for (let j = 0; j < 3; j++) spawnSync('true');
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await recorder.close();
      monitor.stop();
    }
    expect(recorder.status()).toMatchObject({ state: 'closed', written: 5, dropped: 0 });
    if (published[1].recentExits !== undefined) expect(published.slice(1).every((s) => s.recentExits!.exits.length >= 3)).toBe(true);

    const timeline = openRecordingTimeline(path);
    try {
      expect(timeline.range()).toEqual({ first: Date.parse(published[0].takenAt), last: Date.parse(published[4].takenAt), samples: 5 });
      for (const s of published) {
        const t = Date.parse(s.takenAt);
        const replayed = timeline.at(t);
        expect(replayed).toBeDefined();
        expect(storedView(replayed!)).toEqual(storedView(s));
      }
      expect(storedView(timeline.step(Date.parse(published[1].takenAt), 2)!)).toEqual(storedView(published[3]));
      expect(timeline.step(Date.parse(published[1].takenAt), -9)!.takenAt).toBe(published[0].takenAt);
      const series = timeline.series(Date.parse(published[4].takenAt), 3);
      expect(series.get('cpu.total')!.length).toBe(3);
      const self = published[4].processes.find((p) => p.pid === process.pid)!;
      const mine = timeline.process(`${self.pid}:${self.startTime}`)!;
      expect(mine.times).toEqual(published.map((s) => Date.parse(s.takenAt)));
      expect(mine.rows[4].cpuTimeSeconds).toBe(fromStored('cpuTimeSeconds', Math.round(self.cpuTimeSeconds! * STORED_UNITS.cpuTimeSeconds)));
    } finally {
      timeline.close();
    }
    // Sleeping processes wrote their row once: far fewer rows than processes × samples. Counted over
    // the processes present in every sample, so that short-lived ones (each new, so each a row) on a
    // busy machine do not decide it.
    const db = new DatabaseSync(path, { readOnly: true });
    const everywhere = published[0].processes.filter((p) => published.every((s) => s.processes.some((q) => q.pid === p.pid && q.startTime === p.startTime)));
    const rowsOf = db.prepare('SELECT count(*) AS n FROM proc_rows r JOIN procs p ON p.id = r.proc_id WHERE p.pid = ? AND p.start_time = ?');
    const rows = everywhere.reduce((n, p) => n + (rowsOf.get(p.pid, p.startTime) as { n: number }).n, 0);
    expect(everywhere.length).toBeGreaterThan(10);
    expect(rows).toBeLessThan(everywhere.length * published.length * 0.6);
    expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    db.close();
  });
});
