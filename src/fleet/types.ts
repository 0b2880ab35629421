/**
 * The fleet's data, as its poller publishes it and its screen draws it: one row per host, the
 * state of the connection to Prometheus, and the open host's detail. A field absent from a row
 * was not measured for that host (the screen says n/a), never 0.
 */
import type { PromFailure } from './prometheus/errors.js';

/** The process using the most CPU on a host that runs a SmoothTask agent. */
export interface TopProcess {
  comm: string;
  pid: string;
  user?: string;
  /** CPU seconds per second, in percent of one core. */
  cpuPercent: number;
}

export interface FleetRow {
  /** The instance less its port: a host's node_exporter, dcgm-exporter and agent share a row. */
  host: string;
  /** The scrape targets (instance labels) of this host, sorted. */
  instances: string[];
  /** Their jobs, sorted, without repeats. */
  jobs: string[];
  /** The target labels of the host's first target (job, and any others such as a datacenter), for grouping. */
  labels: Record<string, string>;
  targetsUp: number;
  targetsTotal: number;
  /** When a target of a down host was last up (unix seconds), when that was within the last hour. */
  lastUpAt?: number;
  /** When this screen last saw every target of the host up (unix seconds, the query's time). */
  seenUpAt?: number;
  cpuPercent?: number;
  loadPerCore?: number;
  memUsedBytes?: number;
  memTotalBytes?: number;
  /** Largest PSI "some" share over cpu, memory and io, in percent. */
  psiSomePercent?: number;
  /** Largest PSI "full" share over memory and io, in percent. */
  psiFullPercent?: number;
  diskBytesPerSec?: number;
  netBytesPerSec?: number;
  gpuCount?: number;
  gpuUtilMean?: number;
  gpuUtilMax?: number;
  gpuMemUsedMiB?: number;
  gpuMemTotalMiB?: number;
  gpuTempMaxC?: number;
  gpuPowerW?: number;
  alertsFiring?: number;
  topProcess?: TopProcess;
  runqueueP99Seconds?: number;
}

/** How the last refresh went: every query answered, some did (partial), or none could. */
export type FleetState = 'connecting' | 'ok' | 'partial' | PromFailure;

export interface FleetStatus {
  state: FleetState;
  /** What failed and why, in words; '' when all is well. */
  message: string;
  /** When the state began (ms since the epoch); the screen shows how long it has lasted. */
  since: number;
}

/** One GPU of the open host, from dcgm-exporter. */
export interface HostGpu {
  gpu: string;
  model?: string;
  utilPercent?: number;
  memUsedMiB?: number;
  memTotalMiB?: number;
  tempC?: number;
  powerW?: number;
}

/** One process of the open host, from its SmoothTask agent. */
export interface HostProcess {
  pid: string;
  comm: string;
  user?: string;
  cpuPercent?: number;
  residentBytes?: number;
}

export type HostChartId = 'cpu' | 'mem' | 'load' | 'net' | 'disk' | 'gpu';

/** The open host: an hour of history per chart, its GPUs, its top processes. */
export interface HostDetail {
  host: string;
  status: FleetStatus;
  /** Fetched at (ms since the epoch); undefined until the first answer. */
  at?: number;
  /** Per chart, one value per step over the last hour (NaN where there was none); absent when no target exports it. */
  charts: Partial<Record<HostChartId, number[]>>;
  stepS: number;
  gpus: HostGpu[];
  processes: HostProcess[];
}

export interface FleetSnapshot {
  rows: FleetRow[];
  /** When `rows` were fetched (ms since the epoch); undefined before the first answer. */
  rowsAt?: number;
  status: FleetStatus;
  /** When this snapshot was published (ms since the epoch): the screen's "now" for ages, so drawing stays pure. */
  publishedAt: number;
  /** Queries the last overview refresh sent. */
  queriesPerRefresh: number;
  host?: HostDetail;
}
