/**
 * What the writer's maintenance costs, statement by statement (issue #13: the 7-day build showed
 * retention and the hourly roll-up taking about 260 ms a minute once thinning starts). On a copy of
 * a recording (bench/history-week.ts builds one), it runs the maintenance as the writer thread
 * runs it, once a minute of the recording's own time past its last sample, so each run thins the
 * minute that has just crossed `downsample_after`, and prints the mean per run with each SQL
 * statement's share. The copy is migrated first, as the agent would migrate the file.
 *
 *   node bench/history-maintenance.ts --db WEEK.db [--runs 30]
 *
 * Needs the built tree (`bash scripts/build.sh`); the copy goes to a temporary folder and is removed.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync, StatementSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string', default: '30' } } });
if (values.db === undefined) {
  process.stderr.write('history-maintenance: --db WEEK.db is required (bench/history-week.ts builds one)\n');
  process.exit(1);
}
const runs = Number(values.runs);
const dist = resolve(process.env.SMOOTHTASK_DIST ?? join(import.meta.dirname, '..', 'dist'));
const { openForWriting } = await import(join(dist, 'history/schema.js'));
const { applyRetention } = await import(join(dist, 'history/retention.js'));
const { rollUpHours } = await import(join(dist, 'history/hours.js'));
const { defaultConfig } = await import(join(dist, 'config/defaults.js'));

/** Milliseconds and calls per statement, by its SQL with the whitespace folded. */
const spent = new Map<string, { ms: number; calls: number }>();
function count(sql: string, ms: number): void {
  const key = sql.replace(/\s+/g, ' ').trim().slice(0, 110);
  const entry = spent.get(key) ?? { ms: 0, calls: 0 };
  entry.ms += ms;
  entry.calls += 1;
  spent.set(key, entry);
}
for (const method of ['run', 'all', 'get'] as const) {
  const original = StatementSync.prototype[method] as (...args: unknown[]) => unknown;
  (StatementSync.prototype as unknown as Record<string, unknown>)[method] = function (this: StatementSync, ...args: unknown[]): unknown {
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      count(this.sourceSQL, performance.now() - t0);
    }
  };
}
const exec = DatabaseSync.prototype.exec;
DatabaseSync.prototype.exec = function (this: DatabaseSync, sql: string): void {
  const t0 = performance.now();
  try {
    exec.call(this, sql);
  } finally {
    count(sql, performance.now() - t0);
  }
};

const dir = mkdtempSync(join(tmpdir(), 'smoothtask-bench-maintenance-'));
try {
  const copy = join(dir, 'copy.db');
  copyFileSync(values.db, copy);
  const m0 = performance.now();
  const db = openForWriting(copy) as DatabaseSync;
  process.stdout.write(`opened (and migrated) in ${(performance.now() - m0).toFixed(0)} ms\n`);
  spent.clear();
  const last = (db.prepare('SELECT max(t) AS t FROM samples').get() as { t: number }).t;
  const policy = defaultConfig(process.env).history;
  let retentionMs = 0;
  let rollUpMs = 0;
  let thinned = 0;
  for (let k = 1; k <= runs; k++) {
    const t0 = performance.now();
    thinned += applyRetention(db, policy, last + k * 60_000).thinned;
    const t1 = performance.now();
    rollUpHours(db, 250);
    retentionMs += t1 - t0;
    rollUpMs += performance.now() - t1;
  }
  db.close();
  process.stdout.write(
    `${runs} runs, ${thinned} samples thinned: retention ${(retentionMs / runs).toFixed(1)} ms a run, roll-up ${(rollUpMs / runs).toFixed(1)} ms a run\n\n`,
  );
  process.stdout.write('| ms a run | calls a run | statement |\n|---:|---:|---|\n');
  for (const [sql, { ms, calls }] of [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
    process.stdout.write(`| ${(ms / runs).toFixed(2)} | ${(calls / runs).toFixed(0)} | \`${sql}\` |\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
