/**
 * Reads a recording back (replay's Timeline, reports): samples by time, their panels and chunks
 * unpacked, and the process rows in force at a sample (a process's row is its latest at or before
 * that sample: a process whose values did not move wrote nothing and is carried).
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { RECENT_EXITS_MAX } from '../collectors/processes/recent-exits.js';
import type { ProcessRow, RecentExit, RecentExits } from '../types/snapshot.js';
import { Dictionaries } from './codec.js';
import { fromStored, ROW_COLUMNS, type RowColumn } from './columns.js';
import type { Panels, StoredExits } from './message.js';
import { unpackSeries, withMeans, type MinuteRecord, type SeriesStats } from './minutes.js';
import { unpackRow } from './row-codec.js';

export interface SampleRecord {
  id: number;
  t: number;
  interval_ms: number;
  host_chunk: number;
  sources_chunk: number;
  connections_chunk: number;
  panels: Uint8Array;
  /** The dictionary the panels were compressed with; null in samples of schema 1. */
  dict: number | null;
}

export interface ProcRecord {
  id: number;
  pid: number;
  start_time: number;
  started_at: number | null;
  comm: string;
  cmdline: string;
  uid: number | null;
  user: string | null;
  cgroup: string | null;
  container: string | null;
  kernel_thread: number | null;
  first_sample: number;
  end_sample: number | null;
}

export type RowRecord = Record<RowColumn, number | string | null> & { proc_id: number; sample_id: number };

/** A proc_rows row as stored: its keys and its values packed (row-codec.ts). */
export interface PackedRow {
  proc_id: number;
  sample_id: number;
  v: Uint8Array;
}

/** A stored row with its values unpacked into their columns. */
export function rowRecordOf(r: PackedRow): RowRecord {
  const values = unpackRow(r.v, ROW_COLUMNS.length);
  const out = { proc_id: r.proc_id, sample_id: r.sample_id } as RowRecord;
  for (let i = 0; i < ROW_COLUMNS.length; i++) out[ROW_COLUMNS[i]] = values[i];
  return out;
}

/** A stored row with its process's facts, as the snapshot had it. */
export function processRowOf(p: ProcRecord, r: RowRecord): ProcessRow {
  const row: ProcessRow = { pid: p.pid, startTime: p.start_time, ppid: r.ppid as number, state: r.state as string, comm: p.comm, cmdline: p.cmdline };
  const put = <K extends keyof ProcessRow>(key: K, v: ProcessRow[K] | null): void => {
    if (v !== null && v !== undefined) row[key] = v;
  };
  put('uid', p.uid);
  put('user', p.user);
  put('cgroup', p.cgroup);
  if (p.kernel_thread !== null) row.kernelThread = p.kernel_thread === 1;
  if (p.started_at !== null) row.startedAt = p.started_at;
  for (const c of ROW_COLUMNS) {
    if (c === 'ppid' || c === 'state' || c === 'rqP50Us' || c === 'rqP99Us' || c === 'rqMaxUs') continue;
    const v = r[c];
    if (v !== null) (row as unknown as Record<string, number>)[c] = fromStored(c, v as number);
  }
  if (r.rqP50Us !== null || r.rqP99Us !== null || r.rqMaxUs !== null) {
    row.runqueue = {};
    if (r.rqP50Us !== null) row.runqueue.p50Us = r.rqP50Us as number;
    if (r.rqP99Us !== null) row.runqueue.p99Us = r.rqP99Us as number;
    if (r.rqMaxUs !== null) row.runqueue.maxUs = r.rqMaxUs as number;
  }
  return row;
}

interface ExitRecord {
  pid: number;
  ppid: number;
  comm: string;
  uid: number;
  lifetime_ms: number;
  exited_at: number | null;
  exit_code: number | null;
  signal: number | null;
  cpu_ms: number | null;
  /** How many exits the sample has in all. */
  n: number;
}

function exitOf(r: ExitRecord): RecentExit {
  const e: RecentExit = { pid: r.pid, ppid: r.ppid, comm: r.comm, uid: r.uid, lifetimeMs: r.lifetime_ms };
  if (r.exited_at !== null) e.exitedAt = r.exited_at;
  if (r.exit_code !== null) e.exitCode = r.exit_code;
  if (r.signal !== null) e.signal = r.signal;
  if (r.cpu_ms !== null) e.cpuMs = r.cpu_ms;
  return e;
}

/** Prepared queries over one open recording. */
export class RecordingReader {
  private readonly chunkCache = new Map<number, unknown>();
  private readonly q: Record<string, StatementSync>;
  readonly dictionaries: Dictionaries;

  constructor(readonly db: DatabaseSync) {
    this.dictionaries = new Dictionaries(db);
    this.q = {
      range: db.prepare('SELECT min(t) AS first, max(t) AS last, count(*) AS samples FROM samples'),
      atOrBefore: db.prepare('SELECT * FROM samples WHERE t <= ? ORDER BY t DESC, id DESC LIMIT 1'),
      first: db.prepare('SELECT * FROM samples ORDER BY t, id LIMIT 1'),
      byId: db.prepare('SELECT * FROM samples WHERE id = ?'),
      after: db.prepare('SELECT * FROM samples WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?'),
      before: db.prepare('SELECT * FROM samples WHERE id < ? ORDER BY id DESC LIMIT 1 OFFSET ?'),
      lastIds: db.prepare('SELECT id FROM samples WHERE id <= ? ORDER BY id DESC LIMIT ?'),
      panelsBetween: db.prepare('SELECT id, panels, dict FROM samples WHERE id BETWEEN ? AND ? ORDER BY id'),
      chunk: db.prepare('SELECT data, dict FROM chunks WHERE id = ?'),
      rowsAt: db.prepare(
        `SELECT p.*, r.proc_id, r.sample_id, r.v FROM procs p JOIN proc_rows r ON r.proc_id = p.id
           AND r.sample_id = (SELECT max(sample_id) FROM proc_rows WHERE proc_id = p.id AND sample_id <= :s)
         WHERE p.first_sample <= :s AND (p.end_sample IS NULL OR p.end_sample > :s)`,
      ),
      procsByKey: db.prepare('SELECT * FROM procs WHERE pid = ? AND start_time = ? ORDER BY first_sample'),
      rowsOf: db.prepare('SELECT proc_id, sample_id, v FROM proc_rows WHERE proc_id = ? ORDER BY sample_id'),
      samplesBetween: db.prepare('SELECT id, t FROM samples WHERE id >= ? AND (? IS NULL OR id < ?) ORDER BY id'),
      minutesAt: db.prepare('SELECT * FROM proc_minutes WHERE sample_id = ?'),
      minutesOf: db.prepare('SELECT * FROM proc_minutes WHERE proc_id = ?'),
      seriesBetween: db.prepare('SELECT sample_id, series FROM sample_minutes WHERE sample_id BETWEEN ? AND ?'),
      // Newest first, as published; rowid keeps the published order among equal (or unknown) times.
      exitsAt: db.prepare(
        'SELECT pid, ppid, comm, uid, lifetime_ms, exited_at, exit_code, signal, cpu_ms, count(*) OVER () AS n FROM exits WHERE sample_id = ? ORDER BY exited_at DESC, rowid LIMIT ?',
      ),
    };
  }

  range(): { first: number; last: number; samples: number } | undefined {
    const r = this.q.range.get() as { first: number | null; last: number | null; samples: number };
    return r.first === null || r.last === null ? undefined : { first: r.first, last: r.last, samples: r.samples };
  }

  /** The last sample at or before t, else the first. */
  sampleAt(t: number): SampleRecord | undefined {
    return (this.q.atOrBefore.get(t) ?? this.q.first.get()) as SampleRecord | undefined;
  }

  /** The sample `steps` after (or before) `from`, clamped to the recording. */
  sampleStep(from: SampleRecord, steps: number): SampleRecord {
    if (steps === 0) return from;
    const stmt = steps > 0 ? this.q.after : this.q.before;
    for (let n = Math.abs(steps); n > 0; n = Math.floor(n / 2)) {
      const s = stmt.get(from.id, n - 1) as SampleRecord | undefined;
      if (s !== undefined) return s;
    }
    return from;
  }

  chunk<T>(id: number): T {
    let v = this.chunkCache.get(id);
    if (v === undefined) {
      const row = this.q.chunk.get(id) as { data: Uint8Array; dict: number | null } | undefined;
      v = row === undefined ? null : this.dictionaries.unpack(row.data, row.dict);
      this.chunkCache.set(id, v);
    }
    return v as T;
  }

  /** A sample's system panels. */
  panels(s: Pick<SampleRecord, 'panels' | 'dict'>): Panels {
    return this.dictionaries.unpack<Panels>(s.panels, s.dict);
  }

  /**
   * A sample's short-lived processes: its exits table rows, with the counts its panels kept. Panels
   * written before schema 6 hold the list itself. A thinned step's kept sample holds the exits of
   * the whole step (retention moves them onto it), so its `seen` is at least how many those are.
   */
  recentExits(sampleId: number, stored: StoredExits): RecentExits {
    if (stored.exits !== undefined) return stored as RecentExits;
    const rows = this.q.exitsAt.all(sampleId, RECENT_EXITS_MAX) as unknown as ExitRecord[];
    return { ...stored, exits: rows.map(exitOf), seen: Math.max(stored.seen, rows[0]?.n ?? 0) };
  }

  /** The process rows in force at sample `sampleId` (a thinned step's kept sample: its mean rates). */
  processesAt(sampleId: number): ProcessRow[] {
    const rows = this.q.rowsAt.all({ s: sampleId }) as unknown as (ProcRecord & PackedRow)[];
    const minutes = new Map((this.q.minutesAt.all(sampleId) as MinuteRecord[]).map((m) => [m.proc_id, m]));
    return rows.map((r) => withMeans(processRowOf(r, rowRecordOf(r)), minutes.get(r.id)));
  }

  /** A process's thinned steps, by kept sample id. */
  minutesOf(procId: number): Map<number, MinuteRecord> {
    return new Map((this.q.minutesOf.all(procId) as MinuteRecord[]).map((m) => [m.sample_id, m]));
  }

  /** The chart series' mean and max over each thinned step whose kept sample lies in [from, to], by sample id. */
  seriesBetween(from: number, to: number): Map<number, SeriesStats> {
    const rows = this.q.seriesBetween.all(from, to) as { sample_id: number; series: Uint8Array }[];
    return new Map(rows.map((r) => [r.sample_id, unpackSeries(r.series)]));
  }

  /** The ids of the newest `n` samples up to `sampleId`, oldest first. */
  lastSampleIds(sampleId: number, n: number): number[] {
    return (this.q.lastIds.all(sampleId, n) as { id: number }[]).map((r) => r.id).reverse();
  }

  /** The samples with ids from `from` to `to`, with their panels, in id order. */
  panelsBetween(from: number, to: number): Pick<SampleRecord, 'id' | 'panels' | 'dict'>[] {
    return this.q.panelsBetween.all(from, to) as unknown as Pick<SampleRecord, 'id' | 'panels' | 'dict'>[];
  }

  procsByKey(pid: number, startTime: number): ProcRecord[] {
    return this.q.procsByKey.all(pid, startTime) as unknown as ProcRecord[];
  }

  rowsOf(procId: number): RowRecord[] {
    return (this.q.rowsOf.all(procId) as unknown as PackedRow[]).map(rowRecordOf);
  }

  /** Sample ids and times from `from` up to (not including) `to`, or to the end when `to` is null. */
  samplesBetween(from: number, to: number | null): { id: number; t: number }[] {
    return this.q.samplesBetween.all(from, to, to) as { id: number; t: number }[];
  }
}
