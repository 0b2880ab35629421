/**
 * The metrics an alert rule can watch, and how each is read from a Snapshot. A metric yields one
 * sample per subject (the machine, a disk, an interface, a GPU, a process); a value the snapshot
 * does not hold is `undefined`, never 0, and the engine never fires on it.
 * Every name here is documented in docs/alerts.md. Shared by config (which names it checks) and
 * alerts (how a rule reads its values).
 */
import type { GpuDevice, ProcessRow, PressureResource, Snapshot } from '../types/snapshot.js';
import { percentOf } from '../util/percent.js';

export type MetricUnit = '%' | 'bytes' | 'bytes/s' | '°C' | 'W' | 'µs' | '';

/** One reading of a metric for one subject. */
export interface MetricSample {
  /** Stable identity of the subject across ticks: 'system', 'disk:sda', 'proc:1234:98765'. */
  key: string;
  /** What a person reads: '/home', 'eth0', 'ffmpeg (1234)'. */
  subject: string;
  value: number | undefined;
}

/** Which processes a per-process rule looks at; every given field must match. */
export interface ProcessSelector {
  /** Exact kernel comm (as shown, after sanitising). */
  name?: string;
  /** Regular expression tested against comm. */
  nameRegex?: RegExp;
  /** User name. */
  user?: string;
  /** Substring of the process's cgroup path, e.g. "docker-" or "/system.slice/nginx.service". */
  cgroup?: string;
}

interface SystemMetric {
  scope: 'system';
  unit: MetricUnit;
  samples(s: Snapshot): MetricSample[];
}

interface ProcessMetric {
  scope: 'process';
  unit: MetricUnit;
  value(p: ProcessRow): number | undefined;
}

export type MetricDef = SystemMetric | ProcessMetric;

function one(value: number | undefined): MetricSample[] {
  return [{ key: 'system', subject: 'system', value }];
}

/** a + b, measured only when both are. */
function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

function psi(resource: 'cpu' | 'memory' | 'io', line: 'some' | 'full'): SystemMetric {
  return {
    scope: 'system',
    unit: '',
    samples: (s) => {
      const r: PressureResource | undefined = s.pressure?.[resource];
      return one(r?.[line]?.avg10);
    },
  };
}

function perGpu(value: (g: GpuDevice) => number | undefined, unit: MetricUnit): SystemMetric {
  return {
    scope: 'system',
    unit,
    samples: (s) =>
      s.gpus.map((g) => ({
        key: `gpu:${g.uuid ?? g.index}`,
        subject: `GPU ${g.index}${g.name ? ` ${g.name}` : ''}`,
        value: value(g),
      })),
  };
}

function perProcess(value: (p: ProcessRow) => number | undefined, unit: MetricUnit): ProcessMetric {
  return { scope: 'process', unit, value };
}

/** The lowest threshold the chip reports for a temperature reading. */
function hardwareLimit(highC: number | undefined, critC: number | undefined): number | undefined {
  if (highC === undefined) return critC;
  if (critC === undefined) return highC;
  return Math.min(highC, critC);
}

/** The catalogue: metric name → definition. */
export const METRICS: Readonly<Record<string, MetricDef>> = {
  'cpu.busy_percent': { scope: 'system', unit: '%', samples: (s) => one(s.cpu?.total?.busy) },
  'memory.available_percent': {
    scope: 'system',
    unit: '%',
    samples: (s) => one(percentOf(s.memory?.availableBytes, s.memory?.totalBytes)),
  },
  'swap.used_percent': {
    scope: 'system',
    unit: '%',
    // With no swap configured there is no percentage to speak of: undefined, not 0.
    samples: (s) => one(percentOf(s.memory?.swapUsedBytes, s.memory?.swapTotalBytes)),
  },
  'psi.cpu.some.avg10': psi('cpu', 'some'),
  'psi.cpu.full.avg10': psi('cpu', 'full'),
  'psi.memory.some.avg10': psi('memory', 'some'),
  'psi.memory.full.avg10': psi('memory', 'full'),
  'psi.io.some.avg10': psi('io', 'some'),
  'psi.io.full.avg10': psi('io', 'full'),
  'disk.busy_percent': {
    scope: 'system',
    unit: '%',
    samples: (s) => (s.disks?.devices ?? []).map((d) => ({ key: `disk:${d.name}`, subject: d.name, value: d.busyPercent })),
  },
  'fs.used_percent': {
    scope: 'system',
    unit: '%',
    samples: (s) =>
      (s.disks?.filesystems ?? []).map((f) => ({
        key: `fs:${f.mountpoint}`,
        subject: f.mountpoint,
        value: f.error === undefined ? f.usedPercent : undefined,
      })),
  },
  'net.rx_bytes_per_sec': {
    scope: 'system',
    unit: 'bytes/s',
    samples: (s) => (s.network?.interfaces ?? []).map((i) => ({ key: `net:${i.name}`, subject: i.name, value: i.rxBytesPerSec })),
  },
  'net.tx_bytes_per_sec': {
    scope: 'system',
    unit: 'bytes/s',
    samples: (s) => (s.network?.interfaces ?? []).map((i) => ({ key: `net:${i.name}`, subject: i.name, value: i.txBytesPerSec })),
  },
  load1: { scope: 'system', unit: '', samples: (s) => one(s.memory?.load1) },
  'cpu.temperature_c': { scope: 'system', unit: '°C', samples: (s) => one(s.sensors?.cpuPackageC) },
  'sensor.temperature_headroom_c': {
    scope: 'system',
    unit: '°C',
    // Only readings whose chip reports a limit: without one there is no headroom to measure.
    samples: (s) =>
      (s.sensors?.temperatures ?? []).flatMap((t) => {
        const limit = hardwareLimit(t.highC, t.critC);
        if (limit === undefined) return [];
        return [{ key: `sensor:${t.source}:${t.label}`, subject: t.label, value: limit - t.value }];
      }),
  },
  'gpu.util_percent': perGpu((g) => g.utilPercent, '%'),
  'gpu.mem_percent': perGpu((g) => percentOf(g.memUsedBytes, g.memTotalBytes), '%'),
  'gpu.temperature_c': perGpu((g) => g.temperatureC, '°C'),
  'gpu.power_watts': perGpu((g) => g.powerWatts, 'W'),
  'gpu.temperature_headroom_c': perGpu(
    (g) => (g.slowdownTempC === undefined || g.temperatureC === undefined ? undefined : g.slowdownTempC - g.temperatureC),
    '°C',
  ),
  'proc.cpu_percent': perProcess((p) => p.cpuPercent, '%'),
  'proc.rss_bytes': perProcess((p) => p.rssBytes, 'bytes'),
  'proc.gpu_mem_bytes': perProcess((p) => p.gpuMemBytes, 'bytes'),
  'proc.io_bytes_per_sec': perProcess((p) => sum(p.readBytesPerSec, p.writeBytesPerSec), 'bytes/s'),
  'proc.runqueue_p99_us': perProcess((p) => p.runqueue?.p99Us, 'µs'),
  'proc.net_bytes_per_sec': perProcess((p) => sum(p.netTxBytesPerSec, p.netRxBytesPerSec), 'bytes/s'),
};

export function isMetricName(name: string): boolean {
  return Object.hasOwn(METRICS, name);
}

/** True when every field the selector gives matches the process. */
export function selects(selector: ProcessSelector | undefined, p: ProcessRow): boolean {
  if (selector === undefined) return true;
  if (selector.name !== undefined && p.comm !== selector.name) return false;
  if (selector.nameRegex !== undefined && !selector.nameRegex.test(p.comm)) return false;
  if (selector.user !== undefined && p.user !== selector.user) return false;
  if (selector.cgroup !== undefined && !(p.cgroup ?? '').includes(selector.cgroup)) return false;
  return true;
}

/** Every sample of `metric` in the snapshot; per-process metrics only for selected processes. */
export function samplesOf(metric: string, snapshot: Snapshot, selector?: ProcessSelector): MetricSample[] {
  const def = METRICS[metric];
  if (def === undefined) return [];
  if (def.scope === 'system') return def.samples(snapshot);
  const out: MetricSample[] = [];
  for (const p of snapshot.processes) {
    if (!selects(selector, p)) continue;
    out.push({ key: `proc:${p.pid}:${p.startTime}`, subject: `${p.comm} (${p.pid})`, value: def.value(p) });
  }
  return out;
}
