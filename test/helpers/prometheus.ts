/**
 * Real Prometheus servers for tests: Debian's `prometheus` and `prometheus-node-exporter`, started
 * on 127.0.0.1 on free ports with temporary folders, and stopped by the test. Prometheus reads a
 * generated config; `storageDir` lets a test start it on blocks made beforehand (promtool tsdb
 * create-blocks-from openmetrics); `basicAuth` puts it behind basic auth (a web config file with a
 * bcrypt hash, made with Debian's python3 crypt module: Prometheus 2.42 takes --web.config.file).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScrapeJob {
  job: string;
  /** host:port of each target. */
  targets: string[];
  metricsPath?: string;
  /** Extra labels on every target of the job (a datacenter, say). */
  labels?: Record<string, string>;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** 127.0.0.1:PORT */
  address: string;
  stop(): Promise<void>;
}

export interface RunningPrometheus extends RunningServer {
  /** An instant query through the HTTP API; throws on an error status. */
  query(promql: string): Promise<PromSample[]>;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A port nothing listens on right now (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port from the kernel');
  return address.port;
}

async function waitFor(url: string, child: ChildProcess, log: () => string, timeoutMs = 15_000, headers: Record<string, string> = {}): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before it was ready:\n${log()}`);
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within ${timeoutMs} ms (${url}):\n${log()}`);
}

function startChild(cmd: string, args: string[]): { child: ChildProcess; log: () => string } {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer): void => {
    out = (out + b.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, log: () => out };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function configYaml(jobs: ScrapeJob[], scrapeIntervalS: number): string {
  const lines = ['global:', `  scrape_interval: ${scrapeIntervalS}s`, `  scrape_timeout: ${scrapeIntervalS}s`, 'scrape_configs:'];
  for (const j of jobs) {
    lines.push(`  - job_name: ${JSON.stringify(j.job)}`);
    if (j.metricsPath) lines.push(`    metrics_path: ${JSON.stringify(j.metricsPath)}`);
    lines.push('    static_configs:', `      - targets: ${JSON.stringify(j.targets)}`);
    if (j.labels) lines.push(`        labels: ${JSON.stringify(j.labels)}`);
  }
  return lines.join('\n') + '\n';
}

/** A bcrypt hash of `password` (Debian 12's python3 still has the crypt module). */
export function bcryptHash(password: string): string {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const code = 'import crypt, sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1 << 4)))';
  return execFileSync(python, ['-W', 'ignore', '-c', code, password], { encoding: 'utf8' }).trim();
}

export interface BasicAuthUser {
  user: string;
  password: string;
}

export async function startPrometheus(opts: {
  jobs: ScrapeJob[];
  scrapeIntervalS?: number;
  storageDir?: string;
  basicAuth?: BasicAuthUser;
}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'smoothtask-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, configYaml(opts.jobs, opts.scrapeIntervalS ?? 1));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const auth = opts.basicAuth;
  const headers: Record<string, string> =
    auth === undefined ? {} : { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` };
  const webArgs: string[] = [];
  if (auth !== undefined) {
    const webConfig = join(dir, 'web.yml');
    writeFileSync(webConfig, `basic_auth_users:\n  ${JSON.stringify(auth.user)}: ${JSON.stringify(bcryptHash(auth.password))}\n`);
    webArgs.push(`--web.config.file=${webConfig}`);
  }
  const { child, log } = startChild('prometheus', [
    ...webArgs,
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${opts.storageDir ?? join(dir, 'data')}`,
    `--web.listen-address=${address}`,
    // Blocks made by promtool lie in the past: keep them queryable whatever their age.
    '--storage.tsdb.retention.time=100y',
  ]);
  const url = `http://${address}`;
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${url}/-/ready`, child, log, 15_000, headers);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    address,
    stop,
    async query(promql: string): Promise<PromSample[]> {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`, { headers });
      const body = (await res.json()) as { status: string; error?: string; data?: { result: PromSample[] } };
      if (body.status !== 'success' || !body.data) throw new Error(`query ${promql}: ${body.error ?? res.status}`);
      return body.data.result;
    },
  };
}

export async function startNodeExporter(): Promise<RunningServer> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const { child, log } = startChild('prometheus-node-exporter', [`--web.listen-address=${address}`]);
  const url = `http://${address}`;
  const stop = (): Promise<void> => stopChild(child);
  try {
    await waitFor(`${url}/metrics`, child, log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, address, stop };
}

/** Poll a query until it returns at least one sample (the first scrapes take a moment). */
export async function queryUntil(prom: RunningPrometheus, promql: string, timeoutMs = 20_000): Promise<PromSample[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const result = await prom.query(promql);
    if (result.length > 0 || Date.now() > until) return result;
    await new Promise((r) => setTimeout(r, 250));
  }
}
