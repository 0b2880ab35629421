/**
 * The storage tests' two steps, in one thread: write snapshots through the agent's own encoder and
 * writer into a new database, and check that a recording gives back what was recorded.
 */
import { mkdtempSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROW_COLUMNS } from '../../../src/history/columns.js';
import { SampleEncoder } from '../../../src/history/encode.js';
import { unpackRow } from '../../../src/history/row-codec.js';
import { openForWriting } from '../../../src/history/schema.js';
import { openRecordingTimeline } from '../../../src/history/timeline.js';
import { SampleWriter } from '../../../src/history/write.js';
import type { Snapshot } from '../../../src/types/snapshot.js';
import { storedView } from '../../history/stored.js';

/** A new database (in a new temporary folder) holding `snapshots`, one sample each; its path. */
export function record(snapshots: Snapshot[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'smoothtask-history-')), 'h.db');
  const db = openForWriting(path);
  const writer = new SampleWriter(db);
  const encoder = new SampleEncoder();
  for (const s of snapshots) writer.write(encoder.encode(s));
  db.close();
  return path;
}

/** The recording holds exactly `kept`, each read back at its time as it was recorded (storedView). */
export function expectSame(path: string, kept: Snapshot[]): void {
  const timeline = openRecordingTimeline(path);
  try {
    expect(timeline.range()!.samples).toBe(kept.length);
    for (const s of kept) expect(storedView(timeline.at(Date.parse(s.takenAt))!)).toEqual(storedView(s));
  } finally {
    timeline.close();
  }
}

/**
 * Turn a database's packed process rows back into schema 5's 27 columns (what schema 6 converts),
 * so that a test can make a file of an older schema from one written now.
 */
export function unpackRowsToColumns(db: DatabaseSync): void {
  db.exec(`CREATE TABLE proc_rows_columns(
  proc_id INTEGER NOT NULL,
  sample_id INTEGER NOT NULL,
  ${ROW_COLUMNS.map((c) => `${c} ${c === 'state' ? 'TEXT' : 'REAL'}`).join(',\n  ')},
  PRIMARY KEY (proc_id, sample_id)
) WITHOUT ROWID`);
  const insert = db.prepare(`INSERT INTO proc_rows_columns VALUES (?, ?, ${ROW_COLUMNS.map(() => '?').join(', ')})`);
  for (const r of db.prepare('SELECT proc_id, sample_id, v FROM proc_rows').all() as { proc_id: number; sample_id: number; v: Uint8Array }[]) {
    insert.run(r.proc_id, r.sample_id, ...unpackRow(r.v, ROW_COLUMNS.length));
  }
  db.exec('DROP TABLE proc_rows; ALTER TABLE proc_rows_columns RENAME TO proc_rows; CREATE INDEX proc_rows_sample ON proc_rows(sample_id)');
}
