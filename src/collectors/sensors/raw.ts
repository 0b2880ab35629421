/**
 * What the sensor backends read each tick, one top-level field per backend: hwmon chips,
 * thermal zones (sysfs, and eBPF events for zones sysfs lacks), RAPL energy counters and batteries.
 */

export interface HwmonTemp {
  /** N of tempN_*. */
  index: number;
  label?: string;
  celsius: number;
  maxC?: number;
  critC?: number;
}

export interface HwmonFan {
  index: number;
  label?: string;
  rpm: number;
}

/** One /sys/class/hwmon/hwmonN. */
export interface HwmonChip {
  /** 'hwmon3'. */
  dir: string;
  /** The driver's chip name: coretemp, k10temp, zenpower, nct6775, amdgpu, acpitz, ... */
  name: string;
  temps: HwmonTemp[];
  fans: HwmonFan[];
}

/** One /sys/class/thermal/thermal_zoneN. */
export interface ThermalZone {
  zone: string;
  type: string;
  celsius: number;
}

/** One powercap RAPL zone (intel-rapl:N, also used by AMD's RAPL driver). */
export interface RaplDomain {
  /** 'intel-rapl:0'. */
  zone: string;
  /** 'package-0', 'psys', 'dram', ... */
  name: string;
  /** Cumulative energy in µJ; it wraps at maxEnergyRangeUj. */
  energyUj?: number;
  maxEnergyRangeUj?: number;
  /** Why energyUj is missing (energy_uj is root-only on kernels since 5.10). */
  error?: string;
}

/** One /sys/class/power_supply entry of type Battery. */
export interface BatteryRaw {
  name: string;
  percent?: number;
  status?: string;
  /** From POWER_SUPPLY_POWER_NOW, else CURRENT_NOW × VOLTAGE_NOW. */
  watts?: number;
  /** POWER_SUPPLY_ENERGY_NOW / ENERGY_FULL in µWh, to combine several batteries. */
  energyNowUwh?: number;
  energyFullUwh?: number;
}

export interface SensorsRaw {
  hwmon: HwmonChip[];
  thermal: ThermalZone[];
  /** Zones known only from thermal:thermal_temperature events (eBPF): none that sysfs read. */
  thermalEvents: ThermalZone[];
  rapl: RaplDomain[];
  batteries: BatteryRaw[];
}
