/**
 * The history database's schema (docs/history-schema.md) and the checks every open makes: a
 * SmoothTask database carries its own application_id and its schema version in user_version. A
 * file that is not one, one from a newer SmoothTask, or a corrupt one is refused with a message
 * that names the file and what to do; it is never written to. Migrations run in order, each in
 * its own transaction, from the version found to SCHEMA_VERSION.
 */
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { ROW_COLUMNS, STORED_UNITS } from './columns.js';
import { HOUR_COLUMNS } from './hours.js';
import { MINUTE_COLUMNS } from './minutes.js';
import { HistoryError } from './errors.js';
import { packRow } from './row-codec.js';

/** 'SmTk' as a 32-bit integer: PRAGMA application_id of every SmoothTask history database. */
export const APPLICATION_ID = 0x536d546b;
export const SCHEMA_VERSION = 6;

const V1 = `
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE chunks(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE samples(
  id INTEGER PRIMARY KEY,
  t INTEGER NOT NULL,
  interval_ms INTEGER NOT NULL,
  host_chunk INTEGER NOT NULL REFERENCES chunks(id),
  sources_chunk INTEGER NOT NULL REFERENCES chunks(id),
  connections_chunk INTEGER NOT NULL REFERENCES chunks(id),
  panels BLOB NOT NULL,
  exits_seen INTEGER,
  exits_lost INTEGER
);
CREATE INDEX samples_t ON samples(t);
CREATE TABLE procs(
  id INTEGER PRIMARY KEY,
  pid INTEGER NOT NULL,
  start_time INTEGER NOT NULL,
  started_at REAL,
  comm TEXT NOT NULL,
  cmdline TEXT NOT NULL,
  uid INTEGER,
  user TEXT,
  cgroup TEXT,
  container TEXT,
  kernel_thread INTEGER,
  first_sample INTEGER NOT NULL,
  end_sample INTEGER
);
CREATE INDEX procs_key ON procs(pid, start_time);
CREATE INDEX procs_end ON procs(end_sample);
CREATE TABLE proc_rows(
  proc_id INTEGER NOT NULL,
  sample_id INTEGER NOT NULL,
  ${ROW_COLUMNS.map((c) => `${c} ${c === 'state' ? 'TEXT' : 'REAL'}`).join(',\n  ')},
  PRIMARY KEY (proc_id, sample_id)
) WITHOUT ROWID;
CREATE INDEX proc_rows_sample ON proc_rows(sample_id);
CREATE TABLE exits(
  sample_id INTEGER NOT NULL,
  pid INTEGER NOT NULL,
  ppid INTEGER NOT NULL,
  comm TEXT NOT NULL,
  uid INTEGER NOT NULL,
  lifetime_ms REAL NOT NULL,
  exited_at REAL,
  exit_code INTEGER,
  signal INTEGER,
  cpu_ms REAL
);
CREATE INDEX exits_sample ON exits(sample_id);
CREATE TABLE alert_events(
  sample_id INTEGER NOT NULL,
  alert_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  metric TEXT,
  subject TEXT NOT NULL,
  subject_key TEXT,
  severity TEXT NOT NULL,
  state TEXT NOT NULL,
  value REAL NOT NULL,
  peak REAL NOT NULL,
  threshold REAL NOT NULL,
  since REAL NOT NULL,
  ended_at REAL
);
CREATE INDEX alert_events_sample ON alert_events(sample_id);
`;

/**
 * Version 2: panels and chunks compressed against a dictionary stored once (codec.ts), and each
 * sample's verdict in a column, so a report counts time per verdict without decompressing panels.
 * Blobs of version 1 keep `dict` NULL (no dictionary); their `verdict` is read from the panels.
 * The fractional process columns become integers of their stored units (columns.ts STORED_UNITS).
 */
const V2 = `
CREATE TABLE dictionaries(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
ALTER TABLE samples ADD COLUMN dict INTEGER REFERENCES dictionaries(id);
ALTER TABLE samples ADD COLUMN verdict TEXT;
ALTER TABLE chunks ADD COLUMN dict INTEGER REFERENCES dictionaries(id);
UPDATE proc_rows SET ${Object.entries(STORED_UNITS)
  .map(([column, unit]) => `${column} = round(${column} * ${unit})`)
  .join(', ')};
`;

/**
 * Version 3: what a thinned step kept of the samples it replaced (docs/history-schema.md, Retention): per
 * process, the mean and max of its rates and sizes over the step; per sample, of the chart series.
 * And procs by their span (first and end sample): retention moves the start of the processes alive
 * at a kept sample, and replay finds those alive at a sample from the index alone.
 */
const V3 = `
CREATE TABLE proc_minutes(
  proc_id INTEGER NOT NULL,
  sample_id INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  ${MINUTE_COLUMNS.map((c) => `${c}Mean REAL, ${c}Max REAL`).join(',\n  ')},
  PRIMARY KEY (proc_id, sample_id)
) WITHOUT ROWID;
CREATE INDEX proc_minutes_sample ON proc_minutes(sample_id);
CREATE INDEX procs_span ON procs(first_sample, end_sample);
CREATE TABLE sample_minutes(
  sample_id INTEGER PRIMARY KEY,
  samples INTEGER NOT NULL,
  series BLOB NOT NULL
);
`;

/**
 * Version 4: the hourly roll-up (hours.ts): per process stretch and complete clock hour, what a
 * report sums of it, so a report reads raw rows only for the partial hours at its edges. The
 * writer's maintenance rolls up the hours of a migrated file, a bounded time per run.
 */
const V4 = `
CREATE TABLE hours(
  hour INTEGER PRIMARY KEY,
  first_sample INTEGER NOT NULL,
  last_sample INTEGER NOT NULL
);
CREATE TABLE proc_hours(
  hour INTEGER NOT NULL,
  proc_id INTEGER NOT NULL,
  ${HOUR_COLUMNS.map((c) => `${c} REAL`).join(',\n  ')},
  PRIMARY KEY (hour, proc_id)
) WITHOUT ROWID;
`;

/**
 * Version 5: the samples' chunk columns indexed. SQLite checks a foreign key when its parent row
 * is deleted by looking for child rows; without these indexes every chunk retention deleted
 * scanned the whole samples table three times (bench/README.md, "A week of history").
 */
const V5 = `
CREATE INDEX samples_host_chunk ON samples(host_chunk);
CREATE INDEX samples_sources_chunk ON samples(sources_chunk);
CREATE INDEX samples_connections_chunk ON samples(connections_chunk);
`;

/**
 * Version 6, two changes in what a sample costs (bench/README.md, "History"):
 * - A process row's 27 values are packed into one blob (`v`, row-codec.ts): as columns, each cost
 *   a header byte, NULL or not. Every row is converted, in this step's transaction.
 * - A sample's panels keep the short-lived processes' counts, no longer the exits themselves,
 *   which the exits table held already (replay reads them there). Older samples keep their lists
 *   in their panels. The version tells an older SmoothTask, which looks for the list in the
 *   panels, that it cannot read the file.
 * - New samples store less of what every sample repeated or could not measure (stored-panels.ts);
 *   what older ones stored reads as before.
 */
function v6(db: DatabaseSync): void {
  db.exec(`CREATE TABLE proc_rows_packed(
  proc_id INTEGER NOT NULL,
  sample_id INTEGER NOT NULL,
  v BLOB NOT NULL,
  PRIMARY KEY (proc_id, sample_id)
) WITHOUT ROWID`);
  const insert = db.prepare('INSERT INTO proc_rows_packed (proc_id, sample_id, v) VALUES (?, ?, ?)');
  const rows = db.prepare(`SELECT proc_id, sample_id, ${ROW_COLUMNS.join(', ')} FROM proc_rows ORDER BY proc_id, sample_id`);
  for (const r of rows.iterate() as Iterable<Record<string, number | string | null>>) {
    insert.run(r.proc_id, r.sample_id, packRow(ROW_COLUMNS.map((c) => r[c])));
  }
  db.exec(`DROP TABLE proc_rows;
ALTER TABLE proc_rows_packed RENAME TO proc_rows;
CREATE INDEX proc_rows_sample ON proc_rows(sample_id);`);
}

/** MIGRATIONS[v] takes a database at version v to v + 1: SQL, or a step that needs code. */
const MIGRATIONS: readonly (string | ((db: DatabaseSync) => void))[] = [V1, V2, V3, V4, V5, v6];

function pragma(db: DatabaseSync, name: string): number {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, number>;
  return Number(Object.values(row)[0]);
}

/** A SQLite error in words for a person, or the error itself when it is something else. */
function asHistoryError(path: string, err: unknown): HistoryError {
  const message = err instanceof Error ? err.message : String(err);
  if (/not a database|malformed|corrupt/i.test(message)) {
    return new HistoryError(path, `not a SmoothTask history database, or a corrupt one (${message}); move it aside or choose another file with --db`);
  }
  if (/readonly|read-only|unable to open/i.test(message)) {
    return new HistoryError(path, `cannot be opened for writing (${message}); check that its folder exists and is writable, or choose another file with --db`);
  }
  return new HistoryError(path, message);
}

/** Refuse a file this build must not touch: someone else's database, a newer schema, a corrupt file. */
function check(db: DatabaseSync, path: string, { deep }: { deep: boolean }): number {
  const appId = pragma(db, 'application_id');
  const version = pragma(db, 'user_version');
  // A new, empty file has no pages; any other database has its schema page and a table's.
  const pages = pragma(db, 'page_count');
  if (appId !== APPLICATION_ID && !(appId === 0 && version === 0 && pages <= 1)) {
    throw new HistoryError(path, 'is a SQLite database but not a SmoothTask history database; it was left untouched: choose another file with --db');
  }
  if (version > SCHEMA_VERSION) {
    throw new HistoryError(
      path,
      `was written by a newer SmoothTask (history schema ${version}; this one reads up to ${SCHEMA_VERSION}); upgrade SmoothTask, or record into another file with --db`,
    );
  }
  if (deep) {
    const quick = db.prepare('PRAGMA quick_check').get() as { quick_check: string };
    if (quick.quick_check !== 'ok')
      throw new HistoryError(path, `is corrupt (${quick.quick_check}); move it aside and start a new one, or choose another file with --db`);
  }
  return version;
}

/**
 * Open (creating when absent) a history database for writing: WAL, the schema migrated to
 * SCHEMA_VERSION; `onMigrate` hears of a migration of an existing file before it starts. Throws
 * HistoryError for a file it must not write.
 */
export function openForWriting(path: string, onMigrate?: (from: number, to: number) => void): DatabaseSync {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { timeout: 5000 });
    const version = check(db, path, { deep: true });
    // Before WAL: switching a new file to WAL writes its first page, and from then on the
    // vacuum mode can change only by a VACUUM of the whole file.
    if (version === 0) db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    db.exec('PRAGMA journal_mode = WAL');
    // NORMAL in WAL loses at most the last transactions on power loss, never consistency.
    db.exec('PRAGMA synchronous = NORMAL');
    if (version > 0 && version < SCHEMA_VERSION) onMigrate?.(version, SCHEMA_VERSION);
    for (let v = version; v < SCHEMA_VERSION; v++) {
      db.exec('BEGIN IMMEDIATE');
      const step = MIGRATIONS[v];
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    }
    return db;
  } catch (err) {
    if (db?.isOpen) db.close();
    throw err instanceof HistoryError ? err : asHistoryError(path, err);
  }
}

/** Open a recording to read (replay, report): never created, never migrated, never written. */
export function openForReading(path: string): DatabaseSync {
  if (!existsSync(path)) throw new HistoryError(path, 'does not exist; record one with `smoothtask agent --db ' + path + '`, or name another with --db');
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { readOnly: true, timeout: 5000 });
    const version = check(db, path, { deep: false });
    if (version === 0) throw new HistoryError(path, 'holds no recording yet; record one with `smoothtask agent --db ' + path + '`');
    if (version < SCHEMA_VERSION) {
      throw new HistoryError(path, `has history schema ${version}; run \`smoothtask agent --db ${path}\` once to migrate it to ${SCHEMA_VERSION}`);
    }
    return db;
  } catch (err) {
    if (db?.isOpen) db.close();
    throw err instanceof HistoryError ? err : asHistoryError(path, err);
  }
}
