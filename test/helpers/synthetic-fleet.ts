/**
 * A synthetic fleet for the fleet view's scale test and benchmark: OpenMetrics text for N hosts,
 * each with a node_exporter, a dcgm-exporter with G GPUs and a SmoothTask agent, over the last
 * hour, loaded into a Prometheus storage folder with `promtool tsdb create-blocks-from
 * openmetrics`. Values are deterministic functions of host, GPU and time, so a test can say which
 * host must sort first. Written to a file a series at a time (the text is hundreds of MB).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SyntheticFleetOptions {
  hosts: number;
  gpusPerHost: number;
  /** History length in seconds, ending now. */
  spanS: number;
  /** Seconds between samples. */
  stepS: number;
  /** Hosts whose every target is down (up 0) over the last `downForS` seconds: index % downEvery === downEvery - 1. */
  downEvery: number;
  downForS: number;
}

export const SYNTHETIC_DEFAULTS: SyntheticFleetOptions = { hosts: 500, gpusPerHost: 8, spanS: 3600, stepS: 60, downEvery: 100, downForS: 600 };

export const hostName = (i: number): string => `gpu-node-${String(i).padStart(3, '0')}`;

/** GPU utilisation of host i, GPU g at time t: the highest mean is host 257 (see the test). */
export function gpuUtil(i: number, g: number): number {
  return i === 257 ? 99 : (i * 7 + g * 13) % 90;
}

interface Writer {
  write(line: string): void;
}

function series(w: Writer, name: string, labels: Record<string, string>, times: number[], value: (t: number, k: number) => number): void {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  let out = '';
  times.forEach((t, k) => {
    out += `${name}{${l}} ${value(t, k)} ${t}\n`;
  });
  w.write(out);
}

/** Writes the fleet as OpenMetrics to `file`; resolves with the time of the last sample (s). */
export async function writeSyntheticFleet(file: string, o: SyntheticFleetOptions): Promise<number> {
  const stream = createWriteStream(file);
  const w: Writer = { write: (s) => stream.write(s) };
  const end = Math.floor(Date.now() / 1000);
  const times: number[] = [];
  for (let t = end - o.spanS; t <= end; t += o.stepS) times.push(t);
  const down = (i: number, t: number) => i % o.downEvery === o.downEvery - 1 && t > end - o.downForS;
  const family = (name: string, type: string) => w.write(`# TYPE ${name} ${type}\n`);
  const each = (fn: (i: number, host: string) => void) => {
    for (let i = 0; i < o.hosts; i++) fn(i, hostName(i));
  };
  const upIf = (i: number) => (t: number) => (down(i, t) ? 0 : 1);

  family('up', 'gauge');
  each((i, h) => {
    series(w, 'up', { instance: `${h}:9100`, job: 'node', dc: `dc${i % 4}` }, times, upIf(i));
    series(w, 'up', { instance: `${h}:9400`, job: 'dcgm', dc: `dc${i % 4}` }, times, upIf(i));
    series(w, 'up', { instance: `${h}:9310`, job: 'smoothtask', dc: `dc${i % 4}` }, times, upIf(i));
  });
  const node = (h: string, i: number) => ({ instance: `${h}:9100`, job: 'node', dc: `dc${i % 4}` });
  // Down hosts have no samples in their down window (a failed scrape writes only up).
  const live = (i: number) => times.filter((t) => !down(i, t));
  family('node_cpu_seconds', 'counter');
  each((i, h) => {
    for (let cpu = 0; cpu < 4; cpu++) {
      const busy = ((i * 3 + cpu * 11) % 80) / 100;
      series(w, 'node_cpu_seconds_total', { ...node(h, i), cpu: String(cpu), mode: 'idle' }, live(i), (t) => (t - times[0]) * (1 - busy));
      series(w, 'node_cpu_seconds_total', { ...node(h, i), cpu: String(cpu), mode: 'user' }, live(i), (t) => (t - times[0]) * busy);
    }
  });
  const gauge = (name: string, value: (i: number, t: number) => number) => {
    family(name, 'gauge');
    each((i, h) => series(w, name, node(h, i), live(i), (t) => value(i, t)));
  };
  const counter = (name: string, perS: (i: number) => number, extra: Record<string, string> = {}) => {
    family(name.replace(/_total$/, ''), 'counter');
    each((i, h) => series(w, name, { ...node(h, i), ...extra }, live(i), (t) => (t - times[0]) * perS(i)));
  };
  gauge('node_load1', (i) => (i % 16) / 2);
  gauge('node_memory_MemTotal_bytes', () => 256 * 2 ** 30);
  gauge('node_memory_MemAvailable_bytes', (i) => (256 - (i % 200)) * 2 ** 30);
  counter('node_pressure_cpu_waiting_seconds_total', (i) => (i % 10) / 100);
  counter('node_pressure_memory_waiting_seconds_total', (i) => (i % 5) / 100);
  counter('node_pressure_memory_stalled_seconds_total', (i) => (i % 3) / 100);
  counter('node_pressure_io_waiting_seconds_total', (i) => (i % 7) / 100);
  counter('node_pressure_io_stalled_seconds_total', (i) => (i % 4) / 100);
  counter('node_disk_read_bytes_total', (i) => i * 1000, { device: 'nvme0n1' });
  counter('node_disk_written_bytes_total', (i) => i * 500, { device: 'nvme0n1' });
  counter('node_network_receive_bytes_total', (i) => i * 2000, { device: 'eth0' });
  counter('node_network_transmit_bytes_total', (i) => i * 1000, { device: 'eth0' });

  const dcgm = (h: string, i: number, g: number) => ({
    instance: `${h}:9400`,
    job: 'dcgm',
    dc: `dc${i % 4}`,
    gpu: String(g),
    UUID: `GPU-${String(i).padStart(8, '0')}-0000-0000-0000-00000000000${g}`,
    modelName: 'NVIDIA H200',
    Hostname: h,
  });
  const gpuGauge = (name: string, value: (i: number, g: number) => number) => {
    family(name, 'gauge');
    each((i, h) => {
      for (let g = 0; g < o.gpusPerHost; g++) series(w, name, dcgm(h, i, g), live(i), () => value(i, g));
    });
  };
  gpuGauge('DCGM_FI_DEV_GPU_UTIL', gpuUtil);
  gpuGauge('DCGM_FI_DEV_FB_USED', (i, g) => 1000 + ((i + g) % 100) * 1000);
  gpuGauge('DCGM_FI_DEV_FB_FREE', (i, g) => 143_771 - 1000 - ((i + g) % 100) * 1000);
  gpuGauge('DCGM_FI_DEV_GPU_TEMP', (i, g) => 40 + ((i + g * 3) % 45));
  gpuGauge('DCGM_FI_DEV_POWER_USAGE', (i, g) => 100 + ((i * 5 + g) % 600));

  const agent = (h: string, i: number) => ({ instance: `${h}:9310`, job: 'smoothtask', dc: `dc${i % 4}` });
  const procs = ['python3', 'nccl-worker', 'sshd'];
  family('smoothtask_process_cpu_seconds', 'counter');
  each((i, h) =>
    procs.forEach((comm, p) =>
      series(w, 'smoothtask_process_cpu_seconds_total', { ...agent(h, i), pid: String(1000 + p), comm, user: 'ml' }, live(i), (t) => (t - times[0]) * (3 - p)),
    ),
  );
  family('smoothtask_process_resident_memory_bytes', 'gauge');
  each((i, h) =>
    procs.forEach((comm, p) =>
      series(w, 'smoothtask_process_resident_memory_bytes', { ...agent(h, i), pid: String(1000 + p), comm, user: 'ml' }, live(i), () => (3 - p) * 2 ** 30),
    ),
  );
  family('smoothtask_runqueue_latency_seconds', 'histogram');
  const les = ['0.0001', '0.001', '0.01', '0.1', '+Inf'];
  each((i, h) => {
    for (const group of ['python3', 'sshd']) {
      const k = (t: number) => t - times[0];
      les.forEach((le, b) =>
        series(w, 'smoothtask_runqueue_latency_seconds_bucket', { ...agent(h, i), group, le }, live(i), (t) =>
          Math.round(k(t) * 10 * [0.5, 0.9, 0.99, 1, 1][b]),
        ),
      );
      series(w, 'smoothtask_runqueue_latency_seconds_sum', { ...agent(h, i), group }, live(i), (t) => k(t) * 0.01);
      series(w, 'smoothtask_runqueue_latency_seconds_count', { ...agent(h, i), group }, live(i), (t) => k(t) * 10);
    }
  });
  family('smoothtask_alerts_firing', 'gauge');
  each((i, h) => series(w, 'smoothtask_alerts_firing', { ...agent(h, i), severity: 'warning' }, live(i), () => i % 3));
  w.write('# EOF\n');
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return times[times.length - 1];
}

/** Writes the fleet and turns it into Prometheus blocks; returns the storage folder. */
export async function syntheticStorage(o: SyntheticFleetOptions = SYNTHETIC_DEFAULTS): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'smoothtask-fleet-'));
  const file = join(dir, 'fleet.om');
  await writeSyntheticFleet(file, o);
  const storage = join(dir, 'data');
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, storage], { stdio: 'ignore' });
  return storage;
}
