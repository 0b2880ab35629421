/**
 * The writer over real snapshots: node_exporter names from the Debian VM's snapshot, DCGM names
 * and labels from the H200 recording, only measured values, the top-N and group series, the cap,
 * and one render per snapshot however many scrapes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GroupAccumulator, RUNQ_SLOTS } from '../../../src/exporter/accumulator.js';
import { MetricsRenderer, renderSnapshot, type MetricsOptions } from '../../../src/exporter/render.js';
import { Store } from '../../../src/store/store.js';
import type { Snapshot } from '../../../src/types/snapshot.js';
import { proc, snap } from '../alerts/snapshots.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
const H200_DIR = `${FIXTURES}nvidia-h200-firecracker-vm`;
const H200_LOAD = `${H200_DIR}/load/snapshot.json`;
const H200_IDLE = `${FIXTURES}nvidia-h200-firecracker-vm/idle/snapshot.json`;
const OPTS: MetricsOptions = { topProcesses: 20, maxSeries: 10_000, groups: [] };

function load(path: string): Snapshot {
  return JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
}

function render(s: Snapshot, opts: MetricsOptions = OPTS, format: 'prometheus' | 'openmetrics' = 'prometheus'): string {
  const acc = new GroupAccumulator(opts.groups);
  acc.add(s);
  return renderSnapshot(s, format, acc, opts, (n) => n);
}

/** Sample lines of one metric name, without the value. */
function series(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => l.slice(0, l.lastIndexOf(' ')));
}

function value(text: string, seriesText: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${seriesText} `));
  return line === undefined ? undefined : Number(line.slice(seriesText.length + 1));
}

describe('GPU metrics under dcgm-exporter names (H200 recording)', () => {
  const text = render(load(H200_LOAD));
  const labels = 'gpu="0",UUID="GPU-c8766d92-b593-3a75-7b18-b84974d70dd5",device="nvidia0",modelName="NVIDIA H200",Hostname="vm"';

  it('has each DCGM field with its labels and dcgm-exporter’s units', () => {
    expect(value(text, `DCGM_FI_DEV_GPU_UTIL{${labels}}`)).toBe(100);
    // nvidia-smi said 1139 MiB used of 143771 (query-gpu.csv): MiB, as dcgm-exporter gives them.
    expect(Math.round(value(text, `DCGM_FI_DEV_FB_USED{${labels}}`)!)).toBe(1139);
    expect(Math.round(value(text, `DCGM_FI_DEV_FB_USED{${labels}}`)! + value(text, `DCGM_FI_DEV_FB_FREE{${labels}}`)!)).toBe(143771);
    expect(value(text, `DCGM_FI_DEV_POWER_USAGE{${labels}}`)).toBe(690.522);
    expect(value(text, `DCGM_FI_DEV_GPU_TEMP{${labels}}`)).toBe(63);
    expect(value(text, `DCGM_FI_DEV_SM_CLOCK{${labels}}`)).toBe(1515);
    expect(text).toContain('# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n');
  });

  it("FB_FREE is the driver's free, which leaves out what it reserves, as nvidia-smi's memory.free does", () => {
    // agent-listen/smi-3.csv: used 1139, free 142018, reserved 616, total 143771 MiB.
    const [, , , used, free, reserved, total] = readFileSync(`${H200_DIR}/agent-listen/smi-3.csv`, 'utf8')
      .split(',')
      .map((f) => Number(f.trim()));
    // Each figure is rounded to a MiB by nvidia-smi.
    expect(Math.abs(used + free + reserved - total)).toBeLessThanOrEqual(2);
    const s = load(H200_LOAD);
    s.gpus[0].memFreeBytes = free * 1024 * 1024;
    expect(value(render(s), `DCGM_FI_DEV_FB_FREE{${labels}}`)).toBe(free);
  });

  it('exports the GPU process’s memory and use, and nothing for a field the GPU did not report', () => {
    expect(value(text, 'smoothtask_process_gpu_memory_bytes{pid="634",comm="python3",user="root"}')).toBe(1184890880);
    expect(value(text, 'smoothtask_process_gpu_utilization_percent{pid="634",comm="python3",user="root"}')).toBe(99);
    const idle = load(H200_IDLE);
    delete idle.gpus[0].temperatureC;
    const idleText = render(idle);
    expect(series(idleText, 'DCGM_FI_DEV_GPU_TEMP')).toEqual([]);
    expect(idleText).not.toContain('DCGM_FI_DEV_GPU_TEMP');
  });
});

describe('host metrics', () => {
  const s = snap(0, {
    host: { hostname: 'h', kernel: '6', arch: 'x64', cpuCount: 1, clockTicks: 100, pageSize: 4096, bootTime: 1_700_000_000_000 },
    cpu: { cores: [{ id: 0, secondsTotal: { user: 12.5, idle: 100 } }] },
    memory: { totalBytes: 1000, availableBytes: 400, swapTotalBytes: 100, swapUsedBytes: 30 },
    pressure: { cpu: { some: { avg10: 1, avg60: 1, avg300: 1, totalUs: 2_500_000 } } },
    disks: { devices: [{ name: 'vda', readBytesTotal: 4096, writtenBytesTotal: 512 }], filesystems: [] },
    network: { interfaces: [{ name: 'eth0', rxBytesTotal: 10, txBytesTotal: 20, rxErrors: 0 }] },
  });
  const text = render(s);

  it('writes node_exporter names, labels and units from the snapshot’s counters', () => {
    expect(value(text, 'node_cpu_seconds_total{cpu="0",mode="user"}')).toBe(12.5);
    expect(value(text, 'node_memory_MemAvailable_bytes')).toBe(400);
    expect(value(text, 'node_memory_SwapFree_bytes')).toBe(70);
    expect(value(text, 'node_pressure_cpu_waiting_seconds_total')).toBe(2.5);
    expect(value(text, 'node_disk_read_bytes_total{device="vda"}')).toBe(4096);
    expect(value(text, 'node_network_transmit_bytes_total{device="eth0"}')).toBe(20);
    expect(value(text, 'node_boot_time_seconds')).toBe(1_700_000_000);
  });

  it('leaves out what was not measured instead of writing 0', () => {
    expect(series(text, 'node_cpu_seconds_total')).toEqual(['node_cpu_seconds_total{cpu="0",mode="user"}', 'node_cpu_seconds_total{cpu="0",mode="idle"}']);
    for (const absent of [
      'node_memory_MemFree_bytes',
      'node_load1',
      'node_pressure_io_waiting_seconds_total',
      'node_disk_io_time_seconds_total',
      'DCGM_FI_DEV_GPU_UTIL',
    ]) {
      expect(text).not.toContain(absent);
    }
  });

  // promtool reads the Prometheus text format only; the OpenMetrics body is checked by Prometheus
  // itself, which asks for it (test/prometheus/endpoint.test.ts).
  it('passes promtool check metrics apart from the camelCase lint on the kept node_exporter names', () => {
    for (const body of [render(load(H200_LOAD)), text]) {
      let out = '';
      try {
        execFileSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
      } catch (err) {
        out = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
      }
      const problems = out.split('\n').filter((l) => l.trim() !== '' && !/should be written in 'snake_case' not 'camelCase'/.test(l));
      expect(problems).toEqual([]);
    }
  });
});

describe('processes and groups', () => {
  const rows = Array.from({ length: 50 }, (_, i) =>
    proc({ pid: 1000 + i, comm: i % 2 ? 'worker' : 'nginx', user: 'www', cpuPercent: i, rssBytes: 50 - i, cpuTimeSeconds: i, threads: 2 }),
  );

  it('gives the top N by CPU and by memory their own series, each once', () => {
    const text = render(snap(0, { processes: rows }), { ...OPTS, topProcesses: 3 });
    const pids = series(text, 'smoothtask_process_resident_memory_bytes').map((l) => /pid="(\d+)"/.exec(l)![1]);
    expect(pids.sort()).toEqual(['1000', '1001', '1002', '1047', '1048', '1049']);
    expect(value(text, 'smoothtask_process_cpu_seconds_total{pid="1049",comm="worker",user="www"}')).toBe(49);
  });

  it('groups by command name, or by the first matching rule', () => {
    const text = render(snap(0, { processes: rows }), { ...OPTS, groups: [{ name: 'web', selector: { name: 'nginx' } }] });
    expect(value(text, 'namedprocess_namegroup_num_procs{groupname="web"}')).toBe(25);
    expect(value(text, 'namedprocess_namegroup_num_procs{groupname="worker"}')).toBe(25);
    expect(value(text, 'namedprocess_namegroup_num_threads{groupname="worker"}')).toBe(50);
  });

  it('caps the series and counts what it dropped', () => {
    const text = render(snap(0, { processes: rows }), { ...OPTS, topProcesses: 50, maxSeries: 10 });
    expect(series(text, 'smoothtask_process_cpu_seconds_total')).toHaveLength(10);
    expect(value(text, 'smoothtask_exporter_series_dropped_total')).toBeGreaterThan(0);
  });
});

describe('GroupAccumulator', () => {
  const hist = (slot: number, n: number): number[] => Array.from({ length: RUNQ_SLOTS }, (_, i) => (i === slot ? n : 0));

  it('adds each interval’s run-queue counts and CPU once, across members that exit', () => {
    const acc = new GroupAccumulator([]);
    const a = proc({ pid: 1, comm: 'db', cpuTimeSeconds: 10, runqueue: { histogram: hist(3, 2), waitSumUs: 20 } });
    const b = proc({ pid: 2, comm: 'db', cpuTimeSeconds: 5, runqueue: { histogram: hist(5, 1), waitSumUs: 40 } });
    const first = snap(0, { processes: [a, b] });
    acc.add(first);
    // The same rows again (a collector read every other tick): not counted twice.
    acc.add({ ...snap(1), processes: first.processes });
    acc.add(snap(2, { processes: [{ ...a, cpuTimeSeconds: 12, runqueue: { histogram: hist(3, 1), waitSumUs: 8 } }] }));
    const db = acc.groups.get('db')!;
    expect(db.runqueue!.slots[3]).toBe(3);
    expect(db.runqueue!.slots[5]).toBe(1);
    expect(db.runqueue!.sumUs).toBe(68);
    // Both were running before the exporter started: their CPU counts from there (a's +2).
    expect(db.cpuSeconds).toBe(2);
  });

  it('counts a processes read once even when a join gives its rows a new array', () => {
    const acc = new GroupAccumulator([]);
    const source = (lastReadAt: number) => ({ processes: { backend: 'ebpf', lastReadAt, fields: {}, backends: [] } });
    const rows = [proc({ pid: 1, comm: 'db', runqueue: { histogram: hist(3, 2), waitSumUs: 20 } })];
    acc.add(snap(0, { processes: rows, sources: source(1000) }));
    acc.add(snap(1, { processes: [...rows], sources: source(1000) }));
    expect(acc.groups.get('db')!.runqueue!.slots[3]).toBe(2);
    acc.add(snap(2, { processes: [...rows], sources: source(2000) }));
    expect(acc.groups.get('db')!.runqueue!.slots[3]).toBe(4);
  });

  it('writes a group’s histogram cumulative, with +Inf, sum and count', () => {
    const s = snap(0, { processes: [proc({ pid: 1, comm: 'db', runqueue: { histogram: hist(3, 2), waitSumUs: 20 } })] });
    const text = render(s);
    const buckets = series(text, 'smoothtask_runqueue_latency_seconds_bucket');
    expect(buckets).toHaveLength(RUNQ_SLOTS + 1);
    expect(value(text, 'smoothtask_runqueue_latency_seconds_bucket{group="db",le="0.000008"}')).toBe(0);
    expect(value(text, 'smoothtask_runqueue_latency_seconds_bucket{group="db",le="0.000016"}')).toBe(2);
    expect(value(text, 'smoothtask_runqueue_latency_seconds_bucket{group="db",le="+Inf"}')).toBe(2);
    expect(value(text, 'smoothtask_runqueue_latency_seconds_sum{group="db"}')).toBe(0.00002);
    expect(value(text, 'smoothtask_runqueue_latency_seconds_count{group="db"}')).toBe(2);
  });

  it('leaves out an interval whose waits have no sum', () => {
    const acc = new GroupAccumulator([]);
    acc.add(snap(0, { processes: [proc({ pid: 1, comm: 'x', runqueue: { histogram: hist(2, 4) } })] }));
    expect(acc.groups.get('x')!.runqueue).toBeUndefined();
  });
});

describe('MetricsRenderer', () => {
  it('renders a snapshot once per format however many scrapes, gzip included, and picks up the next', async () => {
    const store = new Store(10);
    const renderer = new MetricsRenderer(store, OPTS);
    expect(await renderer.body('prometheus', false)).toBeUndefined();
    store.publish(load(H200_LOAD));
    const plain = await renderer.body('prometheus', false);
    for (let i = 0; i < 5; i++) await renderer.body('prometheus', i % 2 === 0);
    expect(renderer.renders).toBe(1);
    const zipped = await renderer.body('prometheus', true);
    expect(zipped!.encoding).toBe('gzip');
    expect(gunzipSync(zipped!.body).equals(plain!.body)).toBe(true);
    expect((await renderer.body('openmetrics', false))!.contentType).toMatch(/^application\/openmetrics-text; version=1.0.0/);
    expect(renderer.renders).toBe(2);
    store.setFrozen(true);
    store.publish(load(H200_IDLE));
    // A frozen screen still exports the latest snapshot.
    expect((await renderer.body('prometheus', false))!.body.toString()).toContain('DCGM_FI_DEV_GPU_UTIL{gpu="0"');
    expect(renderer.renders).toBe(3);
  });
});
