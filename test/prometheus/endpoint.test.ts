/**
 * The metrics endpoint with real parts: three SmoothTask runtimes (real Monitors, `startRuntime`
 * with `listen`, as `top --listen` runs it), one endpoint serving the H200 recording through the
 * same writer and server (this machine has no GPU), and Debian's node_exporter, all scraped by
 * Debian's Prometheus. Our series reach Prometheus with the right labels; the names we share
 * with node_exporter have its types and labels; every expression of the Grafana dashboard
 * evaluates and returns data; the refusals hold while the monitor keeps sampling.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { MetricsRenderer } from '../../src/exporter/render.js';
import { startMetricsServer, type MetricsServer } from '../../src/exporter/server.js';
import { parseWebConfig } from '../../src/exporter/web-config.js';
import { startRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { Store } from '../../src/store/store.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { queryUntil, startNodeExporter, startPrometheus, type RunningPrometheus, type RunningServer } from '../helpers/prometheus.js';

const H200 = new URL('../fixtures/nvidia-h200-firecracker-vm/load/snapshot.json', import.meta.url).pathname;
const DASHBOARD = new URL('../../contrib/grafana/smoothtask.json', import.meta.url).pathname;
const PASSWORD = 'correct-horse-battery';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(address: string, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), path, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Metric name → { type, label names of its samples } from a text exposition. */
function families(text: string): Map<string, { type: string; labels: Set<string> }> {
  const out = new Map<string, { type: string; labels: Set<string> }>();
  for (const line of text.split('\n')) {
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) out.set(t[1], { type: t[2], labels: new Set() });
    const s = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? /.exec(line);
    if (s && !line.startsWith('#')) {
      const f = out.get(s[1]) ?? out.get(s[1].replace(/_(bucket|sum|count)$/, ''));
      for (const m of (s[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) f?.labels.add(m[1]);
    }
  }
  return out;
}

describe('the metrics endpoint with Prometheus and node_exporter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smoothtask-endpoint-'));
  const logFile = join(dir, 'smoothtask.log');
  const runtimes: Runtime[] = [];
  let fixture: MetricsServer;
  let authServer: MetricsServer;
  let node: RunningServer;
  let prom: RunningPrometheus;

  beforeAll(async () => {
    const configFile = join(dir, 'config.toml');
    writeFileSync(configFile, `[log]\nfile = "${logFile}"\nlevel = "info"\n[notifications]\ndesktop = false\n`);
    const env = { HOME: dir, PATH: process.env.PATH } as NodeJS.ProcessEnv;
    for (let i = 0; i < 3; i++) {
      const runtime = await startRuntime({
        intervalMs: 1000,
        historyLength: 10,
        loaded: loadConfig({ path: configFile, env }),
        env,
        listen: { address: '127.0.0.1:0' },
      });
      runtime.monitor.start();
      runtimes.push(runtime);
    }
    const store = new Store(2);
    const renderer = new MetricsRenderer(store);
    store.publish(JSON.parse(readFileSync(H200, 'utf8')) as Snapshot);
    const quiet = pino({ level: 'silent' });
    fixture = await startMetricsServer({ listen: { host: '127.0.0.1', port: 0 }, renderer, staleAfterMs: Infinity, latestAt: () => Date.now(), logger: quiet });
    // Basic auth on the first runtime's renderer and log, from a web config file in node_exporter's format.
    const web = parseWebConfig(`basic_auth_users:\n  prometheus: ${bcrypt.hashSync(PASSWORD, 4)}\n`, dir);
    const first = runtimes[0];
    authServer = await startMetricsServer({
      listen: { host: '127.0.0.1', port: 0 },
      web,
      renderer: first.exporter!.renderer,
      staleAfterMs: 10_000,
      latestAt: () => Date.now(),
      logger: first.logger,
    });
    node = await startNodeExporter();
    prom = await startPrometheus({
      jobs: [
        { job: 'smoothtask', targets: runtimes.map((r) => r.exporter!.server.address) },
        { job: 'recorded-h200', targets: [fixture.address] },
        { job: 'node', targets: [node.address] },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await node?.stop();
    await fixture?.close();
    await authServer?.close();
    for (const r of runtimes) {
      await r.exporter?.server.close();
      await r.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('says where it listens, on loopback', () => {
    const log = readFileSync(logFile, 'utf8');
    for (const r of runtimes) {
      expect(r.exporter!.server.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(log).toContain(`metrics endpoint listening on http://${r.exporter!.server.address}/metrics`);
    }
  });

  it('gets our series into Prometheus from three instances, with their labels', async () => {
    const up = await queryUntil(prom, 'count(up{job="smoothtask"} == 1) == 3');
    expect(up).toHaveLength(1);
    // Each instance once it has published a snapshot (a scrape before the first gets 503).
    await queryUntil(prom, 'count(count by (instance) (node_cpu_seconds_total{job="smoothtask", mode="user"})) == 3', 30_000);
    const cpu = await prom.query('count by (instance) (node_cpu_seconds_total{job="smoothtask", mode="user"})');
    expect(cpu).toHaveLength(3);
    const collectors = await prom.query('smoothtask_collector_success{job="smoothtask", collector="processes"}');
    expect(collectors).toHaveLength(3);
    expect(collectors[0].metric).toMatchObject({ collector: 'processes', backend: expect.any(String) });
    const procs = await queryUntil(prom, 'smoothtask_process_resident_memory_bytes{job="smoothtask"}');
    expect(Object.keys(procs[0].metric).sort()).toEqual(['__name__', 'comm', 'instance', 'job', 'pid', 'user']);
    const alerts = await prom.query('smoothtask_alerts_firing{job="smoothtask"}');
    expect(new Set(alerts.map((a) => a.metric.severity))).toEqual(new Set(['warning', 'critical']));
    // A rate over our counters: two scrapes of cumulative counters, not a rate exported as one.
    const busy = await queryUntil(prom, 'sum by (instance) (rate(node_cpu_seconds_total{job="smoothtask", mode!="idle"}[5s])) > 0');
    expect(busy.length).toBeGreaterThan(0);
  }, 40_000);

  it('has dcgm-exporter’s GPU series and labels from the H200 recording', async () => {
    const util = await queryUntil(prom, 'DCGM_FI_DEV_GPU_UTIL{job="recorded-h200"}');
    expect(util[0].metric).toMatchObject({ gpu: '0', UUID: 'GPU-c8766d92-b593-3a75-7b18-b84974d70dd5', modelName: 'NVIDIA H200', Hostname: 'vm' });
    expect(util[0].value[1]).toBe('100');
  });

  it('asks for OpenMetrics, as Prometheus does, and gzip', async () => {
    const accept = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5';
    const om = await get(runtimes[0].exporter!.server.address, '/metrics', { headers: { Accept: accept } });
    expect(om.headers['content-type']).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(om.body.endsWith('# EOF\n')).toBe(true);
    const zipped = await get(runtimes[0].exporter!.server.address, '/metrics', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
  });

  it('shares node_exporter’s types and label names on every metric both expose', async () => {
    const ours = families((await get(runtimes[0].exporter!.server.address, '/metrics')).body);
    const theirs = families((await get(node.address, '/metrics')).body);
    const shared = [...ours.keys()].filter((n) => theirs.has(n));
    expect(shared.length).toBeGreaterThan(30);
    for (const name of shared) {
      const o = ours.get(name)!;
      const t = theirs.get(name)!;
      expect({ name, type: o.type }).toEqual({ name, type: t.type });
      if (o.labels.size > 0 || t.labels.size > 0) expect({ name, labels: [...o.labels].sort() }).toEqual({ name, labels: [...t.labels].sort() });
    }
    for (const required of [
      'node_cpu_seconds_total',
      'node_memory_MemAvailable_bytes',
      'node_load1',
      'node_disk_read_bytes_total',
      'node_network_receive_bytes_total',
    ]) {
      expect(shared).toContain(required);
    }
  });

  it('evaluates every PromQL expression of the Grafana dashboard, each with data', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { targets?: { expr: string }[] }[]; templating: { list: { name: string }[] } };
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(expect.arrayContaining(['instance', 'job']));
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(15);
    // Rates need a few scrapes in the window: wait for them once.
    await queryUntil(prom, 'count(rate(smoothtask_runqueue_latency_seconds_bucket[10s]) > 0) > 0', 30_000);
    for (const expr of exprs) {
      const promql = expr.replaceAll('$job', '.*').replaceAll('$instance', '.*').replaceAll('$__rate_interval', '10s');
      const result = await queryUntil(prom, promql, 10_000);
      expect({ expr, samples: result.length > 0 }).toEqual({ expr, samples: true });
    }
  }, 200_000);

  it('passes promtool check metrics on a live scrape, apart from the kept camelCase names', async () => {
    const { execFileSync } = await import('node:child_process');
    const body = (await get(runtimes[1].exporter!.server.address, '/metrics')).body;
    let out = '';
    try {
      execFileSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    } catch (err) {
      out = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
    }
    expect(out.split('\n').filter((l) => l.trim() !== '' && !/'snake_case' not 'camelCase'/.test(l))).toEqual([]);
  });

  describe('refusals', () => {
    const target = (): string => runtimes[2].exporter!.server.address;

    it('405 for other methods, 404 for other paths, /healthz, and nothing more than a short text', async () => {
      const post = await get(target(), '/metrics', { method: 'POST' });
      expect([post.status, post.headers.allow, post.body]).toEqual([405, 'GET, HEAD', 'method not allowed\n']);
      const missing = await get(target(), '/../../etc/passwd');
      expect([missing.status, missing.body]).toEqual([404, 'not found; the metrics are at /metrics\n']);
      expect((await get(target(), '/healthz')).status).toBe(200);
      const head = await get(target(), '/metrics', { method: 'HEAD' });
      expect([head.status, head.body]).toEqual([200, '']);
    });

    it('431 for oversized headers', async () => {
      const big = await get(target(), '/metrics', { headers: { 'X-Big': 'x'.repeat(16 * 1024) } });
      expect(big.status).toBe(431);
    });

    it('drops a client that sends one byte a second, and serves others meanwhile', async () => {
      const [host, port] = target().split(':');
      const socket = connect(Number(port), host);
      const started = Date.now();
      const request = 'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n';
      let sent = 0;
      const drip = setInterval(() => {
        if (!socket.destroyed && sent < request.length) socket.write(request[sent++]);
      }, 1000);
      const before = runtimes[2].store.getLatest()!.takenAt;
      const ok = await get(target(), '/metrics');
      expect(ok.status).toBe(200);
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (answer += d));
      socket.on('error', () => undefined);
      // The server answers 408 and ends the connection: the end (or close) is the drop.
      await new Promise<void>((resolve) => {
        socket.once('end', resolve);
        socket.once('close', resolve);
      });
      clearInterval(drip);
      // headersTimeout 5 s, checked every second: closed long before the request was complete
      // (a byte a second: 33 s), whatever the load on the machine.
      expect(Date.now() - started).toBeLessThan(request.length * 1000);
      expect(sent).toBeLessThan(request.length);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      socket.destroy();
      expect(runtimes[2].store.getLatest()!.takenAt).not.toBe(before);
    }, 45_000);

    it('401 for a wrong password, logged with the user and never the password', async () => {
      const basic = (user: string, password: string): Record<string, string> => ({
        Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      });
      const wrong = await get(authServer.address, '/metrics', { headers: basic('prometheus', 'wrong-password-123') });
      expect([wrong.status, wrong.headers['www-authenticate']]).toEqual([401, 'Basic realm="smoothtask"']);
      expect((await get(authServer.address, '/metrics')).status).toBe(401);
      const right = await get(authServer.address, '/metrics', { headers: basic('prometheus', PASSWORD) });
      expect(right.status).toBe(200);
      expect(right.body).toContain('node_cpu_seconds_total');
      const log = readFileSync(logFile, 'utf8');
      expect(log).toContain('"user":"prometheus"');
      expect(log).toContain('bad or missing credentials');
      expect(log).not.toContain('wrong-password-123');
      expect(log).not.toContain(PASSWORD);
    }, 60_000);

    it('answers 200 concurrent scrapes with the metrics or a quick refusal, and keeps sampling', async () => {
      const r = runtimes[1];
      const before = r.store.getLatest()!.takenAt;
      const replies = await Promise.all(Array.from({ length: 200 }, () => get(r.exporter!.server.address, '/metrics')));
      const statuses = new Set(replies.map((x) => x.status));
      expect([...statuses].every((s) => s === 200 || s === 429 || s === 503)).toBe(true);
      expect(replies.filter((x) => x.status === 200).length).toBeGreaterThan(0);
      for (const x of replies) if (x.status !== 200) expect(x.body.length).toBeLessThan(40);
      // Sampling went on: a newer snapshot comes (within seconds, however loaded the machine).
      const until = Date.now() + 20_000;
      while (r.store.getLatest()!.takenAt === before && Date.now() < until) await new Promise((res) => setTimeout(res, 200));
      expect(r.store.getLatest()!.takenAt).not.toBe(before);
      // And it answers again once this client's rate allows (10 a second, after the burst of 200).
      let health = await get(r.exporter!.server.address, '/healthz');
      for (let i = 0; i < 50 && health.status === 429; i++) {
        await new Promise((res) => setTimeout(res, 200));
        health = await get(r.exporter!.server.address, '/healthz');
      }
      expect(health.status).toBe(200);
    }, 60_000);
  });
});
