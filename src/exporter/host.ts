/**
 * The host's metrics under node_exporter's names, units and labels where SmoothTask measures the
 * same thing the same way (cumulative counters, bytes, seconds), so existing node_exporter
 * dashboards read them unchanged. What differs in meaning (cache including reclaimable slab,
 * sensors named by SmoothTask) is smoothtask_*. docs/metrics.md lists each with its source.
 */
import type { CpuSeconds, Snapshot } from '../types/snapshot.js';
import type { ExpositionWriter } from './exposition.js';

const CPU_MODES: readonly (keyof CpuSeconds)[] = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'];

function cpu(w: ExpositionWriter, s: Snapshot): void {
  const cores = s.cpu?.cores ?? [];
  w.family('node_cpu_seconds_total', 'counter', 'Seconds the CPUs spent in each mode.');
  for (const core of cores) {
    const seconds = core.secondsTotal;
    if (seconds === undefined) continue;
    for (const mode of CPU_MODES) w.sample({ cpu: String(core.id), mode }, seconds[mode]);
  }
  w.family('smoothtask_cpu_frequency_hertz', 'gauge', 'Current CPU frequency (cpu_frequency events, else cpufreq, else /proc/cpuinfo).');
  for (const core of cores) w.sample({ cpu: String(core.id) }, core.freqMHz === undefined ? undefined : core.freqMHz * 1e6);
}

function memory(w: ExpositionWriter, s: Snapshot): void {
  const m = s.memory;
  if (m === undefined) return;
  w.family('node_memory_MemTotal_bytes', 'gauge', 'Memory information field MemTotal_bytes.').sample(undefined, m.totalBytes);
  w.family('node_memory_MemAvailable_bytes', 'gauge', 'Memory information field MemAvailable_bytes.').sample(undefined, m.availableBytes);
  w.family('node_memory_MemFree_bytes', 'gauge', 'Memory information field MemFree_bytes.').sample(undefined, m.freeBytes);
  w.family('node_memory_Buffers_bytes', 'gauge', 'Memory information field Buffers_bytes.').sample(undefined, m.buffersBytes);
  w.family('node_memory_Dirty_bytes', 'gauge', 'Memory information field Dirty_bytes.').sample(undefined, m.dirtyBytes);
  w.family('node_memory_SwapTotal_bytes', 'gauge', 'Memory information field SwapTotal_bytes.').sample(undefined, m.swapTotalBytes);
  const swapFree = m.swapTotalBytes !== undefined && m.swapUsedBytes !== undefined ? m.swapTotalBytes - m.swapUsedBytes : undefined;
  w.family('node_memory_SwapFree_bytes', 'gauge', 'Memory information field SwapFree_bytes.').sample(undefined, swapFree);
  // Cached + SReclaimable, as the screen shows it: not node_exporter's Cached alone.
  w.family('smoothtask_memory_cache_bytes', 'gauge', 'Page cache and reclaimable slab (Cached + SReclaimable).').sample(undefined, m.cachedBytes);
  w.family('node_load1', 'gauge', '1m load average.').sample(undefined, m.load1);
  w.family('node_load5', 'gauge', '5m load average.').sample(undefined, m.load5);
  w.family('node_load15', 'gauge', '15m load average.').sample(undefined, m.load15);
}

/** node_exporter's pressure counters: each resource's "some" (waiting) and "full" (stalled) line. */
const PRESSURE: readonly { resource: 'cpu' | 'io' | 'memory'; line: 'some' | 'full'; name: string; help: string }[] = [
  { resource: 'cpu', line: 'some', name: 'node_pressure_cpu_waiting_seconds_total', help: 'Total time in seconds that processes have waited for CPU time' },
  {
    resource: 'cpu',
    line: 'full',
    name: 'node_pressure_cpu_stalled_seconds_total',
    help: 'Total time in seconds no process could make progress due to CPU congestion',
  },
  {
    resource: 'io',
    line: 'some',
    name: 'node_pressure_io_waiting_seconds_total',
    help: 'Total time in seconds that processes have waited due to IO congestion',
  },
  {
    resource: 'io',
    line: 'full',
    name: 'node_pressure_io_stalled_seconds_total',
    help: 'Total time in seconds no process could make progress due to IO congestion',
  },
  { resource: 'memory', line: 'some', name: 'node_pressure_memory_waiting_seconds_total', help: 'Total time in seconds that processes have waited for memory' },
  {
    resource: 'memory',
    line: 'full',
    name: 'node_pressure_memory_stalled_seconds_total',
    help: 'Total time in seconds no process could make progress due to memory congestion',
  },
];

function pressure(w: ExpositionWriter, s: Snapshot): void {
  const p = s.pressure;
  if (p === undefined) return;
  for (const f of PRESSURE) {
    const us = p[f.resource]?.[f.line]?.totalUs;
    w.family(f.name, 'counter', f.help).sample(undefined, us === undefined ? undefined : us / 1e6);
  }
}

function disks(w: ExpositionWriter, s: Snapshot): void {
  const devices = s.disks?.devices ?? [];
  const each = (name: string, help: string, pick: (d: (typeof devices)[number]) => number | undefined): void => {
    w.family(name, 'counter', help);
    for (const d of devices) w.sample({ device: d.name }, pick(d));
  };
  each('node_disk_read_bytes_total', 'The total number of bytes read successfully.', (d) => d.readBytesTotal);
  each('node_disk_written_bytes_total', 'The total number of bytes written successfully.', (d) => d.writtenBytesTotal);
  each('node_disk_reads_completed_total', 'The total number of reads completed successfully.', (d) => d.readsCompletedTotal);
  each('node_disk_writes_completed_total', 'The total number of writes completed successfully.', (d) => d.writesCompletedTotal);
  each('node_disk_io_time_seconds_total', 'Total seconds spent doing I/Os.', (d) => d.ioTimeSecondsTotal);
  const filesystems = (s.disks?.filesystems ?? []).filter((f) => f.error === undefined);
  w.family('node_filesystem_size_bytes', 'gauge', 'Filesystem size in bytes.');
  for (const f of filesystems) w.sample({ device: f.device, fstype: f.fstype, mountpoint: f.mountpoint }, f.totalBytes);
  w.family('node_filesystem_avail_bytes', 'gauge', 'Filesystem space available to non-root users in bytes.');
  for (const f of filesystems) w.sample({ device: f.device, fstype: f.fstype, mountpoint: f.mountpoint }, f.availBytes);
}

function network(w: ExpositionWriter, s: Snapshot): void {
  const interfaces = s.network?.interfaces ?? [];
  const each = (stat: string, pick: (i: (typeof interfaces)[number]) => number | undefined): void => {
    w.family(`node_network_${stat}_total`, 'counter', `Network device statistic ${stat}.`);
    for (const i of interfaces) w.sample({ device: i.name }, pick(i));
  };
  each('receive_bytes', (i) => i.rxBytesTotal);
  each('transmit_bytes', (i) => i.txBytesTotal);
  each('receive_packets', (i) => i.rxPacketsTotal);
  each('transmit_packets', (i) => i.txPacketsTotal);
  each('receive_errs', (i) => i.rxErrors);
  each('transmit_errs', (i) => i.txErrors);
  each('receive_drop', (i) => i.rxDrops);
  each('transmit_drop', (i) => i.txDrops);
}

function sensors(w: ExpositionWriter, s: Snapshot): void {
  // SmoothTask names a sensor by chip and label (hwmon, thermal zones), not node_exporter's
  // chip/sensor path labels: a name of its own, so no dashboard mistakes one for the other.
  w.family('smoothtask_sensor_temperature_celsius', 'gauge', 'Temperature of each sensor SmoothTask reads (hwmon, thermal zones).');
  for (const t of s.sensors?.temperatures ?? []) w.sample({ sensor: t.label, source: t.source }, t.value);
}

/** Every host metric the snapshot measured. */
export function writeHostMetrics(w: ExpositionWriter, s: Snapshot): void {
  if (s.host.bootTime !== undefined) w.family('node_boot_time_seconds', 'gauge', 'Node boot time, in unixtime.').sample(undefined, s.host.bootTime / 1000);
  cpu(w, s);
  memory(w, s);
  pressure(w, s);
  disks(w, s);
  network(w, s);
  sensors(w, s);
}
