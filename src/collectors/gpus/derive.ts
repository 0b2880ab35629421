/**
 * GPU derive: NVML devices, sysfs cards and DRM clients (raw.ts) → the snapshot's GpuDevice[].
 * Rates come from the measured gap between two reads: Intel power from hwmon energy, and DRM
 * engine utilisation from busy-ns or busy-cycle deltas; per-process DMA fence rates from the eBPF
 * fence counters (deriveGpusPart).
 * @see https://docs.kernel.org/gpu/drm-usage-stats.html (utilisation from drm-engine-* deltas)
 */
import type { Timed } from '../contract.js';
import type { GpuDevice, GpuProcess } from '../../types/snapshot.js';
import type { NvmlDeviceSample } from '../../native/nvml.js';
import { counterRate, gapSeconds } from '../../util/rate.js';
import { normalizePciAddress, type DrmEngine } from './parse.js';
import type { DrmClient, GpusRaw, SysfsCard } from './raw.js';
import type { FenceProcStats } from '../../native/bpf-fence.js';

function fromNvml(d: NvmlDeviceSample): GpuDevice {
  if (d.error !== undefined) {
    return { index: d.index, vendor: 'nvidia', processes: [], source: 'nvml', unavailable: { device: d.error } };
  }
  const { migMode, ...values } = d.values ?? {};
  const unavailable: Record<string, string> = { ...d.errors };
  for (const [kind, why] of Object.entries(d.processErrors ?? {})) unavailable[`${kind}Processes`] = why;
  if (d.utilError !== undefined) unavailable.processSmPercent = d.utilError;
  // Newest utilisation sample per process.
  const latest = new Map<number, { t: number; sm: number }>();
  for (const s of d.utilSamples ?? []) {
    const seen = latest.get(s.pid);
    if (seen === undefined || s.timestampUs > seen.t) latest.set(s.pid, { t: s.timestampUs, sm: s.smPercent });
  }
  // A process with compute and graphics contexts is in both lists: one row, compute first.
  const byPid = new Map<number, GpuProcess>();
  for (const p of d.processes ?? []) {
    const row = byPid.get(p.pid);
    if (row === undefined) byPid.set(p.pid, { pid: p.pid, memBytes: p.memBytes, kind: p.kind });
    else if (p.memBytes !== undefined && (row.memBytes === undefined || p.memBytes > row.memBytes)) row.memBytes = p.memBytes;
  }
  for (const [pid, s] of latest) {
    const row = byPid.get(pid) ?? { pid };
    row.smPercent = s.sm;
    byPid.set(pid, row);
  }
  return {
    index: d.index,
    vendor: 'nvidia',
    ...values,
    migMode: migMode === undefined ? undefined : migMode === 1,
    processes: [...byPid.values()].sort((a, b) => a.pid - b.pid),
    source: 'nvml',
    ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}),
  };
}

function fromCard(card: SysfsCard, prevCard: SysfsCard | undefined, seconds: number | undefined): GpuDevice {
  const { card: _name, driver, energyUj, suspended, ...values } = card;
  const energyWatts = counterRate(prevCard?.energyUj, energyUj, seconds);
  return {
    index: 0,
    ...values,
    powerWatts: card.powerWatts ?? (energyWatts === undefined ? undefined : energyWatts / 1e6),
    processes: [],
    source: `sysfs-${driver}`,
    ...(suspended ? { unavailable: { device: 'runtime-suspended (not woken to be read)' } } : {}),
  };
}

/** % busy of one engine between two reads of the same client, normalised by engine capacity. */
export function engineBusyPercent(prev: DrmEngine | undefined, cur: DrmEngine, seconds: number | undefined): number | undefined {
  if (prev === undefined) return undefined;
  let percent: number | undefined;
  if (cur.cycles !== undefined && cur.totalCycles !== undefined && prev.cycles !== undefined && prev.totalCycles !== undefined) {
    const total = cur.totalCycles - prev.totalCycles;
    const busy = cur.cycles - prev.cycles;
    if (total > 0 && busy >= 0) percent = (busy / total) * 100;
  } else {
    const nsPerSec = counterRate(prev.busyNs, cur.busyNs, seconds);
    if (nsPerSec !== undefined) percent = nsPerSec / 1e7;
  }
  return percent === undefined ? undefined : Math.min(100, percent / cur.capacity);
}

/** Per engine name: % busy of one client over the gap. */
function clientEngines(client: DrmClient, prev: DrmClient | undefined, seconds: number | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, engine] of Object.entries(client.engines)) {
    const percent = engineBusyPercent(prev?.engines[name], engine, seconds);
    if (percent !== undefined) out.set(name, percent);
  }
  return out;
}

/** The device a DRM client belongs to: by drm-pdev, else the only card of its driver. */
function deviceOf(client: DrmClient, devices: GpuDevice[]): GpuDevice | undefined {
  if (client.pdev !== undefined) {
    const pci = normalizePciAddress(client.pdev);
    return devices.find((d) => d.pciBusId !== undefined && normalizePciAddress(d.pciBusId) === pci);
  }
  const sameDriver = devices.filter((d) => d.source === `sysfs-${client.driver}`);
  return sameDriver.length === 1 ? sameDriver[0] : undefined;
}

/** Adds each device's DRM clients as processes, and device busy % where sysfs has none. */
function attachDrmClients(devices: GpuDevice[], cur: DrmClient[], prev: DrmClient[] | undefined, seconds: number | undefined): void {
  const before = new Map((prev ?? []).map((c) => [c.key, c]));
  const perDevice = new Map<GpuDevice, { pids: Map<number, { engines: Map<string, number>; mem?: number }>; engines: Map<string, number> }>();
  for (const client of cur) {
    const device = deviceOf(client, devices);
    if (device === undefined || device.source === 'nvml') continue;
    let acc = perDevice.get(device);
    if (acc === undefined) perDevice.set(device, (acc = { pids: new Map(), engines: new Map() }));
    let proc = acc.pids.get(client.pid);
    if (proc === undefined) acc.pids.set(client.pid, (proc = { engines: new Map() }));
    if (client.memoryBytes !== undefined) proc.mem = (proc.mem ?? 0) + client.memoryBytes;
    for (const [name, percent] of clientEngines(client, before.get(client.key), seconds)) {
      proc.engines.set(name, (proc.engines.get(name) ?? 0) + percent);
      acc.engines.set(name, (acc.engines.get(name) ?? 0) + percent);
    }
  }
  for (const [device, acc] of perDevice) {
    for (const [pid, p] of acc.pids) {
      // A process's GPU % is its busiest engine (render, video, copy... run in parallel).
      const busiest = p.engines.size > 0 ? Math.min(100, Math.max(...p.engines.values())) : undefined;
      device.processes.push({ pid, memBytes: p.mem, smPercent: busiest, kind: 'drm' });
    }
    device.processes.sort((a, b) => a.pid - b.pid);
    if (device.utilPercent === undefined && acc.engines.size > 0) {
      // Intel has no device busy file: the busiest engine summed over the clients we can see.
      device.utilPercent = Math.min(100, Math.max(...acc.engines.values()));
    }
  }
}

export function deriveGpus(prev: Timed<GpusRaw> | undefined, cur: Timed<GpusRaw>): GpuDevice[] {
  const seconds = gapSeconds(prev, cur);
  const devices = (cur.raw.nvml ?? []).map(fromNvml);
  const nvmlPci = new Set(devices.flatMap((d) => (d.pciBusId === undefined ? [] : [normalizePciAddress(d.pciBusId)])));
  const prevCards = new Map((prev?.raw.cards ?? []).map((c) => [`${c.card}@${c.pciBusId}`, c]));
  for (const card of cur.raw.cards ?? []) {
    // NVML already describes this card, and better.
    if (card.pciBusId !== undefined && nvmlPci.has(normalizePciAddress(card.pciBusId))) continue;
    devices.push(fromCard(card, prevCards.get(`${card.card}@${card.pciBusId}`), seconds));
  }
  if (cur.raw.drmClients !== undefined) attachDrmClients(devices, cur.raw.drmClients, prev?.raw.drmClients, seconds);
  return devices.map((d, index) => ({ ...d, index }));
}

/** One process's DMA fence use over the gap; fields are undefined until it was measured. */
export interface FenceUse {
  pid: number;
  fencesPerSec?: number;
  /** Fence emit→signal time over the gap, % of wall time (overlapping fences add up). */
  fenceBusyPercent?: number;
}

/** What the gpus collector gives the snapshot: devices, and per-process fence use. */
export interface GpusPart {
  devices: GpuDevice[];
  fenceUse: FenceUse[];
}

/**
 * Fence rates per process between two reads of the eBPF counters. A process is listed only once
 * it has emitted a fence; one that appeared since the previous read started from zero within the
 * gap. No previous read (or no counters) → nothing: the fields stay n/a.
 */
export function deriveFenceUse(prev: Timed<GpusRaw> | undefined, cur: Timed<GpusRaw>): FenceUse[] {
  const seconds = gapSeconds(prev, cur);
  if (cur.raw.fences === undefined || prev?.raw.fences === undefined || seconds === undefined) return [];
  const before = new Map(prev.raw.fences.procs.map((p) => [p.pid, p]));
  const zero: Omit<FenceProcStats, 'pid'> = { emitted: 0, signaled: 0, busyNs: 0 };
  const out: FenceUse[] = [];
  for (const p of cur.raw.fences.procs) {
    if (p.emitted === 0) continue;
    const was = before.get(p.pid) ?? zero;
    const busyNsPerSec = counterRate(was.busyNs, p.busyNs, seconds);
    out.push({
      pid: p.pid,
      fencesPerSec: counterRate(was.emitted, p.emitted, seconds),
      fenceBusyPercent: busyNsPerSec === undefined ? undefined : busyNsPerSec / 1e7,
    });
  }
  return out;
}

/** The collector's derive: devices (deriveGpus) and fence use (deriveFenceUse). */
export function deriveGpusPart(prev: Timed<GpusRaw> | undefined, cur: Timed<GpusRaw>): GpusPart {
  return { devices: deriveGpus(prev, cur), fenceUse: deriveFenceUse(prev, cur) };
}
