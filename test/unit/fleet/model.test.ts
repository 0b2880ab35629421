/**
 * The fleet's pure parts on answers recorded from real Prometheus servers
 * (test/fixtures/debian12-2cpu-vm-prometheus, test/fixtures/synthetic-fleet-promtool).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostCharts, hostGpus, hostProcesses } from '../../../src/fleet/host.js';
import { fleetRows, type OverviewAnswers } from '../../../src/fleet/model.js';
import type { MatrixSeries, VectorSample } from '../../../src/fleet/prometheus/api.js';
import { batch, hostMatcher, hostOf } from '../../../src/fleet/promql.js';
import { overviewBatches } from '../../../src/fleet/queries.js';

const fixture = <T>(dir: string, file: string): T => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures', dir, file), 'utf8')) as T;

interface HostFixture {
  host: string;
  start: number;
  stepS: number;
  charts: MatrixSeries[];
  gpus: VectorSample[];
  processes: VectorSample[];
}

describe('fleet rows from a live Prometheus scraping two node_exporters', () => {
  const rows = fleetRows(fixture<OverviewAnswers>('debian12-2cpu-vm-prometheus', 'overview.json'));

  it('has one row per host, with its target labels for grouping', () => {
    expect(rows.map((r) => r.host)).toEqual(['node-a', 'node-b']);
    expect(rows[0]).toMatchObject({ instances: ['node-a:9100'], jobs: ['node'], labels: { job: 'node', dc: 'east' }, targetsUp: 1, targetsTotal: 1 });
  });

  it('fills what node_exporter measures and leaves GPUs and SmoothTask stats unmeasured', () => {
    const a = rows[0];
    expect(a.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(a.cpuPercent).toBeLessThanOrEqual(100);
    expect(a.memUsedBytes).toBeGreaterThan(0);
    expect(a.memTotalBytes).toBeGreaterThan(a.memUsedBytes!);
    expect(a.loadPerCore).toBeGreaterThanOrEqual(0);
    expect(a.psiSomePercent).toBeGreaterThanOrEqual(0);
    expect(a.netBytesPerSec).toBeGreaterThanOrEqual(0);
    for (const field of ['gpuCount', 'gpuUtilMean', 'gpuMemUsedMiB', 'gpuPowerW', 'alertsFiring', 'topProcess', 'runqueueP99Seconds'] as const) {
      expect(a[field]).toBeUndefined();
    }
  });

  it('shows the stopped exporter down, with when it was last up', () => {
    const b = rows[1];
    expect(b.targetsUp).toBe(0);
    expect(b.lastUpAt).toBeGreaterThan(0);
    expect(rows[0].lastUpAt).toBeUndefined();
  });

  it('a host this screen saw up a refresh ago was last up then, even where the subquery found no step', () => {
    const answers = fixture<OverviewAnswers>('debian12-2cpu-vm-prometheus', 'overview.json');
    const at = answers.targets![0].value[0];
    // The refresh before: every target up.
    const allUp: OverviewAnswers = { ...answers, targets: answers.targets!.map((t) => ({ ...t, value: [at - 1, '1'] as [number, string] })) };
    const before = fleetRows(allUp);
    expect(before.every((r) => r.seenUpAt === at - 1)).toBe(true);
    // Now node-b's target is down and Prometheus's last-up subquery answered nothing.
    const now = fleetRows({ ...answers, lastUp: [] }, before);
    const down = now.find((r) => r.targetsUp === 0)!;
    expect(down.lastUpAt).toBe(at - 1);
    expect(now.find((r) => r.targetsUp > 0)!.seenUpAt).toBe(at);
  });

  it('without the node batch, keeps the rows and leaves their stats unmeasured', () => {
    const answers = fixture<OverviewAnswers>('debian12-2cpu-vm-prometheus', 'overview.json');
    const partial = fleetRows({ targets: answers.targets });
    expect(partial).toHaveLength(2);
    expect(partial[0].cpuPercent).toBeUndefined();
  });

  it('when the node batch failed, carries its stats over from the previous rows', () => {
    const answers = fixture<OverviewAnswers>('debian12-2cpu-vm-prometheus', 'overview.json');
    const previous = fleetRows(answers);
    const partial = fleetRows({ targets: answers.targets, lastUp: answers.lastUp }, previous, ['node']);
    expect(partial[0].cpuPercent).toBe(previous[0].cpuPercent);
    expect(partial[0].memUsedBytes).toBe(previous[0].memUsedBytes);
    expect(partial[0].gpuCount).toBeUndefined();
  });
});

describe('fleet rows from the synthetic fleet (node_exporter, dcgm-exporter and SmoothTask per host)', () => {
  const rows = fleetRows(fixture<OverviewAnswers>('synthetic-fleet-promtool', 'overview.json'));

  it('merges the three targets of a host into one row', () => {
    expect(rows.map((r) => r.host)).toEqual(['gpu-node-000', 'gpu-node-001', 'gpu-node-002']);
    expect(rows[1]).toMatchObject({ jobs: ['dcgm', 'node', 'smoothtask'], targetsUp: 3, targetsTotal: 3, labels: { dc: 'dc1' } });
  });

  it('aggregates the GPUs from DCGM (MiB) and SmoothTask series', () => {
    const r = rows[1];
    // synthetic-fleet.ts: util (i*7 + g*13) % 90 for host 1 = 7, 20; FB used 1000 + ((i+g)%100)*1000.
    expect(r).toMatchObject({
      gpuCount: 2,
      gpuUtilMean: 13.5,
      gpuUtilMax: 20,
      gpuMemUsedMiB: 5000,
      gpuMemTotalMiB: 2 * 143_771,
      gpuTempMaxC: 44,
      gpuPowerW: 211,
    });
    expect(r.alertsFiring).toBe(1);
    expect(r.topProcess).toMatchObject({ comm: 'python3', pid: '1000', user: 'ml' });
    expect(r.topProcess!.cpuPercent).toBeCloseTo(300, 0);
    expect(r.runqueueP99Seconds).toBeCloseTo(0.01, 3);
  });

  it('a host down for the last ten minutes is down, last up about ten minutes before the recording', () => {
    const down = rows[2];
    expect(down.targetsUp).toBe(0);
    expect(down.cpuPercent).toBeUndefined();
    const recordedAt = fixture<OverviewAnswers>('synthetic-fleet-promtool', 'overview.json').targets![0].value[0];
    expect(recordedAt - down.lastUpAt!).toBeGreaterThan(500);
    expect(recordedAt - down.lastUpAt!).toBeLessThan(700);
  });
});

describe('a host detail from recorded answers', () => {
  const d = fixture<HostFixture>('synthetic-fleet-promtool', 'host.json');

  it('puts an hour of history on the chart steps', () => {
    const charts = hostCharts(d.charts, d.start, d.stepS, 3600 / d.stepS + 1);
    expect(Object.keys(charts).sort()).toEqual(['cpu', 'disk', 'gpu', 'load', 'mem', 'net']);
    const gpu = charts.gpu!;
    expect(gpu).toHaveLength(121);
    expect(gpu.filter(Number.isFinite).length).toBeGreaterThan(60);
    expect(gpu.filter(Number.isFinite).every((v) => v === 13.5)).toBe(true);
  });

  it('lists the GPUs in order with memory used and total', () => {
    const gpus = hostGpus(d.gpus);
    expect(gpus).toEqual([
      { gpu: '0', model: 'NVIDIA H200', utilPercent: 7, memUsedMiB: 2000, memTotalMiB: 143_771, tempC: 41, powerW: 105 },
      { gpu: '1', model: 'NVIDIA H200', utilPercent: 20, memUsedMiB: 3000, memTotalMiB: 143_771, tempC: 44, powerW: 106 },
    ]);
  });

  it('lists the processes by CPU with their resident memory', () => {
    const procs = hostProcesses(d.processes);
    expect(procs.map((p) => p.comm)).toEqual(['python3', 'nccl-worker', 'sshd']);
    expect(procs[0].residentBytes).toBe(3 * 2 ** 30);
    expect(procs[0].cpuPercent).toBeCloseTo(300, 0);
  });

  it('a node_exporter-only host has charts for what it exports and no GPUs or processes', () => {
    const a = fixture<HostFixture>('debian12-2cpu-vm-prometheus', 'host.json');
    const charts = hostCharts(a.charts, a.start, a.stepS, 3600 / a.stepS + 1);
    expect(charts.gpu).toBeUndefined();
    expect(charts.cpu).toBeDefined();
    expect(hostGpus(a.gpus)).toEqual([]);
    expect(hostProcesses(a.processes)).toEqual([]);
  });
});

describe('PromQL building', () => {
  it('is four queries per refresh whatever the fleet size, each batched by instance', () => {
    const batches = overviewBatches('1m');
    expect(batches.map((b) => b.id)).toEqual(['targets', 'node', 'gpu', 'smoothtask']);
    for (const b of batches.slice(1)) expect(b.query).toMatch(/by \(instance\)/);
  });

  it('tags each expression of a batch', () => {
    expect(batch({ a: 'up', b: 'x' })).toBe('label_replace(up, "fleet_stat", "a", "", "") or label_replace(x, "fleet_stat", "b", "", "")');
  });

  it('matches a host with or without a port, its name taken literally', () => {
    expect(hostMatcher('10.0.0.1')).toBe('instance=~"10\\\\.0\\\\.0\\\\.1(:[0-9]+)?"');
    expect(hostOf('gpu1:9100')).toBe('gpu1');
    expect(hostOf('[::1]:9100')).toBe('[::1]');
    expect(hostOf('gpu1')).toBe('gpu1');
  });
});
