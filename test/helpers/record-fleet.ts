/**
 * Records the fleet's query answers from real Prometheus servers into test/fixtures/, for the
 * model's unit tests: `node --experimental-transform-types --import ./test/helpers/ts-hooks.mjs test/helpers/record-fleet.ts`. Two sets: Debian's Prometheus
 * scraping two Debian node_exporters (one stopped before the last recording, so a host is down),
 * and a small synthetic fleet (3 hosts, 2 GPUs each, SmoothTask series) loaded with promtool.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostChartsQuery, hostGpusQuery, hostProcessesQuery } from '../../src/fleet/host.ts';
import { PromClient } from '../../src/fleet/prometheus/client.ts';
import { lastUpQuery, overviewBatches } from '../../src/fleet/queries.ts';
import { queryUntil, startNodeExporter, startPrometheus, type RunningPrometheus } from './prometheus.ts';
import { syntheticStorage, SYNTHETIC_DEFAULTS } from './synthetic-fleet.ts';

const root = resolve(import.meta.dirname, '..', 'fixtures');

async function record(prom: RunningPrometheus, dir: string, w: string, host: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const client = new PromClient({ url: prom.url, auth: { kind: 'none' }, timeoutMs: 10_000 });
  const overview: Record<string, unknown> = {};
  for (const b of overviewBatches(w)) overview[b.id] = (await client.instant(b.query)).result;
  const targets = overview.targets as { metric: Record<string, string>; value: [number, string] }[];
  const down = targets.filter((s) => s.value[1] !== '1').map((s) => s.metric.instance);
  if (down.length > 0) overview.lastUp = (await client.instant(lastUpQuery(down))).result;
  writeFileSync(join(dir, 'overview.json'), JSON.stringify(overview, null, 1) + '\n');
  const end = Math.floor(Date.now() / 1000);
  const charts = await client.range(hostChartsQuery(host, w), end - 3600, end, 30);
  const gpus = await client.instant(hostGpusQuery(host));
  const procs = await client.instant(hostProcessesQuery(host, w));
  writeFileSync(
    join(dir, 'host.json'),
    JSON.stringify({ host, start: end - 3600, stepS: 30, charts: charts.result, gpus: gpus.result, processes: procs.result }, null, 1) + '\n',
  );
}

const a = await startNodeExporter();
const b = await startNodeExporter();
const live = await startPrometheus({
  jobs: [
    { job: 'node', targets: [a.address], labels: { instance: 'node-a:9100', dc: 'east' } },
    { job: 'node-b', targets: [b.address], labels: { instance: 'node-b:9100', dc: 'west' } },
  ],
});
await queryUntil(live, 'count(rate(node_cpu_seconds_total[1m])) > 0');
// Up for a while first, so the down host's last-up time falls on a step of the subquery.
await new Promise((r) => setTimeout(r, 16_000));
await b.stop();
await queryUntil(live, 'up{instance="node-b:9100"} == 0');
await record(live, join(root, 'debian12-2cpu-vm-prometheus'), '1m', 'node-a');
await live.stop();
await a.stop();

const storage = await syntheticStorage({ ...SYNTHETIC_DEFAULTS, hosts: 3, gpusPerHost: 2, downEvery: 3 });
const synthetic = await startPrometheus({ jobs: [], storageDir: storage });
await record(synthetic, join(root, 'synthetic-fleet-promtool'), '3m', 'gpu-node-001');
await synthetic.stop();
