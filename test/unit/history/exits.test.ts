/**
 * Short-lived processes in a recording: the exits are rows of the exits table and the panels keep
 * only their counts (schema 6); replay gives back the published list, newest first, with every
 * optional field as published. Samples of older files kept the list in their panels, and a thinned
 * step's kept sample holds the exits retention moved onto it.
 */
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { RecordingReader } from '../../../src/history/read.js';
import type { RecentExit, Snapshot } from '../../../src/types/snapshot.js';
import { expectSame, record } from './record.js';
import { sequence } from './sequence.js';

function exit(pid: number, exitedAt: number | undefined, extra: Partial<RecentExit> = {}): RecentExit {
  return { pid, ppid: 1, comm: `job-${pid}`, uid: 1000, lifetimeMs: 3.25 + pid / 1000, ...(exitedAt === undefined ? {} : { exitedAt }), ...extra };
}

function withExits(): Snapshot[] {
  const snaps = sequence(4);
  const t = Date.parse(snaps[1].takenAt);
  // Newest first, two exits at the same moment (the published order is kept), a signal, no CPU time.
  snaps[1].recentExits = {
    exits: [exit(501, t - 10.5, { exitCode: 0, cpuMs: 1.5 }), exit(502, t - 200.25, { signal: 9 }), exit(503, t - 200.25, { exitCode: 2 }), exit(504, t - 900)],
    seen: 4,
    execs: 6,
    lost: 0,
  };
  snaps[2].recentExits = { exits: [], seen: 0, execs: 0, lost: 3 };
  // Without host.bootTime, exits have no time: the published order is the only one.
  snaps[3].recentExits = { exits: [exit(601, undefined, { exitCode: 1 }), exit(602, undefined, { exitCode: 0 })], seen: 2, execs: 2, lost: 0 };
  return snaps;
}

describe('exits in a recording', () => {
  it('replays each sample’s exits as published, and the panels hold only the counts', () => {
    const snaps = withExits();
    const path = record(snaps);
    expectSame(path, snaps);
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      const reader = new RecordingReader(db);
      const stored = reader.panels(reader.sampleAt(Date.parse(snaps[1].takenAt))!).recentExits;
      expect(stored).toEqual({ seen: 4, execs: 6, lost: 0 });
      expect((db.prepare('SELECT count(*) AS n FROM exits').get() as { n: number }).n).toBe(6);
    } finally {
      db.close();
    }
  });

  it('reads the list from panels written before schema 6', () => {
    const db = new DatabaseSync(record(sequence(1)), { readOnly: true });
    try {
      const list = { exits: [exit(7, 1_000)], seen: 1, execs: 1, lost: 0 };
      expect(new RecordingReader(db).recentExits(1, list)).toBe(list);
    } finally {
      db.close();
    }
  });

  it('gives a kept sample the exits moved onto it, counted in its seen', () => {
    const snaps = withExits();
    const path = record(snaps);
    const rw = new DatabaseSync(path);
    rw.prepare('UPDATE exits SET sample_id = 3 WHERE sample_id = 2').run();
    rw.close();
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      const reader = new RecordingReader(db);
      const exits = reader.recentExits(3, { seen: 0, execs: 0, lost: 3 });
      expect(exits.exits.map((e) => e.pid)).toEqual([501, 502, 503, 504]);
      expect(exits.seen).toBe(4);
    } finally {
      db.close();
    }
  });
});
