/**
 * The recording's health as `doctor` reports it, read from the outside (doctor is not the agent):
 * the file, its schema and range, the writer holding its lock, how long since that writer's last
 * sample, and the free space where it lives. A writer that holds the lock but has written nothing
 * for several intervals is dropping samples: a full or stalled disk.
 */
import { existsSync, readFileSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { HistoryError } from './errors.js';
import { openForReading } from './schema.js';

export interface RecordingHealth {
  path: string;
  exists: boolean;
  /** Why it cannot be read (HistoryError's words). */
  error?: string;
  samples?: number;
  /** ISO 8601. */
  first?: string;
  last?: string;
  sizeBytes?: number;
  /** The pid in the lock file, when that process is alive. */
  writerPid?: number;
  /** Free bytes on the database's file system (for unprivileged users: statfs f_bavail). */
  freeBytes?: number;
  /** One line: recording, stalled, or idle. */
  state: string;
}

function lockHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(`${path}.lock`, 'utf8'), 10);
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export function inspectRecording(path: string, nowMs: number): RecordingHealth {
  const out: RecordingHealth = { path, exists: existsSync(path), state: '' };
  try {
    const fs = statfsSync(existsSync(path) ? path : dirname(path));
    out.freeBytes = fs.bavail * fs.bsize;
  } catch {
    // The folder is missing too: the state says so.
  }
  if (!out.exists) {
    out.state = `no recording at ${path}; \`smoothtask agent\` records one`;
    return out;
  }
  out.sizeBytes = statSync(path).size;
  out.writerPid = lockHolder(path);
  let db;
  try {
    db = openForReading(path);
  } catch (err) {
    out.error = err instanceof HistoryError ? err.message : (err as Error).message;
    out.state = `cannot be read: ${out.error}`;
    return out;
  }
  try {
    const r = db.prepare('SELECT count(*) AS n, min(t) AS first, max(t) AS last FROM samples').get() as {
      n: number;
      first: number | null;
      last: number | null;
    };
    const last = db.prepare('SELECT interval_ms FROM samples ORDER BY id DESC LIMIT 1').get() as { interval_ms: number } | undefined;
    out.samples = r.n;
    if (r.first !== null) out.first = new Date(r.first).toISOString();
    if (r.last !== null) out.last = new Date(r.last).toISOString();
    const silentMs = r.last === null ? undefined : nowMs - r.last;
    const expectedMs = Math.max(3 * (last?.interval_ms ?? 1000), 2000);
    if (out.writerPid === undefined) out.state = `no writer now; ${r.n} samples${out.last !== undefined ? `, the last at ${out.last}` : ''}`;
    else if (silentMs !== undefined && silentMs > expectedMs) {
      out.state = `STALLED: the writer (pid ${out.writerPid}) has written nothing for ${Math.round(silentMs / 1000)} s; it drops samples while the disk is full or stalled (its log says which)`;
    } else out.state = `recording (writer pid ${out.writerPid}), ${r.n} samples`;
  } finally {
    db.close();
  }
  return out;
}
