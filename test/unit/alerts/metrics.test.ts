/**
 * Every metric reads its own field; a snapshot without the field gives undefined or no subject,
 * never 0. And the views that mark process rows and panels.
 */
import { describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../src/alerts/engine.js';
import { METRICS, samplesOf } from '../../../src/rules/metrics.js';
import { firingPanels, firingProcessKeys, panelOfMetric } from '../../../src/alerts/view.js';
import { proc, snap } from './snapshots.js';

const full = snap(0, {
  cpu: { total: { busy: 42 }, cores: [] },
  memory: { totalBytes: 1000, availableBytes: 250, swapTotalBytes: 200, swapUsedBytes: 50, load1: 1.5 },
  pressure: {
    cpu: { some: { avg10: 1, avg60: 0, avg300: 0, totalUs: 0 } },
    memory: { some: { avg10: 2, avg60: 0, avg300: 0, totalUs: 0 }, full: { avg10: 3, avg60: 0, avg300: 0, totalUs: 0 } },
    io: { some: { avg10: 4, avg60: 0, avg300: 0, totalUs: 0 }, full: { avg10: 5, avg60: 0, avg300: 0, totalUs: 0 } },
  },
  disks: { devices: [{ name: 'sda', busyPercent: 12 }], filesystems: [{ mountpoint: '/', device: 'sda1', fstype: 'ext4', usedPercent: 80 }] },
  network: { interfaces: [{ name: 'eth0', rxBytesPerSec: 100, txBytesPerSec: 200 }] },
  sensors: { cpuPackageC: 70, temperatures: [{ label: 'Core 0', value: 70, critC: 100, source: 'coretemp' }], fans: [] },
  gpus: [
    {
      index: 0,
      vendor: 'nvidia',
      name: 'H100',
      uuid: 'GPU-1',
      utilPercent: 90,
      memUsedBytes: 30,
      memTotalBytes: 120,
      temperatureC: 60,
      slowdownTempC: 85,
      powerWatts: 300,
      processes: [],
      source: 'nvml',
    },
  ],
  processes: [
    proc({
      pid: 7,
      comm: 'worker',
      cpuPercent: 150,
      rssBytes: 4096,
      gpuMemBytes: 1024,
      readBytesPerSec: 10,
      writeBytesPerSec: 20,
      runqueue: { p99Us: 900 },
      netTxBytesPerSec: 5,
      netRxBytesPerSec: 6,
    }),
  ],
});

const expected: Record<string, [string, number][]> = {
  'cpu.busy_percent': [['system', 42]],
  'memory.available_percent': [['system', 25]],
  'swap.used_percent': [['system', 25]],
  'psi.cpu.some.avg10': [['system', 1]],
  'psi.cpu.full.avg10': [],
  'psi.memory.some.avg10': [['system', 2]],
  'psi.memory.full.avg10': [['system', 3]],
  'psi.io.some.avg10': [['system', 4]],
  'psi.io.full.avg10': [['system', 5]],
  'disk.busy_percent': [['sda', 12]],
  'fs.used_percent': [['/', 80]],
  'net.rx_bytes_per_sec': [['eth0', 100]],
  'net.tx_bytes_per_sec': [['eth0', 200]],
  load1: [['system', 1.5]],
  'cpu.temperature_c': [['system', 70]],
  'sensor.temperature_headroom_c': [['Core 0', 30]],
  'gpu.util_percent': [['GPU 0 H100', 90]],
  'gpu.mem_percent': [['GPU 0 H100', 25]],
  'gpu.temperature_c': [['GPU 0 H100', 60]],
  'gpu.power_watts': [['GPU 0 H100', 300]],
  'gpu.temperature_headroom_c': [['GPU 0 H100', 25]],
  'proc.cpu_percent': [['worker (7)', 150]],
  'proc.rss_bytes': [['worker (7)', 4096]],
  'proc.gpu_mem_bytes': [['worker (7)', 1024]],
  'proc.io_bytes_per_sec': [['worker (7)', 30]],
  'proc.runqueue_p99_us': [['worker (7)', 900]],
  'proc.net_bytes_per_sec': [['worker (7)', 11]],
};

describe('metrics', () => {
  it('covers the whole catalogue', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(METRICS).sort());
  });

  it('reads each metric from its field', () => {
    for (const [metric, want] of Object.entries(expected)) {
      const got = samplesOf(metric, full)
        .filter((s) => s.value !== undefined)
        .map((s) => [s.subject, s.value]);
      expect([metric, got]).toEqual([metric, want]);
    }
  });

  it('an empty snapshot has no values: undefined or no subject at all, never 0', () => {
    const empty = snap(0, { processes: [proc({ pid: 7, comm: 'worker' })], gpus: [{ index: 0, vendor: 'amd', processes: [], source: 'sysfs-amdgpu' }] });
    for (const metric of Object.keys(METRICS)) {
      for (const s of samplesOf(metric, empty)) expect([metric, s.value]).toEqual([metric, undefined]);
    }
  });

  it('no swap configured is unmeasured, not 0%', () => {
    expect(samplesOf('swap.used_percent', snap(0, { memory: { swapTotalBytes: 0, swapUsedBytes: 0 } }))[0].value).toBeUndefined();
  });
});

describe('views for marks', () => {
  it('maps firing alerts to process keys and panels', () => {
    const engine = new AlertEngine(
      ['proc.cpu_percent', 'fs.used_percent', 'load1', 'cpu.temperature_c', 'gpu.power_watts'].map((metric) => ({
        name: metric,
        metric,
        op: '>' as const,
        threshold: 0,
        forMs: 0,
        severity: 'warning' as const,
        cooldownMs: 0,
        sinks: [],
      })),
    );
    const alerts = engine.process(full).alerts;
    expect(alerts.find((a) => a.metric === 'proc.cpu_percent')?.subjectKey).toBe('proc:7:107');
    expect([...firingProcessKeys(alerts)]).toEqual(['7:107']);
    expect([...firingPanels(alerts)].sort()).toEqual(['disks', 'gpus', 'memory', 'sensors']);
    for (const m of Object.keys(METRICS)) expect([m, panelOfMetric(m) === undefined]).toEqual([m, m.startsWith('proc.')]);
  });
});
