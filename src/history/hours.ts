/**
 * The hourly roll-up (docs/history-schema.md, Hourly roll-up): for each complete clock hour, what
 * each process stretch alive in it adds to a report (process-sums.ts StretchSums, computed by the
 * same sumProcess a report runs over raw rows), so a report over a day reads a row per process
 * and hour instead of every stored row. The writer thread rolls up each hour once a later sample
 * exists, beside retention, oldest first and for a bounded time per run, so a file migrated from
 * an older schema is rolled up over the next runs without stalling the writer. Retention keeps
 * the hours consistent with the samples they summarise (keepHoursConsistent).
 */
import type { DatabaseSync } from 'node:sqlite';
import { performance } from 'node:perf_hooks';
import { COUNTER_COLUMNS, SampleRun, sumProcess, type StretchSums } from './process-sums.js';
import { minutesIn, readRun, sampleGaps, stretchesIn } from './run-rows.js';

export const HOUR_MS = 3_600_000;
export const hourOf = (t: number): number => Math.floor(t / HOUR_MS) * HOUR_MS;

/** proc_hours' value columns: each counter's first and last stored value, the RSS time and its weight, the GPU-seconds, the peaks. */
export const HOUR_COLUMNS = [
  ...COUNTER_COLUMNS.flatMap((c) => [`${c}First`, `${c}Last`] as const),
  'rssMs',
  'rssByteMs',
  'rssBytesMax',
  'gpuSeconds',
  'gpuMemBytesMax',
] as const;
type HourColumn = (typeof HOUR_COLUMNS)[number];
type HourRecord = { hour: number; proc_id: number } & Record<HourColumn, number | null>;

/** Each counter with its two columns, named once (a report reads thousands of rows). */
const COUNTER_PAIRS = COUNTER_COLUMNS.map((c) => [c, `${c}First`, `${c}Last`] as const);

function toRecord(s: StretchSums): Record<HourColumn, number | null> {
  const out = {} as Record<HourColumn, number | null>;
  for (const [c, first, last] of COUNTER_PAIRS) {
    out[first] = s.first[c] ?? null;
    out[last] = s.last[c] ?? null;
  }
  out.rssMs = s.rssMs;
  out.rssByteMs = s.rssByteMs;
  out.rssBytesMax = s.rssPeak ?? null;
  out.gpuSeconds = s.gpuSeconds ?? null;
  out.gpuMemBytesMax = s.gpuMemPeak ?? null;
  return out;
}

function fromRecord(r: HourRecord): StretchSums {
  const s: StretchSums = { procId: r.proc_id, first: {}, last: {}, rssMs: r.rssMs ?? 0, rssByteMs: r.rssByteMs ?? 0 };
  for (const [c, first, last] of COUNTER_PAIRS) {
    const a = r[first];
    const b = r[last];
    if (a !== null) s.first[c] = a;
    if (b !== null) s.last[c] = b;
  }
  if (r.rssBytesMax !== null) s.rssPeak = r.rssBytesMax;
  if (r.gpuSeconds !== null) s.gpuSeconds = r.gpuSeconds;
  if (r.gpuMemBytesMax !== null) s.gpuMemPeak = r.gpuMemBytesMax;
  return s;
}

/** A rolled-up hour: its start (ms since the epoch) and the ids of its first and last samples. */
export interface HourRange {
  hour: number;
  first_sample: number;
  last_sample: number;
}

/** The rolled-up hours whose samples all lie in [first, last] (sample ids), in order. */
export function hoursWithin(db: DatabaseSync, first: number, last: number): HourRange[] {
  return db
    .prepare('SELECT hour, first_sample, last_sample FROM hours WHERE first_sample >= ? AND last_sample <= ? ORDER BY hour')
    .all(first, last) as unknown as HourRange[];
}

/** What each stretch alive in a rolled-up hour adds, in the order the stretches were recorded. */
export function hourSums(db: DatabaseSync, hour: number): StretchSums[] {
  return (db.prepare('SELECT * FROM proc_hours WHERE hour = ? ORDER BY proc_id').all(hour) as HourRecord[]).map(fromRecord);
}

/** Roll up the hour starting at `hour` (its samples all written), in one transaction. */
export function rollUpHour(db: DatabaseSync, hour: number): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const samples = db.prepare('SELECT id, t, interval_ms FROM samples WHERE t >= ? AND t < ? ORDER BY id').all(hour, hour + HOUR_MS) as {
      id: number;
      t: number;
      interval_ms: number;
    }[];
    if (samples.length > 0) {
      const first = samples[0].id;
      const last = samples[samples.length - 1].id;
      const run = new SampleRun(
        samples.map((s) => s.id),
        sampleGaps(db, samples),
      );
      const minutes = minutesIn(db, first, last);
      const insert = db.prepare(`INSERT INTO proc_hours (hour, proc_id, ${HOUR_COLUMNS.join(', ')}) VALUES (?, ?, ${HOUR_COLUMNS.map(() => '?').join(', ')})`);
      for (const p of readRun(db, stretchesIn(db, first, last), first, last).values()) {
        for (const s of sumProcess(run, p, minutes)) {
          const record = toRecord(s);
          insert.run(hour, s.procId, ...HOUR_COLUMNS.map((c) => record[c]));
        }
      }
      db.prepare('INSERT INTO hours (hour, first_sample, last_sample) VALUES (?, ?, ?)').run(hour, first, last);
    }
    db.exec('COMMIT');
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * Roll up the complete hours not rolled up yet (a later sample exists), oldest first, until
 * `budgetMs` has passed (at least one hour per call); returns how many.
 */
export function rollUpHours(db: DatabaseSync, budgetMs: number): number {
  const start = performance.now();
  const firstAtOrAfter = db.prepare('SELECT t FROM samples WHERE t >= ? ORDER BY t LIMIT 1');
  const done = db.prepare('SELECT 1 AS done FROM hours WHERE hour = ?');
  let rolled = 0;
  let from = -Infinity;
  for (;;) {
    const next = firstAtOrAfter.get(from) as { t: number } | undefined;
    if (next === undefined) break;
    const hour = hourOf(next.t);
    if (firstAtOrAfter.get(hour + HOUR_MS) === undefined) break;
    if (done.get(hour) === undefined) {
      if (rolled > 0 && performance.now() - start >= budgetMs) break;
      rollUpHour(db, hour);
      rolled += 1;
    }
    from = hour + HOUR_MS;
  }
  return rolled;
}

/**
 * Called by retention (in its transaction) once it has dropped the rows of the samples with ids in
 * [from, keep), before the samples themselves:
 * deleting samples drops the hours they were in and the hour of `keep` (whose first sample now
 * stands for another gap and carries moved rows): the next roll-up computes those again from what
 * is left. Thinning a step within one hour keeps that hour (computed from the raw rows, it is at
 * least as accurate as the thinned ones), its first sample moved to `keep`; a step across hours
 * drops them.
 */
export function keepHoursConsistent(db: DatabaseSync, from: number, keep: number, thinning: boolean): void {
  const tOf = db.prepare('SELECT t FROM samples WHERE id = ?');
  const fromT = (tOf.get(from) as { t: number } | undefined)?.t;
  const keepT = (tOf.get(keep) as { t: number } | undefined)?.t;
  if (thinning && fromT !== undefined && keepT !== undefined && hourOf(fromT) === hourOf(keepT)) {
    db.prepare('UPDATE hours SET first_sample = ? WHERE first_sample >= ? AND first_sample < ?').run(keep, from, keep);
    // A process that lived only in the dropped samples leaves procs (retention.ts), and its hour.
    db.prepare(
      'DELETE FROM proc_hours WHERE hour = ? AND proc_id IN (SELECT id FROM procs WHERE end_sample > ? AND end_sample <= ? AND NOT EXISTS (SELECT 1 FROM proc_rows WHERE proc_id = procs.id))',
    ).run(hourOf(keepT), from, keep);
    return;
  }
  const gone = 'SELECT hour FROM hours WHERE last_sample >= ? AND first_sample <= ?';
  db.prepare(`DELETE FROM proc_hours WHERE hour IN (${gone})`).run(from, keep);
  db.prepare(`DELETE FROM hours WHERE hour IN (${gone})`).run(from, keep);
}
