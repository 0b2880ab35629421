/**
 * The fleet at scale (issue #14): `smoothtask fleet`'s poller against Debian's Prometheus holding
 * 500 synthetic hosts with 8 GPUs each (test/helpers/synthetic-fleet.ts, loaded with promtool),
 * refreshing back to back. Reports queries per refresh, the poller's CPU per refresh (this
 * process: fetch, JSON, rows), Prometheus's CPU per refresh (its /proc stat) and the wall time
 * per refresh and per batch. Needs the tsc output (scripts/build.sh):
 * `node bench/fleet.ts [--hosts 500] [--refreshes 20]`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startPrometheus } from '../test/helpers/prometheus.ts';
import { syntheticStorage, SYNTHETIC_DEFAULTS } from '../test/helpers/synthetic-fleet.ts';
import { median } from './stats.ts';

const repoRoot = join(import.meta.dirname, '..');
const dist = (path: string) => pathToFileURL(join(repoRoot, 'dist', path)).href;
/** The parts of the fleet's tsc output (dist/fleet/) the benchmark drives. */
interface Client {
  sent: number;
  instant(query: string): Promise<unknown>;
}
interface Poller {
  refresh(): Promise<void>;
  getSnapshot(): { rows: unknown[]; status: { state: string } };
}
interface FleetModules {
  PromClient: new (o: { url: string; auth: { kind: 'none' }; timeoutMs: number }) => Client;
  FleetPoller: new (c: Client, o: { intervalMs: number; rateWindow: string }) => Poller;
  overviewBatches: (w: string) => { id: string; query: string }[];
}
const fleet = {
  ...((await import(dist('fleet/prometheus/client.js'))) as Pick<FleetModules, 'PromClient'>),
  ...((await import(dist('fleet/poller.js'))) as Pick<FleetModules, 'FleetPoller'>),
  ...((await import(dist('fleet/queries.js'))) as Pick<FleetModules, 'overviewBatches'>),
};
const { PromClient, FleetPoller, overviewBatches } = fleet;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

/** utime + stime of a process, in seconds (proc(5): fields 14 and 15, after the comm). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const hosts = arg('--hosts', 500);
const refreshes = arg('--refreshes', 20);
const log = (line: string) => process.stderr.write(`bench fleet: ${line}\n`);

log(`writing ${hosts} hosts x ${SYNTHETIC_DEFAULTS.gpusPerHost} GPUs and loading them with promtool`);
const t0 = Date.now();
const storage = await syntheticStorage({ ...SYNTHETIC_DEFAULTS, hosts });
log(`storage ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const prom = await startPrometheus({ jobs: [], storageDir: storage });
const promPid = Number(execFileSync('pgrep', ['-n', '-f', '--', `web.listen-address=${prom.address}`], { encoding: 'utf8' }).trim());
try {
  const client = new PromClient({ url: prom.url, auth: { kind: 'none' }, timeoutMs: 60_000 });
  const poller = new FleetPoller(client, { intervalMs: 60_000, rateWindow: '3m' });
  // Per batch, the wall time of one query alone.
  const batchMs: Record<string, number[]> = {};
  for (let k = 0; k < 3; k++) {
    for (const b of overviewBatches('3m')) {
      const s = performance.now();
      await client.instant(b.query);
      (batchMs[b.id] ??= []).push(performance.now() - s);
    }
  }
  await poller.refresh(); // warm
  const sent0 = client.sent;
  const our0 = process.cpuUsage();
  const prom0 = cpuSeconds(promPid);
  const wall: number[] = [];
  for (let k = 0; k < refreshes; k++) {
    const s = performance.now();
    await poller.refresh();
    wall.push(performance.now() - s);
  }
  const our = process.cpuUsage(our0);
  const promCpu = cpuSeconds(promPid) - prom0;
  const snap = poller.getSnapshot();
  const lines = [
    `| hosts | GPUs | rows | state | queries/refresh | poller CPU ms/refresh | Prometheus CPU ms/refresh | wall ms/refresh (median) |`,
    `|---|---|---|---|---|---|---|---|`,
    `| ${hosts} | ${hosts * SYNTHETIC_DEFAULTS.gpusPerHost} | ${snap.rows.length} | ${snap.status.state} | ${(client.sent - sent0) / refreshes} | ${((our.user + our.system) / 1000 / refreshes).toFixed(1)} | ${((promCpu * 1000) / refreshes).toFixed(0)} | ${median(wall).toFixed(0)} |`,
    '',
    `| batch | wall ms alone (median of 3) |`,
    `|---|---|`,
    ...Object.entries(batchMs).map(([id, ms]) => `| ${id} | ${median(ms).toFixed(0)} |`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  await prom.stop();
  rmSync(dirname(storage), { recursive: true, force: true });
}
