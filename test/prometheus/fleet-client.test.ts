/**
 * The fleet's Prometheus client and poller against real servers: Debian's Prometheus (one
 * behind basic auth), a port nobody listens on, and a server that accepts and never answers.
 * Each failure comes out as the kind the screen names.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetPoller } from '../../src/fleet/poller.js';
import type { PromAuth } from '../../src/fleet/prometheus/auth.js';
import { PromClient } from '../../src/fleet/prometheus/client.js';
import { PromError } from '../../src/fleet/prometheus/errors.js';
import { freePort, queryUntil, startNodeExporter, startPrometheus, type RunningPrometheus, type RunningServer } from '../helpers/prometheus.js';

const dir = mkdtempSync(join(tmpdir(), 'smoothtask-fleet-client-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function failure(p: Promise<unknown>): Promise<PromError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PromError) return err;
    throw err;
  }
  throw new Error('the query succeeded');
}

describe('the client behind basic auth', () => {
  let prom: RunningPrometheus;
  const client = (auth: PromAuth) => new PromClient({ url: prom.url, auth, timeoutMs: 5000 });

  beforeAll(async () => {
    prom = await startPrometheus({ jobs: [], basicAuth: { user: 'fleet', password: 'right horse' } });
  });
  afterAll(async () => {
    await prom?.stop();
  });

  it('answers with the right user and password from a file', async () => {
    const answer = await client({ kind: 'basic', file: file('good', 'fleet:right horse\n') }).instant('vector(1)');
    expect(answer.result[0].value[1]).toBe('1');
    expect(answer.warnings).toEqual([]);
  });

  it('says unauthorized for a wrong password, no credentials, or a bearer token it does not take', async () => {
    expect((await failure(client({ kind: 'basic', file: file('bad', 'fleet:wrong') }).instant('vector(1)'))).kind).toBe('unauthorized');
    expect((await failure(client({ kind: 'none' }).instant('vector(1)'))).kind).toBe('unauthorized');
    expect((await failure(client({ kind: 'bearer', tokenFile: file('token', 'abc\n') }).instant('vector(1)'))).kind).toBe('unauthorized');
  });

  it("says a bad query is one, with Prometheus's reason", async () => {
    const err = await failure(client({ kind: 'basic', file: file('good2', 'fleet:right horse') }).instant('sum('));
    expect(err.kind).toBe('badQuery');
    expect(err.message).toMatch(/HTTP 400: .*parse error/);
  });

  it('answers range queries as a matrix', async () => {
    const now = Math.floor(Date.now() / 1000);
    const answer = await client({ kind: 'basic', file: file('good3', 'fleet:right horse') }).range('vector(2)', now - 60, now, 30);
    expect(answer.result[0].values.map((v) => v[1])).toEqual(['2', '2', '2']);
  });
});

describe('the client when Prometheus is not there', () => {
  let silent: Server;
  let silentPort: number;
  const held = new Set<Socket>();

  beforeAll(async () => {
    // Accepts connections and never answers: a hung Prometheus.
    silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('says down when the connection is refused', async () => {
    const port = await freePort();
    const err = await failure(new PromClient({ url: `http://127.0.0.1:${port}`, auth: { kind: 'none' }, timeoutMs: 2000 }).instant('up'));
    expect(err.kind).toBe('down');
    expect(err.message).toBe('ECONNREFUSED');
  });

  it('says slow when no answer comes within the timeout', async () => {
    const started = Date.now();
    const err = await failure(new PromClient({ url: `http://127.0.0.1:${silentPort}`, auth: { kind: 'none' }, timeoutMs: 300 }).instant('up'));
    expect(err.kind).toBe('slow');
    expect(err.message).toBe('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the poller over a live Prometheus', () => {
  let exporter: RunningServer;
  let prom: RunningPrometheus;

  beforeAll(async () => {
    exporter = await startNodeExporter();
    prom = await startPrometheus({ jobs: [{ job: 'node', targets: [exporter.address], labels: { dc: 'test' } }] });
    await queryUntil(prom, 'count(rate(node_cpu_seconds_total[1m])) > 0');
  });
  afterAll(async () => {
    await prom?.stop();
    await exporter?.stop();
  });

  it('publishes rows in four queries, then keeps them with their time when Prometheus goes away', async () => {
    const client = new PromClient({ url: prom.url, auth: { kind: 'none' }, timeoutMs: 5000 });
    const poller = new FleetPoller(client, { intervalMs: 60_000, rateWindow: '1m' });
    let publishes = 0;
    poller.subscribe(() => (publishes += 1));
    await poller.refresh();
    const ok = poller.getSnapshot();
    expect(ok.status.state).toBe('ok');
    expect(ok.queriesPerRefresh).toBe(4);
    expect(client.sent).toBe(4);
    expect(ok.rows).toHaveLength(1);
    expect(ok.rows[0]).toMatchObject({ host: '127.0.0.1', targetsUp: 1, labels: { job: 'node', dc: 'test' } });
    expect(ok.rows[0].cpuPercent).toBeDefined();
    expect(ok.rows[0].gpuCount).toBeUndefined();

    await prom.stop();
    await poller.refresh();
    const down = poller.getSnapshot();
    expect(down.status.state).toBe('down');
    expect(down.status.message).toBe('ECONNREFUSED');
    expect(down.rows).toBe(ok.rows);
    expect(down.rowsAt).toBe(ok.rowsAt);
    expect(publishes).toBe(2);
  });
});
