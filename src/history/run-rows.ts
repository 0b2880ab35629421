/**
 * Reads what sumProcess (process-sums.ts) needs of a run of samples: for the stretches that
 * overlap it, grouped by process (pid and start time), the row in force before its first sample
 * and the rows stored in it; and the thinned steps' means and peaks in it (proc_minutes). Each
 * stretch's rows are one range of proc_rows' primary key, read in the order they lie on disk.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { MinuteRecord } from './minutes.js';
import type { MinutesOf, ProcessInRun, SumRow } from './process-sums.js';
import { rowRecordOf, type PackedRow, type ProcRecord } from './read.js';

/**
 * Each sample's gap, the time it stands for: since the sample before it in the recording (the
 * first sample of a recording, its own interval). `samples` are consecutive, in order.
 */
export function sampleGaps(db: DatabaseSync, samples: readonly { id: number; t: number; interval_ms: number }[]): number[] {
  if (samples.length === 0) return [];
  const before = db.prepare('SELECT t FROM samples WHERE id < ? ORDER BY id DESC LIMIT 1').get(samples[0].id) as { t: number } | undefined;
  return samples.map((s, i) => s.t - (i === 0 ? (before?.t ?? s.t - s.interval_ms) : samples[i - 1].t));
}

/** A process's identity across its stretches. */
export const processKey = (p: Pick<ProcRecord, 'pid' | 'start_time'>): string => `${p.pid}:${p.start_time}`;

/**
 * The stretches alive at some sample of [first, last], in the order they started, and those that
 * ended at `first`: one that ended within a thinned step keeps its last row (its counters' last
 * values) at the step's kept sample (retention.ts), which may be `first`.
 */
export function stretchesIn(db: DatabaseSync, first: number, last: number): ProcRecord[] {
  return db
    .prepare('SELECT * FROM procs WHERE first_sample <= ? AND (end_sample IS NULL OR end_sample >= ?) ORDER BY first_sample')
    .all(last, first) as unknown as ProcRecord[];
}

/**
 * The row in force before sample `s` of each process alive at `s` that started before it (its
 * latest row of any of its stretches), by process key; `keyOf` names the process of a stretch id
 * (undefined: not wanted).
 */
export function rowsBefore(db: DatabaseSync, s: number, keyOf: (procId: number) => string | undefined): Map<string, SumRow> {
  const rows = db
    .prepare(
      `SELECT r.proc_id, r.sample_id, r.v FROM procs p JOIN proc_rows r ON r.proc_id = p.id AND r.sample_id = (SELECT max(sample_id) FROM proc_rows WHERE proc_id = p.id AND sample_id < :s)
       WHERE p.first_sample < :s AND (p.end_sample IS NULL OR p.end_sample > :s)`,
    )
    .all({ s }) as unknown as PackedRow[];
  const out = new Map<string, SumRow>();
  for (const r of rows) {
    const key = keyOf(r.proc_id);
    if (key === undefined) continue;
    const was = out.get(key);
    if (was === undefined || was.sample_id < r.sample_id) out.set(key, rowRecordOf(r));
  }
  return out;
}

/** Each process of `stretches` (alive in [first, last], in the order they started) with its row before `first` and its rows in the run. */
export function readRun(db: DatabaseSync, stretches: readonly ProcRecord[], first: number, last: number): Map<string, ProcessInRun> {
  const out = new Map<string, ProcessInRun>();
  const keyById = new Map<number, string>();
  for (const p of stretches) {
    const key = processKey(p);
    keyById.set(p.id, key);
    let proc = out.get(key);
    if (proc === undefined) out.set(key, (proc = { stretches: [], rows: [] }));
    proc.stretches.push(p);
  }
  for (const [key, row] of rowsBefore(db, first, (id) => keyById.get(id))) out.get(key)!.before = row;
  const rowsOf = db.prepare('SELECT proc_id, sample_id, v FROM proc_rows WHERE proc_id = ? AND sample_id BETWEEN ? AND ? ORDER BY sample_id');
  for (const p of stretches) out.get(keyById.get(p.id)!)!.rows.push(...(rowsOf.all(p.id, first, last) as unknown as PackedRow[]).map(rowRecordOf));
  return out;
}

/** The thinned steps' rows kept at samples of [first, last]. */
export function minutesIn(db: DatabaseSync, first: number, last: number): MinutesOf {
  const out = new Map<number, Map<number, MinuteRecord>>();
  for (const m of db.prepare('SELECT * FROM proc_minutes WHERE sample_id BETWEEN ? AND ?').all(first, last) as MinuteRecord[]) {
    let of = out.get(m.proc_id);
    if (of === undefined) out.set(m.proc_id, (of = new Map()));
    of.set(m.sample_id, m);
  }
  return out;
}
