/**
 * SmoothTask's own series: alerts firing by severity, each collector's success and read time
 * (like node_exporter's node_scrape_collector_* gauges), connections by state, and its own cost
 * (CPU, memory, its BPF programs' CPU, the sampling pass).
 */
import { COLLECTOR_NAMES, type AlertSeverity, type Snapshot } from '../types/snapshot.js';
import type { ExpositionWriter } from './exposition.js';

const SEVERITIES: readonly AlertSeverity[] = ['warning', 'critical'];

function alerts(w: ExpositionWriter, s: Snapshot): void {
  w.family('smoothtask_alerts_firing', 'gauge', 'Alerts firing now, by severity.');
  for (const severity of SEVERITIES) w.sample({ severity }, s.alerts.filter((a) => a.state === 'firing' && a.severity === severity).length);
}

function collectors(w: ExpositionWriter, s: Snapshot): void {
  const listed = COLLECTOR_NAMES.flatMap((name) => {
    const src = s.sources[name];
    return src === undefined ? [] : [{ name, src, backend: src.backend ?? 'none' }];
  });
  w.family('smoothtask_collector_success', 'gauge', 'Whether the collector read its data on its last read (1) or not (0), and with which backend.');
  for (const { name, src, backend } of listed) w.sample({ collector: name, backend }, src.backend !== null && src.lastError === undefined ? 1 : 0);
  w.family('smoothtask_collector_duration_seconds', 'gauge', 'How long the collector’s last read took, through every backend.');
  for (const { name, src, backend } of listed) w.sample({ collector: name, backend }, src.readMs === undefined ? undefined : src.readMs / 1000);
}

function connections(w: ExpositionWriter, s: Snapshot): void {
  if (s.sources.connections?.backend == null) return;
  const counts = new Map<string, number>();
  for (const c of s.connections) {
    const key = `${c.proto}\u0000${c.state}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  w.family('smoothtask_connections', 'gauge', 'Sockets by protocol and state.');
  for (const [key, n] of counts) {
    const [proto, state] = key.split('\u0000');
    w.sample({ proto, state }, n);
  }
}

function self(w: ExpositionWriter, s: Snapshot): void {
  const pct = (n: number | undefined): number | undefined => (n === undefined ? undefined : n / 100);
  w.family('smoothtask_self_cpu_ratio', 'gauge', 'SmoothTask’s own CPU use over the last interval, in cores.').sample(undefined, pct(s.self.cpuPercent));
  w.family('smoothtask_self_resident_memory_bytes', 'gauge', 'SmoothTask’s resident set size.').sample(undefined, s.self.rssBytes);
  w.family('smoothtask_bpf_cpu_ratio', 'gauge', 'CPU used by SmoothTask’s BPF programs over the last interval, in cores (BPF run-time stats).').sample(
    undefined,
    pct(s.self.bpfCpuPercent),
  );
  w.family('smoothtask_sample_duration_seconds', 'gauge', 'Wall time of the last sampling pass.').sample(
    undefined,
    s.self.sampleMs === undefined ? undefined : s.self.sampleMs / 1000,
  );
  w.family('smoothtask_snapshot_timestamp_seconds', 'gauge', 'When the exported snapshot was taken, unixtime.').sample(undefined, Date.parse(s.takenAt) / 1000);
}

export function writeStatusMetrics(w: ExpositionWriter, s: Snapshot): void {
  alerts(w, s);
  collectors(w, s);
  connections(w, s);
  self(w, s);
}
