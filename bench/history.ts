/**
 * The recorder beside atop, in one run (issue #13, Benchmarks): for each N, N processes of which
 * `--busy` wake every 200 ms and use a little CPU, then `smoothtask agent` and `atop -w FILE` record
 * the same machine at the same interval for the same window, at the same time. Reported: bytes
 * each file grows per sample after its first (full) one, that per hour at a 10 s interval, and the
 * agent's own per-sample cost (wall and CPU ms writing in the writer thread, encoding in the
 * sampling thread: the agent prints them when it stops). Run as root (eBPF, as the service runs).
 *
 * The window starts after `--warmup` samples: the first writes every process, and on the /proc path
 * the per-process I/O and schedstat reads reach each process over the first passes (each first
 * reading moves its row once).
 *
 *   node bench/history.ts [--n 1000,5000] [--busy 50] [--interval 5] [--samples 13] [--warmup 2]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { IdleProcesses } from './idle.ts';
import { processCount } from './procstat.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const counts = (args.get('n') ?? '1000,5000').split(',').map(Number);
const busyCount = Number(args.get('busy') ?? 50);
const intervalS = Number(args.get('interval') ?? 5);
const samples = Number(args.get('samples') ?? 13);
const warmup = Number(args.get('warmup') ?? 2);
const bin = resolve(import.meta.dirname, '..', 'bin', 'smoothtask');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const size = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

/** The database's size as a reader sees it (WAL frames included, so no checkpoint is double counted). */
function dbState(path: string): { bytes: number; samples: number } {
  if (!existsSync(path)) return { bytes: 0, samples: 0 };
  const db = new DatabaseSync(path, { readOnly: true, timeout: 5000 });
  try {
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    const pageSize = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
    const hasSamples = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'samples'").get() !== undefined;
    const samples = hasSamples ? (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n : 0;
    return { bytes: pages * pageSize, samples };
  } finally {
    db.close();
  }
}

/** Busy processes: each wakes every 200 ms and counts to 20,000 (perl: a few MB each). */
function startBusy(n: number): ChildProcess[] {
  return Array.from({ length: n }, () =>
    spawn('perl', ['-e', 'while (1) { select(undef, undef, undef, 0.2); my $x = 0; $x++ for 1..20000 }'], { stdio: 'ignore' }),
  );
}

/** Bytes of pages each table and index holds (SQLite's dbstat), to say what a sample is made of. */
function tableBytes(path: string): Map<string, number> {
  const db = new DatabaseSync(path, { readOnly: true, timeout: 5000 });
  try {
    const rows = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
    return new Map(rows.map((r) => [r.name, r.bytes]));
  } finally {
    db.close();
  }
}

interface Row {
  n: number;
  processes: number;
  agentBytesPerSample: number;
  atopBytesPerSample: number;
  writeMs?: string;
  writeCpuMs?: string;
  encodeMs?: string;
  encodeCpuMs?: string;
  /** Bytes per sample each table and index grew by over the window. */
  tables: [string, number][];
}

async function measure(n: number, idle: IdleProcesses): Promise<Row> {
  await idle.growTo(Math.max(0, n - busyCount));
  const busy = startBusy(busyCount);
  await sleep(2000);
  const dir = mkdtempSync(join(tmpdir(), 'smoothtask-bench-history-'));
  const db = join(dir, 'history.db');
  const atopFile = join(dir, 'atop.raw');
  const agent = spawn(bin, ['agent', '--db', db, '--interval', `${intervalS}s`], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir } });
  let agentErr = '';
  agent.stderr.on('data', (d: Buffer) => (agentErr += d.toString()));
  const atop = spawn('atop', ['-w', atopFile, String(intervalS)], { stdio: 'ignore' });
  // Measure from the moment both have written their first, full samples (the agent: two, bench/README.md).
  const deadline = Date.now() + (warmup + 6) * intervalS * 1000;
  while (dbState(db).samples < warmup || size(atopFile) === 0) {
    if (Date.now() > deadline)
      throw new Error(`no ${warmup} samples in time: agent ${dbState(db).samples} samples (${agentErr.trim()}), atop ${size(atopFile)} bytes`);
    await sleep(200);
  }
  const dbStart = dbState(db);
  const tablesStart = tableBytes(db);
  const atopStart = size(atopFile);
  const started = Date.now();
  const processes = processCount();
  await sleep((samples - 1) * intervalS * 1000 + 500);
  const dbEnd = dbState(db);
  const tablesEnd = tableBytes(db);
  const atopEnd = size(atopFile);
  const atopSamples = Math.round((Date.now() - started) / (intervalS * 1000));
  agent.kill('SIGTERM');
  atop.kill('SIGTERM');
  await new Promise((r) => agent.on('exit', r));
  for (const b of busy) b.kill('SIGKILL');
  const m = /per sample: ([\d.]+) ms writing in the writer thread \(([\d.]+) ms CPU\), ([\d.]+) ms encoding in the sampling thread \(([\d.]+) ms CPU\)/.exec(
    agentErr,
  );
  // Page-granular (4 KiB): the window must cover many samples.
  return {
    n,
    processes,
    agentBytesPerSample: (dbEnd.bytes - dbStart.bytes) / (dbEnd.samples - dbStart.samples),
    atopBytesPerSample: (atopEnd - atopStart) / atopSamples,
    writeMs: m?.[1],
    writeCpuMs: m?.[2],
    encodeMs: m?.[3],
    encodeCpuMs: m?.[4],
    tables: [...tablesEnd]
      .map(([name, bytes]): [string, number] => [name, (bytes - (tablesStart.get(name) ?? 0)) / (dbEnd.samples - dbStart.samples)])
      .filter(([, bytes]) => bytes !== 0)
      .sort((a, b) => b[1] - a[1]),
  };
}

async function main(): Promise<void> {
  if (spawnSync('atop', ['-V']).status !== 0) throw new Error('atop is not installed (bench/debian-packages.txt)');
  const idle = new IdleProcesses(3600);
  process.on('exit', () => idle.killAll());
  const rows: Row[] = [];
  try {
    for (const n of counts) rows.push(await measure(n, idle));
  } finally {
    idle.killAll();
  }
  const perHour = (b: number): string => `${((b * 360) / 1e6).toFixed(2)} MB`;
  const lines = [
    `history bench: ${new Date().toISOString()}, interval ${intervalS} s, ${samples} samples after ${warmup} of warm-up, ${busyCount} busy; load ${spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim()}`,
    '',
    '| N | host processes | SmoothTask bytes/sample | atop bytes/sample | ratio | SmoothTask per hour at 10 s | atop per hour at 10 s | SmoothTask per day | write ms/sample (CPU) | encode ms/sample (CPU) | CPU ms/sample |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.n} | ${r.processes} | ${Math.round(r.agentBytesPerSample)} | ${Math.round(r.atopBytesPerSample)} | ${(r.agentBytesPerSample / r.atopBytesPerSample).toFixed(2)} | ${perHour(r.agentBytesPerSample)} | ${perHour(r.atopBytesPerSample)} | ${((r.agentBytesPerSample * 8640) / 1e6).toFixed(1)} MB | ${r.writeMs ?? 'n/a'} (${r.writeCpuMs ?? 'n/a'}) | ${r.encodeMs ?? 'n/a'} (${r.encodeCpuMs ?? 'n/a'}) | ${r.writeCpuMs === undefined || r.encodeCpuMs === undefined ? 'n/a' : (Number(r.writeCpuMs) + Number(r.encodeCpuMs)).toFixed(2)} |`,
    ),
    '',
    'Bytes per sample by table and index (dbstat pages, so 4 KiB-granular over the window):',
    ...rows.map((r) => `- N=${r.n}: ${r.tables.map(([name, bytes]) => `${name} ${Math.round(bytes)}`).join(', ')}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
