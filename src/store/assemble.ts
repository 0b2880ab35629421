/**
 * Turns the sampler's readings into one Snapshot: each collector's derive over its previous and
 * current sample, typed by the registry's shapes (no part is cast into place), the per-collector
 * `sources` (with provenance per displayed field, ./provenance.ts), then the joins across domains
 * (./joins/) in their declared order.
 * A derive that throws leaves its part n/a and records the error; it never breaks the snapshot.
 */
import type { CollectorContext } from '../collectors/contract.js';
import type { CollectorParts, PartOf } from '../collectors/registry.js';
import type { PartReading } from '../collectors/sampler.js';
import { COLLECTOR_NAMES, SCHEMA_VERSION, type CollectorName, type ConfigStatus, type SelfStats, type Snapshot, type SourceStatus } from '../types/snapshot.js';
import { errorText } from '../util/probe.js';
import { JOINS } from './joins/index.js';
import { displayedProvenance } from './provenance.js';

/** The sampler's reading of each collector, typed by the part it derives; one a face does not run is absent. */
export type Readings = { [K in CollectorName]?: PartReading<PartOf<K>> };

/** What a snapshot carries besides the collectors' parts. */
export interface SnapshotExtras {
  /** Nominal refresh interval in force. */
  intervalMs: number;
  self: SelfStats;
  /** The config file's reload state. */
  config: ConfigStatus;
  /**
   * When the pass began, ms since the epoch (now when absent). The loop starts a pass an interval
   * after the last began, so samples stamped so stay an interval apart whatever each pass took.
   */
  takenAt?: number;
}

function sourceOf(reading: PartReading<unknown>, deriveError: string | undefined): SourceStatus {
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
    readMs: reading.readMs,
    fields: displayedProvenance(reading.collector.feeds, reading.fields),
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

/** One collector's part into `parts` and its source into `sources`. */
function deriveInto<K extends CollectorName>(
  name: K,
  reading: PartReading<PartOf<K>>,
  ctx: CollectorContext,
  parts: CollectorParts,
  sources: Snapshot['sources'],
): void {
  let deriveError: string | undefined;
  try {
    parts[name] = reading.derive(ctx);
  } catch (err) {
    deriveError = `derive failed: ${errorText(err)}`;
  }
  sources[name] = sourceOf(reading, deriveError);
}

export function assembleSnapshot(readings: Readings, ctx: CollectorContext, { intervalMs, self, config, takenAt }: SnapshotExtras): Snapshot {
  const parts: CollectorParts = {};
  const sources: Snapshot['sources'] = {};
  for (const name of COLLECTOR_NAMES) {
    const reading = readings[name];
    if (reading !== undefined) deriveInto(name, reading, ctx, parts, sources);
  }
  // Each part to its snapshot field: most are the field itself; the processes and connections
  // parts also hold the interval's events, and the gpus part holds the devices and the fence use,
  // which only the gpu-use join reads.
  const snapshot: Snapshot = {
    schemaVersion: SCHEMA_VERSION,
    takenAt: new Date(takenAt ?? Date.now()).toISOString(),
    intervalMs,
    host: parts.host ?? ctx.host,
    cpu: parts.cpu,
    memory: parts.memory,
    pressure: parts.pressure,
    disks: parts.disks,
    network: parts.network,
    processes: parts.processes?.rows ?? [],
    recentExits: parts.processes?.recentExits,
    connections: parts.connections?.rows ?? [],
    connectionEvents: parts.connections?.connectionEvents,
    gpus: parts.gpus?.devices ?? [],
    sensors: parts.sensors,
    cgroups: parts.cgroups,
    alerts: [],
    config,
    self,
    sources,
  };
  return JOINS.reduce((s, join) => join.apply(s, parts), snapshot);
}
