/**
 * Summarises a thinned step (retention.ts) onto the sample it keeps, before the others go: the
 * mean and max of each process's rates and sizes over the step (proc_minutes), and of every chart
 * series (sample_minutes); docs/history-schema.md, Retention.
 */
import type { DatabaseSync } from 'node:sqlite';
import { seriesOf } from '../store/series.js';
import type { Snapshot } from '../types/snapshot.js';
import type { Panels } from './message.js';
import { MINUTE_COLUMNS, packSeries, unpackSeries, type MinuteColumn, type MinuteRecord, type SeriesStats } from './minutes.js';
import { Dictionaries } from './codec.js';
import { rowRecordOf, type PackedRow, type RowRecord } from './read.js';

/** Running mean (weighted by samples) and max of one value. */
class Stat {
  sum = 0;
  weight = 0;
  min = Infinity;
  max = -Infinity;

  add(mean: number, max: number, weight: number): void {
    this.sum += mean * weight;
    this.weight += weight;
    this.min = Math.min(this.min, mean);
    this.max = Math.max(this.max, max);
  }

  /** Exactly the value when it did not move (a sum divided back can be off in the last bit). */
  get mean(): number {
    return this.min === this.max ? this.max : this.sum / this.weight;
  }
}

/** A process's lifetime, as the summary needs it. */
interface Life {
  first_sample: number;
  end_sample: number | null;
}

/**
 * Summarise the step whose samples are `ids` (ascending; the last is the one kept) into
 * proc_minutes and sample_minutes rows on the kept sample, before the others are dropped. A
 * sample kept by an earlier thinning counts with the mean, max and sample count it carries. A
 * process whose values did not move over the step writes nothing (its kept row is its mean and
 * max); one that ended within the step writes its row too, so its peak is not lost.
 */
export function summariseStep(db: DatabaseSync, ids: readonly number[]): void {
  const from = ids[0];
  const keep = ids[ids.length - 1];
  const rows = (
    db
      .prepare('SELECT proc_id, sample_id, v FROM proc_rows WHERE sample_id BETWEEN ? AND ? ORDER BY proc_id, sample_id')
      .all(from, keep) as unknown as PackedRow[]
  ).map(rowRecordOf);
  const earlier = new Map<string, MinuteRecord>();
  for (const m of db.prepare('SELECT * FROM proc_minutes WHERE sample_id BETWEEN ? AND ?').all(from, keep) as MinuteRecord[]) {
    earlier.set(`${m.proc_id}:${m.sample_id}`, m);
  }
  const byProc = new Map<number, RowRecord[]>();
  for (const r of rows) {
    let list = byProc.get(r.proc_id);
    if (list === undefined) byProc.set(r.proc_id, (list = []));
    list.push(r);
  }
  for (const m of earlier.values()) if (!byProc.has(m.proc_id)) byProc.set(m.proc_id, []);
  const baseline = db.prepare('SELECT proc_id, sample_id, v FROM proc_rows WHERE proc_id = ? AND sample_id < ? ORDER BY sample_id DESC LIMIT 1');
  const life = db.prepare('SELECT first_sample, end_sample FROM procs WHERE id = ?');
  const insert = db.prepare(
    `INSERT OR REPLACE INTO proc_minutes (proc_id, sample_id, samples, ${MINUTE_COLUMNS.map((c) => `${c}Mean, ${c}Max`).join(', ')}) VALUES (?, ?, ?, ${MINUTE_COLUMNS.map(() => '?, ?').join(', ')})`,
  );
  for (const [procId, own] of byProc) {
    const l = life.get(procId) as Life | undefined;
    // A process that lived only within the step is dropped with it (docs/history-schema.md).
    if (l === undefined || l.first_sample > from) continue;
    const packed = baseline.get(procId, from) as PackedRow | undefined;
    const before = packed === undefined ? undefined : rowRecordOf(packed);
    const stats = new Map<MinuteColumn, Stat>(MINUTE_COLUMNS.map((c) => [c, new Stat()]));
    let samples = 0;
    let next = 0;
    let current = before;
    for (const s of ids) {
      while (next < own.length && own[next].sample_id <= s) current = own[next++];
      if (s < l.first_sample || (l.end_sample !== null && s >= l.end_sample) || current === undefined) continue;
      const m = earlier.get(`${procId}:${s}`);
      const weight = m?.samples ?? 1;
      samples += weight;
      for (const c of MINUTE_COLUMNS) {
        const mean = m?.[`${c}Mean`] ?? (current[c] as number | null);
        const max = m?.[`${c}Max`] ?? (current[c] as number | null);
        if (mean !== null && max !== null) stats.get(c)!.add(mean, max, weight);
      }
    }
    if (samples === 0 || current === undefined) continue;
    const alive = l.end_sample === null || l.end_sample > keep;
    const last = current;
    const moved = MINUTE_COLUMNS.some((c) => {
      const st = stats.get(c)!;
      return st.weight > 0 && (st.mean !== last[c] || st.max !== last[c]);
    });
    if (alive && !moved) continue;
    const values = MINUTE_COLUMNS.flatMap((c) => {
      const st = stats.get(c)!;
      return st.weight > 0 ? [st.mean, st.max] : [null, null];
    });
    insert.run(procId, keep, samples, ...values);
  }
  summariseSeries(db, from, keep);
}

/** The mean and max of every chart series over the step, onto the kept sample. */
function summariseSeries(db: DatabaseSync, from: number, keep: number): void {
  const earlier = new Map<number, { samples: number; series: Uint8Array }>();
  for (const m of db.prepare('SELECT sample_id, samples, series FROM sample_minutes WHERE sample_id BETWEEN ? AND ?').all(from, keep) as {
    sample_id: number;
    samples: number;
    series: Uint8Array;
  }[]) {
    earlier.set(m.sample_id, m);
  }
  const stats = new Map<string, Stat>();
  let samples = 0;
  const dictionaries = new Dictionaries(db);
  for (const s of db.prepare('SELECT id, panels, dict FROM samples WHERE id BETWEEN ? AND ? ORDER BY id').all(from, keep) as {
    id: number;
    panels: Uint8Array;
    dict: number | null;
  }[]) {
    const m = earlier.get(s.id);
    const weight = m?.samples ?? 1;
    samples += weight;
    const add = (key: string, mean: number, max: number): void => {
      let st = stats.get(key);
      if (st === undefined) stats.set(key, (st = new Stat()));
      st.add(mean, max, weight);
    };
    if (m !== undefined) {
      for (const [key, [mean, max]] of Object.entries(unpackSeries(m.series))) add(key, mean, max);
      continue;
    }
    const panels = dictionaries.unpack<Panels>(s.panels, s.dict);
    for (const [key, v] of seriesOf({ ...panels, gpus: panels.gpus ?? [] } as Snapshot)) if (v !== undefined && Number.isFinite(v)) add(key, v, v);
  }
  const out: SeriesStats = {};
  for (const [key, st] of stats) out[key] = [st.mean, st.max];
  db.prepare('INSERT OR REPLACE INTO sample_minutes (sample_id, samples, series) VALUES (?, ?, ?)').run(keep, samples, packSeries(out));
}
