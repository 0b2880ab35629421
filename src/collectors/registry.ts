/**
 * Every collector, keyed by name and typed by what it reads and what it derives. The two type
 * tables below are the one place that says which part each collector fills: the sampler's readings
 * and the store's assembler are typed from them, so a collector whose derive does not match its
 * snapshot part fails to compile instead of being cast into place.
 * Each gets its feeds (./feeds.ts), the raw inputs of the fields it shows, for provenance per field.
 * Built fresh for each Monitor, because backends hold state (BPF programs, NVML handles, caches)
 * that close() releases.
 */
import type { CgroupsPanel, CollectorName, CpuPanel, DisksPanel, HostInfo, MemoryPanel, NetworkPanel, PressurePanel, SensorsPanel } from '../types/snapshot.js';
import type { Collector } from './contract.js';
import { createCgroupsCollector, type CgroupsRaw } from './cgroups/index.js';
import { createEbpfConnectionsBackend } from './connections/ebpf.js';
import { makeConnectionsCollector, type ConnectionsPart } from './connections/index.js';
import { createConnectionsProcBackend, type ConnectionsRaw } from './connections/proc.js';
import { createSockDiagConnectionsBackend } from './connections/sock-diag.js';
import { createCpuCollector, type CpuRaw } from './cpu/index.js';
import { createDisksCollector, type DisksRaw } from './disks/index.js';
import { FEEDS } from './feeds.js';
import { createGpusCollector, type GpusPart, type GpusRaw } from './gpus/index.js';
import { hostCollector, type HostRaw } from './host/index.js';
import { memoryCollector, type MemoryRaw } from './memory/index.js';
import { networkCollector, type NetworkRaw } from './network/index.js';
import { pressureCollector, type PressureRaw } from './pressure/index.js';
import { createEbpfProcessesBackend } from './processes/ebpf.js';
import { createProcessesCollector, type ProcessesPart } from './processes/index.js';
import type { ProcessesRaw } from './processes/raw.js';
import { createSensorsCollector, type SensorsRaw } from './sensors/index.js';

/** Per collector: the raw reading its backends produce (merged field by field). */
export interface CollectorRaws {
  host: HostRaw;
  cpu: CpuRaw;
  memory: MemoryRaw;
  pressure: PressureRaw;
  disks: DisksRaw;
  network: NetworkRaw;
  processes: ProcessesRaw;
  connections: ConnectionsRaw;
  gpus: GpusRaw;
  sensors: SensorsRaw;
  cgroups: CgroupsRaw;
}

/**
 * Per collector: the part its derive returns. Most are the snapshot field of the same name;
 * `processes` and `connections` derive their rows and the interval's events (snapshot.recentExits,
 * snapshot.connectionEvents); `gpus` derives the devices and the per-process fence use, which the
 * assembler splits (devices to `snapshot.gpus`, fence use to the gpu-use join).
 */
export interface CollectorPartTypes {
  host: HostInfo;
  cpu: CpuPanel;
  memory: MemoryPanel;
  pressure: PressurePanel;
  disks: DisksPanel;
  network: NetworkPanel;
  processes: ProcessesPart;
  connections: ConnectionsPart;
  gpus: GpusPart;
  sensors: SensorsPanel;
  /** Undefined until the backend's first read. */
  cgroups: CgroupsPanel | undefined;
}

export type RawOf<K extends CollectorName> = CollectorRaws[K];
export type PartOf<K extends CollectorName> = CollectorPartTypes[K];

/** One collector per name, each typed by its shapes. */
export type Registry = { [K in CollectorName]: Collector<RawOf<K>, PartOf<K>> };

/** What the collectors derived on one tick; a collector with nothing to derive yet is absent. */
export type CollectorParts = { [K in CollectorName]?: PartOf<K> };

/** The app's collectors, in the order the sampler reads them (host first: others use its facts). */
export function createRegistry(): Registry {
  return {
    host: { ...hostCollector, feeds: FEEDS.host },
    cpu: { ...createCpuCollector(), feeds: FEEDS.cpu },
    memory: { ...memoryCollector, feeds: FEEDS.memory },
    pressure: { ...pressureCollector, feeds: FEEDS.pressure },
    disks: { ...createDisksCollector(), feeds: FEEDS.disks },
    network: { ...networkCollector, feeds: FEEDS.network },
    processes: { ...createProcessesCollector([createEbpfProcessesBackend()]), feeds: FEEDS.processes },
    connections: {
      ...makeConnectionsCollector([createEbpfConnectionsBackend(), createSockDiagConnectionsBackend(), createConnectionsProcBackend()]),
      feeds: FEEDS.connections,
    },
    gpus: { ...createGpusCollector(), feeds: FEEDS.gpus },
    sensors: { ...createSensorsCollector(), feeds: FEEDS.sensors },
    cgroups: { ...createCgroupsCollector(), feeds: FEEDS.cgroups },
  };
}
