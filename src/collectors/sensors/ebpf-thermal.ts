/**
 * The eBPF thermal backend: the last thermal:thermal_temperature event per thermal zone
 * (bpf/hw.bpf.c). It sits after the sysfs thermal backend and fills only zones that backend did
 * not read this tick: the tracepoint fires only when the kernel updates a zone (its polling
 * interval, a trip, an interrupt), so its value can be older than thermal_zoneN/temp, which is
 * read fresh any time. What it adds is a zone sysfs cannot show (a temp file answering
 * EINVAL/ENODATA, /sys not the host's); no event at all (a VM) reads nothing.
 * @see https://docs.kernel.org/driver-api/thermal/sysfs-api.html
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { HW_ATTACHED, probeHwEvents, readThermalEvents } from '../hw-events.js';
import type { ThermalReading } from '../../native/bpf-hw.js';
import type { SensorsRaw, ThermalZone } from './raw.js';

/** The sysfs name of a zone id, as thermal.ts reads it: thermal_zoneN. */
function zoneName(id: number): string {
  return `thermal_zone${id}`;
}

/** What the source line says about the thermal_temperature events seen so far. */
export function thermalEventsReason(readings: readonly ThermalReading[], filled: number): string {
  if (readings.length === 0) return `${HW_ATTACHED}, no events yet: no thermal_temperature event`;
  return `${HW_ATTACHED}: thermal_temperature events from ${readings.length} zone(s), ${filled} not readable in sysfs`;
}

/** Zones with an event that `sysfsZones` lacks, labelled by the zone's type when the event had one. */
export function eventZonesNotInSysfs(readings: readonly ThermalReading[], sysfsZones: readonly ThermalZone[] | undefined): ThermalZone[] {
  const read = new Set(sysfsZones?.map((z) => z.zone));
  return readings
    .filter((r) => !read.has(zoneName(r.zone)))
    .map((r) => ({ zone: zoneName(r.zone), type: r.type === '' ? zoneName(r.zone) : r.type, celsius: r.celsius }));
}

/** The group comes from ctx.kernel (its options give tests another object). */
export function createEbpfThermalBackend(): Backend<SensorsRaw> {
  // Kept by the sampler; read keeps its reason current (events seen or not).
  let status: ProbeResult | undefined;
  return {
    id: 'ebpf-thermal',
    usesKernel: true,
    probe(ctx: CollectorContext): ProbeResult {
      const probed = probeHwEvents(ctx);
      status = probed.available ? { available: true, reason: thermalEventsReason([], 0) } : probed;
      return status;
    },
    read(ctx: CollectorContext, prior: Partial<SensorsRaw>): Partial<SensorsRaw> {
      const readings = readThermalEvents(ctx);
      const zones = eventZonesNotInSysfs(readings, prior.thermal);
      if (status !== undefined) status.reason = thermalEventsReason(readings, zones.length);
      return zones.length === 0 ? {} : { thermalEvents: zones };
    },
  };
}
