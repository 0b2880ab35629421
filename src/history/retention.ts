/**
 * Keeps a recording within its age and size limits, and thins old samples (docs/history-schema.md,
 * Retention): run by the writer thread between samples. Dropping samples never changes what a
 * kept sample reconstructs: a process row that is still in force at the next kept sample (its
 * later samples carry it) is moved onto that sample first, and counters are cumulative, so the
 * sums a report makes over the kept samples stay exact.
 */
import type { DatabaseSync } from 'node:sqlite';
import { keepHoursConsistent } from './hours.js';
import { summariseStep } from './summarise.js';

export interface RetentionPolicy {
  /** Samples older than this are deleted; undefined keeps them. */
  retainMs?: number;
  /** The file is kept under this size by deleting the oldest samples; undefined for no limit. */
  maxBytes?: number;
  /** Samples older than this are thinned to one per `downsampleStepMs`; undefined never thins. */
  downsampleAfterMs?: number;
  downsampleStepMs: number;
}

/**
 * Delete the samples with ids in [from, keep) and what hangs on them; `keep` is the next kept
 * sample, onto which every row still in force there is moved. With `keepEvents` (thinning) the
 * step is first summarised onto `keep` (summarise.ts: mean and max), the last row of a process that
 * ended within the step moves onto `keep` too (its counters' last values, for reports; replay
 * does not show it there), and the exits and alert events move onto `keep`, so reports still
 * count them. The hourly roll-ups of the dropped samples follow (hours.ts keepHoursConsistent).
 * Returns how many samples went.
 */
/** The chunks a sample points at. */
interface ChunkIds {
  a: number;
  b: number;
  c: number;
}

export function dropSamples(db: DatabaseSync, from: number, keep: number, keepEvents = false): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    if (keepEvents)
      summariseStep(
        db,
        (db.prepare('SELECT id FROM samples WHERE id BETWEEN ? AND ? ORDER BY id').all(from, keep) as { id: number }[]).map((s) => s.id),
      );
    // The newest row below `keep` of each process alive at `keep` (thinning: or alive before the
    // step) that has no row of its own there.
    db.prepare(
      `UPDATE proc_rows SET sample_id = :keep
       WHERE sample_id >= :from AND sample_id < :keep
         AND (proc_id, sample_id) IN (SELECT proc_id, max(sample_id) FROM proc_rows WHERE sample_id >= :from AND sample_id < :keep GROUP BY proc_id)
         AND proc_id NOT IN (SELECT proc_id FROM proc_rows WHERE sample_id = :keep)
         AND EXISTS (SELECT 1 FROM procs p WHERE p.id = proc_id AND (p.end_sample IS NULL OR p.end_sample > :keep OR (:thin AND p.first_sample < :from)))`,
    ).run({ from, keep, thin: keepEvents ? 1 : 0 });
    db.prepare('DELETE FROM proc_rows WHERE sample_id >= ? AND sample_id < ?').run(from, keep);
    db.prepare('DELETE FROM proc_minutes WHERE sample_id >= ? AND sample_id < ?').run(from, keep);
    db.prepare('DELETE FROM sample_minutes WHERE sample_id >= ? AND sample_id < ?').run(from, keep);
    for (const table of ['exits', 'alert_events']) {
      const sql = keepEvents
        ? `UPDATE ${table} SET sample_id = ? WHERE sample_id >= ? AND sample_id < ?`
        : `DELETE FROM ${table} WHERE sample_id >= ? AND sample_id < ?`;
      if (keepEvents) db.prepare(sql).run(keep, from, keep);
      else db.prepare(sql).run(from, keep);
    }
    const chunksOf = db.prepare('SELECT host_chunk AS a, sources_chunk AS b, connections_chunk AS c FROM samples WHERE id >= ? AND id < ?');
    const dropped = new Set((chunksOf.all(from, keep) as unknown as ChunkIds[]).flatMap((r) => [r.a, r.b, r.c]));
    const droppedDictionaries = (
      db.prepare('SELECT DISTINCT dict FROM samples WHERE id >= ? AND id < ? AND dict IS NOT NULL').all(from, keep) as { dict: number }[]
    ).map((r) => r.dict);
    keepHoursConsistent(db, from, keep, keepEvents);
    const deleted = Number(db.prepare('DELETE FROM samples WHERE id >= ? AND id < ?').run(from, keep).changes);
    // A process that lived only in the dropped samples (every row of a process that ended later
    // than them was kept or moved); one alive at `keep` now starts there.
    db.prepare('DELETE FROM procs WHERE end_sample > ? AND end_sample <= ? AND NOT EXISTS (SELECT 1 FROM proc_rows WHERE proc_id = procs.id)').run(from, keep);
    db.prepare('UPDATE procs SET first_sample = ? WHERE first_sample >= ? AND first_sample < ? AND (end_sample IS NULL OR end_sample > ?)').run(
      keep,
      from,
      keep,
      keep,
    );
    // The writer reuses only the previous sample's chunk, so the samples that point at a chunk
    // are consecutive: one the dropped samples used is still used only by `keep` or by the sample
    // before `from`.
    const before = db
      .prepare('SELECT host_chunk AS a, sources_chunk AS b, connections_chunk AS c FROM samples WHERE id < ? ORDER BY id DESC LIMIT 1')
      .get(from) as ChunkIds | undefined;
    const after = chunksOf.get(keep, keep + 1) as unknown as ChunkIds | undefined;
    const used = new Set([before, after].flatMap((r) => (r === undefined ? [] : [r.a, r.b, r.c])));
    const deleteChunk = db.prepare('DELETE FROM chunks WHERE id = ?');
    for (const id of dropped) if (!used.has(id)) deleteChunk.run(id);
    // Likewise dictionaries: a sample's chunks share its dictionary (a new one rewrites them), and
    // later samples never go back to an older one, so one the dropped samples used is still used
    // only by `keep` or by the sample before `from`.
    const dictBefore = db.prepare('SELECT dict FROM samples WHERE id < ? ORDER BY id DESC LIMIT 1').get(from) as { dict: number | null } | undefined;
    const dictKept = db.prepare('SELECT dict FROM samples WHERE id = ?').get(keep) as { dict: number | null } | undefined;
    const deleteDictionary = db.prepare('DELETE FROM dictionaries WHERE id = ?');
    for (const id of droppedDictionaries) if (id !== dictBefore?.dict && id !== dictKept?.dict) deleteDictionary.run(id);
    db.exec('COMMIT');
    return deleted;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

function fileBytes(db: DatabaseSync): number {
  const pages = Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
  const free = Number((db.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count);
  const size = Number((db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size);
  return (pages - free) * size;
}

/** Samples older than `before` (ms since epoch) go; the newest sample always stays. */
function retainAge(db: DatabaseSync, before: number): number {
  const keep = db.prepare('SELECT min(id) AS id FROM samples WHERE t >= ?').get(before) as { id: number | null };
  const last = db.prepare('SELECT max(id) AS id FROM samples').get() as { id: number | null };
  const keepId = keep.id ?? last.id;
  if (keepId === null) return 0;
  const first = db.prepare('SELECT min(id) AS id FROM samples').get() as { id: number };
  return first.id < keepId ? dropSamples(db, first.id, keepId) : 0;
}

/** Drop the oldest tenth of the samples until the live pages fit in `maxBytes`. */
function retainSize(db: DatabaseSync, maxBytes: number): number {
  let deleted = 0;
  while (fileBytes(db) > maxBytes) {
    const span = db.prepare('SELECT min(id) AS first, max(id) AS last, count(*) AS n FROM samples').get() as { first: number; last: number; n: number };
    if (span.n <= 1) break;
    const keep = db.prepare('SELECT id FROM samples WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?').get(span.first, Math.max(0, Math.floor(span.n / 10) - 1)) as
      { id: number } | undefined;
    if (keep === undefined) break;
    deleted += dropSamples(db, span.first, keep.id);
  }
  return deleted;
}

/**
 * Keep one sample (the last) per `stepMs` bucket among those older than `before`; only whole
 * buckets, so each is summarised once, from all its samples.
 */
function thin(db: DatabaseSync, before: number, stepMs: number): number {
  // Read from the covering index on t and sorted here: ORDER BY id made SQLite scan the samples
  // table itself, panels and all, every run.
  const ids = (db.prepare('SELECT id, t FROM samples WHERE t < ?').all(Math.floor(before / stepMs) * stepMs) as { id: number; t: number }[]).sort(
    (a, b) => a.id - b.id,
  );
  let thinned = 0;
  let runStart: number | undefined;
  for (let i = 0; i < ids.length; i++) {
    const bucket = Math.floor(ids[i].t / stepMs);
    const next = ids[i + 1];
    const lastOfBucket = next === undefined || Math.floor(next.t / stepMs) !== bucket;
    if (!lastOfBucket) {
      runStart ??= ids[i].id;
      continue;
    }
    if (runStart !== undefined) thinned += dropSamples(db, runStart, ids[i].id, true);
    runStart = undefined;
  }
  return thinned;
}

/** Apply the policy now; returns the samples deleted (age, size) and thinned. */
export function applyRetention(db: DatabaseSync, policy: RetentionPolicy, nowMs: number): { deleted: number; thinned: number } {
  let deleted = policy.retainMs === undefined ? 0 : retainAge(db, nowMs - policy.retainMs);
  const thinned = policy.downsampleAfterMs === undefined ? 0 : thin(db, nowMs - policy.downsampleAfterMs, policy.downsampleStepMs);
  if (policy.maxBytes !== undefined) deleted += retainSize(db, policy.maxBytes);
  if (deleted + thinned > 0) db.exec('PRAGMA incremental_vacuum');
  return { deleted, thinned };
}
