/**
 * Sensors derive: hwmon chips, thermal zones (sysfs and eBPF events), RAPL counters and batteries → SensorsPanel.
 * CPU package temperature comes from the CPU's own sensor driver (coretemp "Package id N",
 * k10temp/zenpower "Tdie", else "Tctl"), else the x86_pkg_temp thermal zone; never from a
 * guess. Package watts are RAPL energy over the measured gap.
 */
import type { Timed } from '../contract.js';
import type { SensorReading, SensorsPanel } from '../../types/snapshot.js';
import { gapSeconds } from '../../util/rate.js';
import { raplDeltaUj } from './parse.js';
import type { BatteryRaw, HwmonChip, RaplDomain, SensorsRaw, ThermalZone } from './raw.js';

const AMD_CPU_CHIPS = new Set(['k10temp', 'zenpower']);

function maxOf(values: number[]): number | undefined {
  return values.length === 0 ? undefined : Math.max(...values);
}

export function cpuPackageCelsius(chips: HwmonChip[], zones: ThermalZone[]): number | undefined {
  const coretemp = chips.filter((c) => c.name === 'coretemp').flatMap((c) => c.temps.filter((t) => t.label?.startsWith('Package id')).map((t) => t.celsius));
  if (coretemp.length > 0) return maxOf(coretemp);
  for (const label of ['Tdie', 'Tctl']) {
    const amd = chips.filter((c) => AMD_CPU_CHIPS.has(c.name)).flatMap((c) => c.temps.filter((t) => t.label === label).map((t) => t.celsius));
    if (amd.length > 0) return maxOf(amd);
  }
  return maxOf(zones.filter((z) => z.type === 'x86_pkg_temp').map((z) => z.celsius));
}

function temperatures(chips: HwmonChip[], zones: ThermalZone[], eventZones: ThermalZone[]): SensorReading[] {
  const out: SensorReading[] = [];
  for (const chip of chips) {
    for (const t of chip.temps) {
      out.push({ label: `${chip.name} ${t.label ?? `temp${t.index}`}`, value: t.celsius, highC: t.maxC, critC: t.critC, source: `hwmon:${chip.dir}` });
    }
  }
  // A zone whose driver also registers a hwmon chip of the same name (acpitz) is already listed.
  const chipNames = new Set(chips.map((c) => c.name));
  for (const z of zones) {
    if (!chipNames.has(z.type)) out.push({ label: z.type, value: z.celsius, source: `thermal:${z.zone}` });
  }
  for (const z of eventZones) {
    if (!chipNames.has(z.type)) out.push({ label: z.type, value: z.celsius, source: `ebpf-thermal:${z.zone}` });
  }
  return out;
}

/** Sum of package-N domains' power over the gap; undefined unless every package has a rate. */
function packageWatts(prev: RaplDomain[] | undefined, cur: RaplDomain[], seconds: number | undefined): number | undefined {
  if (prev === undefined || seconds === undefined) return undefined;
  const packages = cur.filter((d) => /^package-\d+$/.test(d.name));
  if (packages.length === 0) return undefined;
  let total = 0;
  for (const d of packages) {
    const before = prev.find((p) => p.zone === d.zone);
    const delta = raplDeltaUj(before?.energyUj, d.energyUj, d.maxEnergyRangeUj);
    if (delta === undefined) return undefined;
    total += delta;
  }
  return total / 1e6 / seconds;
}

/**
 * Several batteries (ThinkPads have two) as one: charge from the summed energy when every
 * battery reports it, watts summed, and discharging/charging if any battery is.
 */
export function combineBatteries(batteries: BatteryRaw[]): SensorsPanel['battery'] {
  if (batteries.length === 0) return undefined;
  if (batteries.length === 1) {
    const [b] = batteries;
    return { percent: b.percent, status: b.status, watts: b.watts };
  }
  const energies = batteries.every((b) => b.energyNowUwh !== undefined && b.energyFullUwh !== undefined && b.energyFullUwh > 0);
  const full = batteries.reduce((a, b) => a + (b.energyFullUwh ?? 0), 0);
  const now = batteries.reduce((a, b) => a + (b.energyNowUwh ?? 0), 0);
  const watts = batteries.filter((b) => b.watts !== undefined);
  const statuses = batteries.map((b) => b.status);
  return {
    percent: energies ? (now / full) * 100 : undefined,
    status: ['Discharging', 'Charging'].find((s) => statuses.includes(s)) ?? statuses[0],
    watts: watts.length === 0 ? undefined : watts.reduce((a, b) => a + (b.watts ?? 0), 0),
  };
}

export function deriveSensors(prev: Timed<SensorsRaw> | undefined, cur: Timed<SensorsRaw>): SensorsPanel {
  const chips = cur.raw.hwmon ?? [];
  const zones = cur.raw.thermal ?? [];
  const eventZones = cur.raw.thermalEvents ?? [];
  return {
    cpuPackageC: cpuPackageCelsius(chips, [...zones, ...eventZones]),
    temperatures: temperatures(chips, zones, eventZones),
    fans: chips.flatMap((c) => c.fans.map((f) => ({ label: `${c.name} ${f.label ?? `fan${f.index}`}`, rpm: f.rpm, source: `hwmon:${c.dir}` }))),
    cpuPackageWatts: cur.raw.rapl === undefined ? undefined : packageWatts(prev?.raw.rapl, cur.raw.rapl, gapSeconds(prev, cur)),
    battery: combineBatteries(cur.raw.batteries ?? []),
  };
}
