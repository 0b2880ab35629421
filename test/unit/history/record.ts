/**
 * The storage tests' two steps, in one thread: write snapshots through the agent's own encoder and
 * writer into a new database, and check that a recording gives back what was recorded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { SampleEncoder } from '../../../src/history/encode.js';
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
