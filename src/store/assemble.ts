/**
 * Turns the sampler's raw readings into one Snapshot: each collector's derive over its previous
 * and current sample, the per-collector `sources`, and joins across domains (GPU use per process).
 * A derive that throws leaves its part n/a and records the error; it never breaks the snapshot.
 */
import type { CollectorReading } from '../collectors/sampler.js';
import type { CollectorContext } from '../collectors/contract.js';
import type { ConnectionsRaw } from '../collectors/connections/proc.js';
import type { FenceUse, GpusPart } from '../collectors/gpus/derive.js';
import type { ProcessesRaw } from '../collectors/processes/raw.js';
import {
  SCHEMA_VERSION,
  type CollectorName,
  type ProcessRow,
  type SelfStats,
  type Snapshot,
  type SourceStatus,
} from '../types/snapshot.js';

function sourceOf(reading: CollectorReading, deriveError: string | undefined): SourceStatus {
  const active = reading.backends.find((b) => b.backend.id === reading.backend);
  // An available backend that read nothing (no events yet) is not a failure: list every reason.
  const failing = reading.backends.some((b) => b.probe.available && b.failures > 0);
  const why = reading.backend
    ? active?.probe.reason
    : failing
      ? 'every available backend failed to read'
      : reading.backends.map((b) => `${b.backend.id}: ${b.probe.reason ?? 'unavailable'}`).join('; ');
  return {
    backend: reading.backend,
    reason: why,
    lastError: deriveError ?? reading.lastError,
    lastReadAt: reading.cur?.wall,
    fields: reading.fields,
    backends: reading.backends.map((b) => ({
      id: b.backend.id,
      available: b.probe.available,
      reason: b.probe.reason,
      remedy: b.probe.remedy,
      lastError: b.lastError,
      backingOff: b.failures > 0 || undefined,
    })),
  };
}

/**
 * Per-process GPU memory and utilisation summed over devices, and DMA fence use (eBPF), joined
 * by pid.
 */
function joinGpuUse(processes: ProcessRow[], { devices, fenceUse }: GpusPart): ProcessRow[] {
  const use = new Map<number, { mem?: number; pct?: number; fence?: FenceUse }>();
  for (const gpu of devices) {
    for (const p of gpu.processes) {
      const u = use.get(p.pid) ?? {};
      if (p.memBytes !== undefined) u.mem = (u.mem ?? 0) + p.memBytes;
      if (p.smPercent !== undefined) u.pct = (u.pct ?? 0) + p.smPercent;
      use.set(p.pid, u);
    }
  }
  for (const f of fenceUse) use.set(f.pid, { ...use.get(f.pid), fence: f });
  if (use.size === 0) return processes;
  return processes.map((row) => {
    const u = use.get(row.pid);
    if (!u) return row;
    return {
      ...row,
      gpuMemBytes: u.mem ?? row.gpuMemBytes,
      gpuPercent: u.pct ?? row.gpuPercent,
      gpuFencesPerSec: u.fence?.fencesPerSec ?? row.gpuFencesPerSec,
      gpuFenceBusyPercent: u.fence?.fenceBusyPercent ?? row.gpuFenceBusyPercent,
    };
  });
}

export function assembleSnapshot(
  readings: Map<CollectorName, CollectorReading>,
  ctx: CollectorContext,
  intervalMs: number,
  self: SelfStats,
): Snapshot {
  const parts: Partial<Record<CollectorName, unknown>> = {};
  const sources: Partial<Record<CollectorName, SourceStatus>> = {};
  for (const [name, reading] of readings) {
    let deriveError: string | undefined;
    if (reading.cur) {
      try {
        parts[name] = reading.collector.derive(reading.prev, reading.cur, ctx);
      } catch (err) {
        deriveError = `derive failed: ${(err as Error).message}`;
      }
    }
    sources[name] = sourceOf(reading, deriveError);
  }
  const gpuPart = (parts.gpus as GpusPart | undefined) ?? { devices: [], fenceUse: [] };
  return {
    schemaVersion: SCHEMA_VERSION,
    takenAt: new Date().toISOString(),
    intervalMs,
    host: (parts.host as Snapshot['host'] | undefined) ?? ctx.host,
    cpu: parts.cpu as Snapshot['cpu'],
    memory: parts.memory as Snapshot['memory'],
    pressure: parts.pressure as Snapshot['pressure'],
    disks: parts.disks as Snapshot['disks'],
    network: parts.network as Snapshot['network'],
    processes: joinGpuUse((parts.processes as ProcessRow[] | undefined) ?? [], gpuPart),
    // Event lists, already final in the raw reading: nothing to derive across two samples.
    recentExits: (readings.get('processes')?.cur?.raw as Partial<ProcessesRaw> | undefined)?.recentExits,
    connections: (parts.connections as Snapshot['connections'] | undefined) ?? [],
    connectionEvents: (readings.get('connections')?.cur?.raw as Partial<ConnectionsRaw> | undefined)?.connectionEvents,
    gpus: gpuPart.devices,
    sensors: parts.sensors as Snapshot['sensors'],
    alerts: [],
    self,
    sources,
  };
}
