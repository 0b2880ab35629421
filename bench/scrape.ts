/**
 * Scrape cost at N idle processes (5,000 by default), in one run on one machine: SmoothTask's
 * /metrics (its render, gzip and the HTTP answer, on a live Monitor with eBPF when run as root)
 * beside node_exporter's scrape of its default collectors, and SmoothTask's writer beside
 * @prometheus-io/client setting and serialising the same series. Prints a markdown table for
 * bench/README.md.
 *
 * Runs as plain type-stripped Node and imports the built code from dist/ (`npm run build` first):
 *   node bench/scrape.ts [--n 5000] [--scrapes 40]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { constants, gzipSync } from 'node:zlib';
import { Counter, Gauge, Registry } from '@prometheus-io/client';
import { IdleProcesses } from './idle.ts';
import { CLK_TCK, readStat } from './procstat.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '5000' }, scrapes: { type: 'string', default: '40' } } });
const N = Number(values.n);
const SCRAPES = Number(values.scrapes);

const dist = resolve(process.env.SMOOTHTASK_DIST ?? join(import.meta.dirname, '..', 'dist'));
if (!existsSync(join(dist, 'exporter/render.js'))) {
  process.stderr.write(`scrape: ${dist} has no built exporter; run \`npm run build\` first\n`);
  process.exit(2);
}
const { startRuntime } = await import(join(dist, 'runtime/runtime.js'));
const { loadConfig } = await import(join(dist, 'config/load.js'));
const { renderSnapshot, DEFAULT_METRICS_OPTIONS } = await import(join(dist, 'exporter/render.js'));
const { GroupAccumulator } = await import(join(dist, 'exporter/accumulator.js'));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function get(address: string, headers: Record<string, string> = {}): Promise<Buffer> {
  const [host, port] = address.split(':');
  return new Promise((done, fail) => {
    const req = request({ host, port: Number(port), path: '/metrics', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(Buffer.concat(chunks)));
    });
    req.on('error', fail);
    req.end();
  });
}

interface Family {
  name: string;
  type: string;
  help: string;
  samples: { labels: Record<string, string>; value: number }[];
}

/** Our exposition back into families, so the library writes exactly the same series. */
function parseExposition(text: string): Family[] {
  const out = new Map<string, Family>();
  let cur: Family | undefined;
  for (const line of text.split('\n')) {
    const help = /^# HELP (\S+) (.*)$/.exec(line);
    if (help) {
      cur = { name: help[1], type: 'gauge', help: help[2], samples: [] };
      out.set(cur.name, cur);
      continue;
    }
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type && cur) cur.type = type[2];
    const s = /^(\S+?)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!s || !cur || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const m of (s[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]] = m[2];
    const value = s[3] === '+Inf' ? Infinity : Number(s[3]);
    // A histogram's _bucket, _sum and _count go in as gauges of those names (the library's
    // histogram cannot be set from bucket counts): the same series either way.
    let fam = cur;
    if (cur.type === 'histogram') {
      fam = out.get(s[1]) ?? { name: s[1], type: 'gauge', help: cur.help, samples: [] };
      out.set(s[1], fam);
    }
    fam.samples.push({ labels, value });
  }
  return [...out.values()].filter((f) => f.type !== 'histogram');
}

/** One library scrape: reset every metric, set every series, serialise. */
async function libraryScrape(families: Family[], metrics: (Gauge<string> | Counter<string>)[], registry: Registry): Promise<string> {
  families.forEach((f, i) => {
    const m = metrics[i];
    m.reset();
    for (const s of f.samples) {
      if (m instanceof Counter) m.inc(s.labels, s.value);
      else m.set(s.labels, s.value);
    }
  });
  return registry.metrics();
}

function nodeExporter(): Promise<{ pid: number; address: string; stop: () => void }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const address = `127.0.0.1:${port}`;
  const child = spawn('prometheus-node-exporter', [`--web.listen-address=${address}`], { stdio: 'ignore' });
  return new Promise((done, fail) => {
    const until = Date.now() + 10_000;
    const poll = (): void => {
      get(address)
        .then(() => done({ pid: child.pid!, address, stop: () => child.kill('SIGTERM') }))
        .catch((err: unknown) => (Date.now() > until ? fail(err) : setTimeout(poll, 100)));
    };
    poll();
  });
}

function ticksOf(pid: number): number {
  const st = readStat(pid);
  if (!st) throw new Error(`process ${pid} is gone`);
  return st.cpuTicks;
}

const fmt = (n: number, d = 2): string => n.toFixed(d);
const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;

const idle = new IdleProcesses(600);
const home = mkdtempSync(join(tmpdir(), 'smoothtask-bench-scrape-'));
const rows: string[] = [];
try {
  await idle.growTo(N);
  await sleep(2000);
  const env = { HOME: home, PATH: process.env.PATH } as NodeJS.ProcessEnv;
  const runtime = await startRuntime({ intervalMs: 1000, historyLength: 10, loaded: loadConfig({ env }), env, listen: { address: '127.0.0.1:0' } });
  runtime.monitor.start();
  // Until a snapshot has rates (two passes; a pass over thousands of processes takes a while).
  const until = Date.now() + 60_000;
  while (Date.now() < until && !runtime.store.getLatest()?.processes.some((p: { cpuPercent?: number }) => p.cpuPercent !== undefined)) await sleep(500);
  await sleep(2000);
  const snapshot = runtime.store.getLatest();
  const processes = snapshot.processes.length;
  const backend = snapshot.sources.processes?.backend ?? 'none';

  // 1. The writer alone, and @prometheus-io/client on the same series.
  const acc = new GroupAccumulator([]);
  acc.add(snapshot);
  const render = (): string => renderSnapshot(snapshot, 'prometheus', acc, DEFAULT_METRICS_OPTIONS, (n: number) => n);
  const body = render();
  let t = cpuMs();
  for (let i = 0; i < SCRAPES; i++) render();
  const ownMs = (cpuMs() - t) / SCRAPES;
  // As the server compresses (render.ts: the fastest level), and at zlib's default level beside it.
  const fast = { level: constants.Z_BEST_SPEED };
  const zipped = gzipSync(body, fast);
  t = cpuMs();
  for (let i = 0; i < SCRAPES; i++) gzipSync(body, fast);
  const gzipMs = (cpuMs() - t) / SCRAPES;
  const zippedDefault = gzipSync(body);
  t = cpuMs();
  for (let i = 0; i < SCRAPES; i++) gzipSync(body);
  const gzipDefaultMs = (cpuMs() - t) / SCRAPES;

  const families = parseExposition(body);
  const registry = new Registry();
  const metrics = families.map((f) => {
    const labelNames = [...new Set(f.samples.flatMap((s) => Object.keys(s.labels)))];
    const conf = { name: f.name, help: f.help, labelNames, registers: [registry] };
    return f.type === 'counter' ? new Counter(conf) : new Gauge(conf);
  });
  const libBody = await libraryScrape(families, metrics, registry);
  t = cpuMs();
  for (let i = 0; i < SCRAPES; i++) await libraryScrape(families, metrics, registry);
  const libMs = (cpuMs() - t) / SCRAPES;

  // 2. Over HTTP: a scrape of a body already rendered (what the server adds), gzip as Prometheus asks.
  const address: string = runtime.exporter.server.address;
  await get(address, { 'Accept-Encoding': 'gzip' });
  t = cpuMs();
  for (let i = 0; i < SCRAPES; i++) await get(address, { 'Accept-Encoding': 'gzip' });
  const serveMs = (cpuMs() - t) / SCRAPES;

  // 3. node_exporter's scrape of its default collectors, as Prometheus makes it (gzip).
  const ne = await nodeExporter();
  const plainNe = await get(ne.address);
  const gzNe = await get(ne.address, { 'Accept-Encoding': 'gzip' });
  await sleep(500);
  const before = ticksOf(ne.pid);
  for (let i = 0; i < SCRAPES; i++) {
    await get(ne.address, { 'Accept-Encoding': 'gzip' });
    await sleep(100);
  }
  const neMs = ((ticksOf(ne.pid) - before) * 1000) / CLK_TCK / SCRAPES;
  ne.stop();
  const ourSeries = body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  const neSeries = plainNe
    .toString()
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#')).length;

  await runtime.exporter.server.close();
  runtime.close();

  rows.push(
    `Scrape cost, ${new Date().toISOString().slice(0, 16)}Z, ${processes} processes listed (${N} idle added; processes backend: ${backend}), ${SCRAPES} scrapes each`,
    '',
    '| what | CPU per scrape | series | bytes | gzip bytes |',
    '|---|---|---|---|---|',
    `| SmoothTask: render (own writer) | ${fmt(ownMs)} ms | ${ourSeries} | ${kb(body.length)} | ${kb(zipped.length)} |`,
    `| SmoothTask: gzip of that body, fastest level (served) | ${fmt(gzipMs)} ms | | | ${kb(zipped.length)} |`,
    `| (gzip at zlib's default level, for comparison) | ${fmt(gzipDefaultMs)} ms | | | ${kb(zippedDefault.length)} |`,
    `| SmoothTask: HTTP answer of a rendered body (gzip) | ${fmt(serveMs)} ms (client included) | | | |`,
    `| SmoothTask: a fresh snapshot's scrape (render + gzip + answer) | ${fmt(ownMs + gzipMs + serveMs)} ms | | | |`,
    `| @prometheus-io/client: set + serialise the same series | ${fmt(libMs)} ms | | ${kb(libBody.length)} | |`,
    `| node_exporter 1.5 default collectors (gzip) | ${fmt(neMs)} ms | ${neSeries} | ${kb(plainNe.length)} | ${kb(gzNe.length)} |`,
  );
  process.stdout.write(rows.join('\n') + '\n');
} finally {
  idle.killAll();
  rmSync(home, { recursive: true, force: true });
}
