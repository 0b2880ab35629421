/**
 * A week of history, built synthetically from real samples (issue #13, Benchmarks: "opening any
 * moment of a 7-day database in under 200 ms; report --since 24h in under 2 s"). It records a
 * few minutes of this machine with the real agent, grown to --n processes of which --busy use a
 * little CPU, as bench/history.ts does (or reads a recording given with --real), then
 * writes 7 days of samples at a 10 s spacing through the agent's own encoder and writer: the real
 * snapshots cycled, moved to the synthetic time, their counters advanced by the deltas the real
 * recording measured (scaled to 10 s) so they stay monotonic, and processes ending and new pids
 * starting at --turnover a minute. Processes that were not alive through the whole real recording
 * (the soak's churn, one-off commands) are left out: the turnover stands for them. Retention runs
 * as the agent runs it (applyRetention with the default policy, then the hourly roll-up, once a
 * synthetic minute), so samples older than 2 days are thinned to one a minute. Then, each as a user runs it: replay
 * opened at 20 random moments (the Timeline in this process, the bundle's `smoothtask replay
 * --at T` in tmux to its first frame, and `T` in one open replay screen to each moment), and
 * `smoothtask report` over 24 h and 7 d.
 *
 *   node bench/history-week.ts [--real DB] [--record 180] [--n 1000] [--busy 50] [--days 7] [--turnover 3] [--moments 20]
 *                              [--downsample-after HOURS] [--out DIR]
 *   node bench/history-week.ts --db WEEK.db   (measure a week built before, with the code built now)
 *
 * Needs the built tree (`bash scripts/build.sh`: dist/ and the bundle); as root, like the agent.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ProcessRow, Snapshot } from '../src/types/snapshot.ts';
import { IdleProcesses } from './idle.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    real: { type: 'string' },
    record: { type: 'string', default: '180' },
    n: { type: 'string', default: '1000' },
    busy: { type: 'string', default: '50' },
    days: { type: 'string', default: '7' },
    turnover: { type: 'string', default: '3' },
    moments: { type: 'string', default: '20' },
    out: { type: 'string' },
    db: { type: 'string' },
    'downsample-after': { type: 'string' },
  },
});
const SPACING_MS = 10_000;
const DAYS = Number(values.days);
const TURNOVER_PER_MIN = Number(values.turnover);
const MOMENTS = Number(values.moments);
/** Hours after which samples are thinned, when not the default policy's (a shorter build still thins). */
const DOWNSAMPLE_AFTER_H = values['downsample-after'] === undefined ? undefined : Number(values['downsample-after']);
const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'smoothtask');
const dist = resolve(process.env.SMOOTHTASK_DIST ?? join(root, 'dist'));
if (!existsSync(join(dist, 'history', 'timeline.js'))) {
  process.stderr.write(`history-week: ${dist} has no built history; run \`bash scripts/build.sh\` first\n`);
  process.exit(1);
}
const { openRecordingTimeline } = await import(join(dist, 'history/timeline.js'));
const { openForWriting, openForReading } = await import(join(dist, 'history/schema.js'));
const { SampleEncoder } = await import(join(dist, 'history/encode.js'));
const { SampleWriter } = await import(join(dist, 'history/write.js'));
const { applyRetention } = await import(join(dist, 'history/retention.js'));
const { rollUpHours } = await import(join(dist, 'history/hours.js'));
const { buildReport } = await import(join(dist, 'report/aggregate.js'));
const { defaultConfig } = await import(join(dist, 'config/defaults.js'));

const dir = values.out ?? mkdtempSync(join(tmpdir(), 'smoothtask-bench-week-'));
mkdirSync(dir, { recursive: true });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const log = (line: string): void => void process.stderr.write(`history-week: ${line}\n`);

/**
 * Record `seconds` of this machine with the bundle's agent at a 2 s interval, with the host grown
 * to `n` processes of which `busy` wake every 200 ms to use a little CPU (as bench/history.ts).
 */
async function recordReal(path: string, seconds: number, n: number, busy: number): Promise<void> {
  const idle = new IdleProcesses(seconds + 600);
  process.on('exit', () => idle.killAll());
  const busyProcs = Array.from({ length: busy }, () =>
    spawn('perl', ['-e', 'while (1) { select(undef, undef, undef, 0.2); my $x = 0; $x++ for 1..20000 }'], { stdio: 'ignore' }),
  );
  try {
    await idle.growTo(Math.max(0, n - busy));
    log(`recording ${seconds} s of this machine (${n} more processes, ${busy} busy) with \`smoothtask agent\` into ${path}`);
    const agent = spawn(bin, ['agent', '--db', path, '--interval', '2s'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, HOME: dir } });
    await sleep(seconds * 1000);
    agent.kill('SIGTERM');
    await new Promise((r) => agent.on('exit', r));
  } finally {
    for (const b of busyProcs) b.kill('SIGKILL');
    idle.killAll();
  }
}

/** Every recorded snapshot, oldest first. */
function readReal(path: string): Snapshot[] {
  const timeline = openRecordingTimeline(path);
  try {
    const range = timeline.range();
    const out: Snapshot[] = [timeline.at(range.first)];
    for (;;) {
      const next: Snapshot = timeline.step(Date.parse(out[out.length - 1].takenAt), 1);
      if (next.takenAt === out[out.length - 1].takenAt) break;
      out.push(next);
    }
    return out;
  } finally {
    timeline.close();
  }
}

const COUNTERS = ['cpuTimeSeconds', 'readBytes', 'writeBytes', 'runqueueWaitMs', 'netTxBytes', 'netRxBytes'] as const;
type Counter = (typeof COUNTERS)[number];
const keyOf = (p: ProcessRow): string => `${p.pid}:${p.startTime}`;

/** A process of the real recording, alive throughout: its row in each real sample and its counters' growth per 10 s. */
interface Template {
  rows: ProcessRow[];
  /**
   * Its facts in the last real sample, for every synthetic one: cycling the real samples would
   * otherwise bring back each change (a cgroup read a sample late, a kworker's new name) every
   * cycle, a new stretch each time (docs/history-schema.md).
   */
  facts: Pick<ProcessRow, 'comm' | 'cmdline' | 'uid' | 'user' | 'cgroup' | 'kernelThread'>;
  growth: Record<Counter, number>[];
}

function templatesOf(real: Snapshot[]): Template[] {
  const byKey = real.map((s) => new Map(s.processes.map((p) => [keyOf(p), p])));
  const out: Template[] = [];
  for (const p of real[0].processes) {
    const rows = byKey.map((m) => m.get(keyOf(p)));
    if (rows.some((r) => r === undefined)) continue;
    const growth = rows.map((r, i) => {
      const prev = rows[i === 0 ? 1 : i - 1]!;
      const cur = rows[i === 0 ? 1 : i]!;
      const gapMs = Date.parse(real[i === 0 ? 1 : i].takenAt) - Date.parse(real[i === 0 ? 0 : i - 1].takenAt);
      const g = {} as Record<Counter, number>;
      for (const c of COUNTERS) {
        const a = prev[c];
        const b = cur[c];
        g[c] = a === undefined || b === undefined ? 0 : Math.max(0, b - a) * (SPACING_MS / gapMs);
      }
      return g;
    });
    const last = rows[rows.length - 1]!;
    const facts = { comm: last.comm, cmdline: last.cmdline, uid: last.uid, user: last.user, cgroup: last.cgroup, kernelThread: last.kernelThread };
    out.push({ rows: rows as ProcessRow[], facts, growth });
  }
  return out;
}

/** One synthetic process: a template's behaviour under its own pid, start and counters. */
interface Instance {
  template: Template;
  pid: number;
  startTime: number;
  startedAt?: number;
  counters: Partial<Record<Counter, number>>;
}

async function build(
  path: string,
  real: Snapshot[],
): Promise<{ samples: number; started: number; writeMs: number; retentionMs: number; retentionMaxMs: number }> {
  const templates = templatesOf(real);
  const userTemplates = templates.filter((t) => t.rows[0].kernelThread !== true && t.rows[0].pid > 1);
  log(`${real.length} real samples; ${templates.length} processes alive throughout (of ${new Set(real.flatMap((s) => s.processes.map(keyOf))).size} seen)`);
  const end = Math.floor(Date.now() / SPACING_MS) * SPACING_MS;
  const count = (DAYS * 86_400_000) / SPACING_MS;
  const start = end - (count - 1) * SPACING_MS;
  const bootMs = Date.parse(real[0].takenAt) - (real[0].host.uptimeSeconds ?? 0) * 1000;
  const live: Instance[] = templates.map((t) => ({
    template: t,
    pid: t.rows[0].pid,
    startTime: t.rows[0].startTime,
    startedAt: t.rows[0].startedAt,
    counters: {},
  }));
  for (const inst of live) for (const c of COUNTERS) inst.counters[c] = inst.template.rows[0][c];
  let nextPid = 400_000;
  let started = 0;
  let seed = 42;
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const db = openForWriting(path);
  const writer = new SampleWriter(db);
  const encoder = new SampleEncoder();
  const policy = { ...defaultConfig(process.env).history, ...(DOWNSAMPLE_AFTER_H !== undefined ? { downsampleAfterMs: DOWNSAMPLE_AFTER_H * 3_600_000 } : {}) };
  let writeMs = 0;
  let retentionMs = 0;
  let retentionMaxMs = 0;
  for (let j = 0; j < count; j++) {
    const t = start + j * SPACING_MS;
    const i = j % real.length;
    const base = real[i];
    // Turnover: a process ends and a new pid of the same kind starts, --turnover times a minute.
    for (let k = random() * 6 < TURNOVER_PER_MIN ? 1 : 0; k > 0; k--) {
      // Kept: the first half of the real processes (init, the daemons a server keeps for a week).
      const victim = Math.floor(templates.length / 2 + random() * (live.length - templates.length / 2));
      if (live[victim].template.rows[0].kernelThread !== true) live.splice(victim, 1);
      const template = userTemplates[Math.floor(random() * userTemplates.length)];
      const pid = nextPid++;
      live.push({ template, pid, startTime: Math.round(((t - bootMs) / 1000) * 100), startedAt: t, counters: Object.fromEntries(COUNTERS.map((c) => [c, 0])) });
      started += 1;
    }
    const processes: ProcessRow[] = live.map((inst) => {
      const row: ProcessRow = { ...inst.template.rows[i], ...inst.template.facts, pid: inst.pid, startTime: inst.startTime };
      if (inst.startedAt !== undefined) row.startedAt = inst.startedAt;
      else delete row.startedAt;
      for (const c of COUNTERS) {
        const v = inst.counters[c];
        if (v === undefined || row[c] === undefined) continue;
        inst.counters[c] = v + inst.template.growth[i][c];
        row[c] = inst.counters[c];
      }
      return row;
    });
    const exits =
      base.recentExits === undefined ? undefined : { ...base.recentExits, exits: base.recentExits.exits.filter((e) => !e.comm.startsWith('churn')) };
    const snap: Snapshot = {
      ...base,
      takenAt: new Date(t).toISOString(),
      intervalMs: SPACING_MS,
      processes,
      ...(exits !== undefined ? { recentExits: exits } : {}),
    };
    const w0 = performance.now();
    writer.write(encoder.encode(snap));
    writeMs += performance.now() - w0;
    if (j % 6 === 5) {
      const r0 = performance.now();
      applyRetention(db, policy, t);
      // As the writer thread's maintenance (history-writer.ts), with its budget.
      rollUpHours(db, 250);
      const ms = performance.now() - r0;
      retentionMs += ms;
      retentionMaxMs = Math.max(retentionMaxMs, ms);
    }
    if (j % 8640 === 8639) log(`day ${(j + 1) / 8640} written (${live.length} processes live, ${started} started)`);
  }
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  return { samples: count, started, writeMs, retentionMs, retentionMaxMs };
}

const ms = (x: number): string => x.toFixed(0);

/** Wall and CPU time (user + system, GNU time) of the bundle's command, ms; its output is discarded. */
function timeCli(args: string[]): { wall: number; cpu: number } {
  const out = join(dir, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %U %S', bin, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, HOME: dir },
  });
  if (r.status !== 0) throw new Error(`smoothtask ${args.join(' ')}: exit ${r.status}: ${r.stderr.toString()}`);
  const [wall, user, sys] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
  return { wall: wall * 1000, cpu: (user + sys) * 1000 };
}

/**
 * `smoothtask replay --db path --at at` in a 200x50 pane of a tmux server of its own (never the
 * user's), with the screen polled until a condition holds.
 */
class ReplayPane {
  private readonly socket = `smoothtask-bench-week-${process.pid}`;
  readonly startedAt = performance.now();

  constructor(path: string, at: number) {
    this.tmux(
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'replay',
      '-x',
      '200',
      '-y',
      '50',
      `HOME=${dir} ${bin} replay --db ${path} --at ${new Date(at).toISOString()}`,
    );
  }

  tmux(...args: string[]): string {
    return spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' }).stdout;
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'replay');
  }

  /** Until `done` holds for the screen, polled every 5 ms; throws naming `what` after 20 s. */
  async until(what: string, done: (screen: string) => boolean): Promise<void> {
    const t0 = performance.now();
    while (!done(this.screen())) {
      if (performance.now() - t0 > 20_000) throw new Error(`replay: no ${what} after 20 s:\n${this.screen()}`);
      await sleep(5);
    }
  }

  kill(): void {
    this.tmux('kill-server');
  }
}

/** The replay screen showing a moment: its REPLAY header and the process table. */
const showsMoment = (screen: string): boolean => /^REPLAY \d{4}-/m.test(screen) && /PID/.test(screen);

/** From starting `smoothtask replay --at` in tmux to its first frame (the REPLAY header and the process table). */
async function replayFirstFrame(path: string, at: number): Promise<number> {
  const pane = new ReplayPane(path, at);
  try {
    await pane.until('first frame', showsMoment);
    return performance.now() - pane.startedAt;
  } finally {
    pane.kill();
  }
}

/**
 * In one `smoothtask replay` screen, from pressing Enter on `T` ("go to time", an ISO 8601 time)
 * to the screen showing that moment (its REPLAY header line changed, the process table drawn),
 * for each of `moments` after the first, where the screen opens. The charts around a moment
 * come a moment later (docs/ui.md, 'Time') and are not waited for.
 */
async function replayJumps(path: string, moments: number[]): Promise<number[]> {
  const pane = new ReplayPane(path, moments[0]);
  try {
    await pane.until('first frame', showsMoment);
    const jumps: number[] = [];
    for (const t of moments.slice(1)) {
      await sleep(1500);
      pane.tmux('send-keys', '-t', 'replay', 'T');
      await pane.until('time prompt', (s) => /^Go to: /m.test(s));
      pane.tmux('send-keys', '-t', 'replay', '-l', new Date(t).toISOString());
      await sleep(200);
      const header = pane.screen().split('\n')[0];
      const t0 = performance.now();
      pane.tmux('send-keys', '-t', 'replay', 'Enter');
      await pane.until(`moment ${new Date(t).toISOString()}`, (s) => s.split('\n')[0] !== header && showsMoment(s));
      jumps.push(performance.now() - t0);
    }
    return jumps;
  } finally {
    pane.kill();
  }
}

async function main(): Promise<void> {
  const path = values.db ?? join(dir, 'week.db');
  const built: string[] = [];
  if (values.db === undefined) {
    const realPath = values.real ?? join(dir, 'real.db');
    if (values.real === undefined) await recordReal(realPath, Number(values.record), Number(values.n), Number(values.busy));
    const real = readReal(realPath);
    rmSync(path, { force: true });
    const b0 = performance.now();
    const b = await build(path, real);
    built.push(
      `real recording: ${real.length} samples at 2 s, ${real[0].processes.length} processes in its first; synthetic: ${b.samples} samples at 10 s over ${DAYS} days, ${b.started} processes started by turnover`,
      `built in ${ms((performance.now() - b0) / 1000)} s: writing ${(b.writeMs / b.samples).toFixed(2)} ms a sample, retention and roll-up ${ms(b.retentionMs / 1000)} s in all (at most ${ms(b.retentionMaxMs)} ms a run)`,
    );
    log(built[1]);
  }

  const db = openForReading(path);
  const count = (sql: string): number => Number((db.prepare(sql).get() as { n: number }).n);
  const shape = {
    bytes: statSync(path).size,
    samples: count('SELECT count(*) AS n FROM samples'),
    procs: count('SELECT count(*) AS n FROM procs'),
    rows: count('SELECT count(*) AS n FROM proc_rows'),
    first: count('SELECT min(t) AS n FROM samples'),
    last: count('SELECT max(t) AS n FROM samples'),
  };
  db.close();

  let seed = 7;
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const moments = Array.from({ length: MOMENTS }, () => shape.first + random() * (shape.last - shape.first));
  const inProcess = moments.map((t) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const timeline = openRecordingTimeline(path);
    const snap: Snapshot = timeline.at(t);
    const c = process.cpuUsage(c0);
    const took = performance.now() - t0;
    timeline.close();
    if (snap.processes.length === 0) throw new Error(`no processes at ${new Date(t).toISOString()}`);
    return { wall: took, cpu: (c.user + c.system) / 1000 };
  });
  const frames: number[] = [];
  for (const t of moments) frames.push(await replayFirstFrame(path, t));
  const jumps = await replayJumps(path, moments);
  const startup = [0, 1, 2].map(() => timeCli(['--version']));

  const reports: { args: string; cli: { wall: number; cpu: number }; inProcessMs: number }[] = [];
  for (const since of ['24h', '7d']) {
    for (const by of ['process', 'user', 'command']) {
      const cli = timeCli(['report', '--db', path, '--since', since, '--by', by, '--format', 'csv']);
      const rdb = openForReading(path);
      const t0 = performance.now();
      buildReport(rdb, path, { by, since: Date.now() - (since === '24h' ? 86_400_000 : 7 * 86_400_000), until: Date.now() });
      const inProc = performance.now() - t0;
      rdb.close();
      reports.push({ args: `--since ${since} --by ${by}`, cli, inProcessMs: inProc });
    }
  }

  const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim();
  const lines = [
    `history-week bench: ${new Date().toISOString()}, load ${load}`,
    ...built,
    `database: ${(shape.bytes / 1e6).toFixed(1)} MB, ${shape.samples} samples after thinning, ${shape.procs} procs rows, ${shape.rows} proc_rows`,
    '',
    '| measurement | wall ms, median | wall ms, max | CPU ms, median | target (wall) |',
    '|---|---|---|---|---|',
    `| openRecordingTimeline(path).at(t), ${MOMENTS} random moments | ${ms(median(inProcess.map((x) => x.wall)))} | ${ms(Math.max(...inProcess.map((x) => x.wall)))} | ${ms(median(inProcess.map((x) => x.cpu)))} | < 200 |`,
    `| \`smoothtask replay --at T\` in tmux, to the first frame, same moments | ${ms(median(frames))} | ${ms(Math.max(...frames))} | | < 200 |`,
    `| in one replay screen, \`T\` (go to time) to each of the other moments, Enter to the moment drawn | ${ms(median(jumps))} | ${ms(Math.max(...jumps))} | | < 200 |`,
    `| \`smoothtask --version\` (the bundle's start alone) | ${ms(median(startup.map((x) => x.wall)))} | ${ms(Math.max(...startup.map((x) => x.wall)))} | ${ms(median(startup.map((x) => x.cpu)))} | |`,
    ...reports.map(
      (r) =>
        `| \`smoothtask report ${r.args}\` (buildReport alone: ${ms(r.inProcessMs)} wall) | ${ms(r.cli.wall)} | | ${ms(r.cli.cpu)} | ${r.args.includes('24h') ? '< 2000' : ''} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  log(`database kept in ${path}`);
}

await main();
