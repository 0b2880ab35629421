/**
 * Opening a file of an older schema for recording: the writer thread says it is migrating before
 * it starts (a week of rows takes tens of seconds, docs/history-schema.md), the recorder passes
 * that on as an event (the agent logs it), and the file is then written at the current schema.
 */
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { Recorder, type RecorderEvent } from '../../src/history/recorder.js';
import { SCHEMA_VERSION } from '../../src/history/schema.js';
import { Store } from '../../src/store/store.js';
import { record, unpackRowsToColumns } from '../unit/history/record.js';
import { sequence } from '../unit/history/sequence.js';

describe('Recorder on a file of an older schema', () => {
  it('says it migrates before it does, then records', async () => {
    const path = record(sequence(3));
    const old = new DatabaseSync(path);
    unpackRowsToColumns(old);
    old.exec('PRAGMA user_version = 5');
    old.close();
    const events: RecorderEvent[] = [];
    const recorder = await Recorder.start(new Store(), { path, policy: { downsampleStepMs: 60_000 } }, (e) => events.push(e));
    await recorder.close();
    expect(events).toEqual([{ kind: 'migrating', from: 5, to: SCHEMA_VERSION }]);
    const db = new DatabaseSync(path, { readOnly: true });
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    expect((db.prepare('SELECT count(*) AS n FROM proc_rows').get() as { n: number }).n).toBeGreaterThan(0);
    db.close();
  });
});
