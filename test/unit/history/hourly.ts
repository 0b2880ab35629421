/**
 * The hourly roll-up tests' recording: 3.5 hours of sequence.ts (10 s apart) moved to start 40
 * minutes into an hour (a partial hour, three whole ones, a partial one not complete yet), with
 * processes whose sums cross hours: the busy one with moving sizes and GPU use, one whose counters
 * go back every 400 samples, idle ones whose CPU time and size move now and then, a pid reused
 * (another start time), one that lives 20 samples inside one hour. And how its reports compare.
 */
import { copyFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'vitest';
import type { ReportGroup } from '../../../src/cli/args.js';
import { HOUR_MS, hourOf } from '../../../src/history/hours.js';
import { buildReport } from '../../../src/report/aggregate.js';
import type { Report } from '../../../src/report/types.js';
import type { ProcessRow, Snapshot } from '../../../src/types/snapshot.js';
import { BUSY, sequence } from './sequence.js';

export const t = (s: Snapshot): number => Date.parse(s.takenAt);
export const N = 1260;
/** The sequence starts 40 minutes into an hour: a partial hour, three whole ones, a partial one not complete yet. */
const OFFSET_MS = 40 * 60_000;
const RESETS_INDEX = 8;
export const REUSED = 777_777;
export const BLIP = 888_888;

/** The recording's snapshots (see the header). */
function hourly(): Snapshot[] {
  const seq = sequence(N);
  const shift = hourOf(t(seq[0])) + HOUR_MS + OFFSET_MS - t(seq[0]);
  const times = seq.map((s) => t(s) + shift);
  const resets = seq[0].processes[RESETS_INDEX].pid;
  const template = seq[0].processes[5];
  const extra = (i: number, pid: number, startTime: number, from: number, comm: string): ProcessRow => ({
    ...structuredClone(template),
    pid,
    startTime,
    comm,
    cmdline: comm,
    startedAt: times[from] - 5_000,
    cpuTimeSeconds: (i - from + 1) * 0.1,
    readBytes: (i - from) * 4096,
    rssBytes: 2_000_000 + ((i * 7) % 5) * 100_000,
  });
  return seq.map((s, i) => {
    s.takenAt = new Date(t(s) + shift).toISOString();
    for (const p of s.processes) {
      if (p.startedAt !== undefined) p.startedAt += shift;
      if (p.pid === BUSY) {
        p.rssBytes = 1_000_000 * (1 + (i % 7));
        if (i >= 200 && i < 900) {
          p.gpuPercent = (i % 5) * 10.5;
          p.gpuMemBytes = 1_000_000 * (i % 3);
        }
      }
      // A counter that went back (its source changed) every 400 samples.
      if (p.pid === resets) {
        p.cpuTimeSeconds = 5 + (i % 400) * 0.2;
        p.netRxBytes = (i % 400) * 1500;
      }
    }
    // Idle processes whose CPU time and size move now and then.
    s.processes.slice(10, 30).forEach((p, k) => {
      p.cpuTimeSeconds = 1 + Math.floor(i / (17 + k)) * 0.01;
      p.rssBytes = 500_000 + (Math.floor(i / (41 + k)) % 4) * 4096;
    });
    // The same pid twice (another start time), and a process that lives 20 samples inside one hour.
    if (i >= 100 && i < 380) s.processes.push(extra(i, REUSED, 1000, 100, 'reused'));
    if (i >= 385 && i < 900) s.processes.push(extra(i, REUSED, 2000, 385, 'reused'));
    if (i >= 400 && i < 420) s.processes.push(extra(i, BLIP, 3000, 400, 'blip'));
    return s;
  });
}

export const SEQ = hourly();
export const RESETS = SEQ[0].processes[RESETS_INDEX].pid;

/** A copy of the file at `path` (closed) without its roll-ups: the reports it makes read raw rows only. */
export function rawCopy(path: string): string {
  const copy = `${path}.raw.db`;
  copyFileSync(path, copy);
  const db = new DatabaseSync(copy);
  db.exec('DELETE FROM hours; DELETE FROM proc_hours');
  db.close();
  return copy;
}

/** Equal reports: every field, the sums to floating-point rounding (they are added in another order). */
export function expectSameReport(rolled: Report, raw: Report): void {
  const { groups: a, db: _a, ...restA } = rolled;
  const { groups: b, db: _b, ...restB } = raw;
  expect(restA).toEqual(restB);
  expect(a.map((g) => g.group)).toEqual(b.map((g) => g.group));
  a.forEach((g, i) => {
    const h = b[i];
    expect(Object.keys(g).sort()).toEqual(Object.keys(h).sort());
    for (const [key, v] of Object.entries(g)) {
      const w = (h as unknown as Record<string, unknown>)[key];
      if (typeof v === 'number') expect(Math.abs(v - (w as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
      else expect(v).toEqual(w);
    }
  });
}

export function report(path: string, by: ReportGroup, since: number, until: number): Report {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return buildReport(db, path, { by, since, until });
  } finally {
    db.close();
  }
}
