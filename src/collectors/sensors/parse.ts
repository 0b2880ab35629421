/**
 * Pure parsers for hwmon, thermal, powercap and power_supply sysfs text. Readers pass contents.
 * @see https://docs.kernel.org/hwmon/sysfs-interface.html
 * @see https://docs.kernel.org/power/power_supply_class.html
 */
import type { BatteryRaw, HwmonChip } from './raw.js';
import { parseSysfsInt } from '../gpus/parse.js';

/** Millidegrees Celsius text → °C. */
export function parseMilliCelsius(text: string | undefined): number | undefined {
  const milli = parseSysfsInt(text);
  return milli === undefined ? undefined : milli / 1000;
}

/** hwmon attribute file names this module reads. */
export const HWMON_ATTRIBUTE = /^(temp|fan)(\d+)_(input|label|max|crit)$/;

/**
 * One hwmon chip from its attribute files (file name → contents). A sensor without a readable
 * _input (absent, or the driver answered with an error) is left out.
 */
export function parseHwmonChip(dir: string, name: string, files: Record<string, string>): HwmonChip {
  const chip: HwmonChip = { dir, name, temps: [], fans: [] };
  const indexes = { temp: new Set<number>(), fan: new Set<number>() };
  for (const file of Object.keys(files)) {
    const m = HWMON_ATTRIBUTE.exec(file);
    if (m !== null) indexes[m[1] as 'temp' | 'fan'].add(Number(m[2]));
  }
  const label = (kind: string, i: number): string | undefined => files[`${kind}${i}_label`]?.trim() || undefined;
  for (const i of [...indexes.temp].sort((a, b) => a - b)) {
    const celsius = parseMilliCelsius(files[`temp${i}_input`]);
    if (celsius === undefined) continue;
    chip.temps.push({
      index: i,
      label: label('temp', i),
      celsius,
      maxC: parseMilliCelsius(files[`temp${i}_max`]),
      critC: parseMilliCelsius(files[`temp${i}_crit`]),
    });
  }
  for (const i of [...indexes.fan].sort((a, b) => a - b)) {
    const rpm = parseSysfsInt(files[`fan${i}_input`]);
    // fanN_input is unsigned (sysfs-interface); a negative reading is a driver error, not a speed.
    if (rpm !== undefined && rpm >= 0) chip.fans.push({ index: i, label: label('fan', i), rpm });
  }
  return chip;
}

/**
 * A power_supply uevent (POWER_SUPPLY_* lines) as a battery, or undefined when it is not one.
 * Units: µW, µA, µV (Documentation/ABI/testing/sysfs-class-power).
 */
export function parseBatteryUevent(name: string, text: string): BatteryRaw | undefined {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^POWER_SUPPLY_([A-Z_0-9]+)=(.*)$/.exec(line);
    if (m !== null) values[m[1]] = m[2].trim();
  }
  if (values.TYPE !== 'Battery') return undefined;
  const num = (key: string): number | undefined => parseSysfsInt(values[key]);
  // CAPACITY and ENERGY_* are unsigned in the ABI; POWER_NOW and CURRENT_NOW are signed (direction).
  const unsigned = (key: string): number | undefined => {
    const n = num(key);
    return n !== undefined && n >= 0 ? n : undefined;
  };
  const powerUw = num('POWER_NOW');
  const currentUa = num('CURRENT_NOW');
  const voltageUv = num('VOLTAGE_NOW');
  let watts: number | undefined;
  if (powerUw !== undefined) watts = Math.abs(powerUw) / 1e6;
  else if (currentUa !== undefined && voltageUv !== undefined) watts = Math.abs(currentUa * voltageUv) / 1e12;
  return {
    name,
    percent: unsigned('CAPACITY'),
    status: values.STATUS,
    watts,
    energyNowUwh: unsigned('ENERGY_NOW'),
    energyFullUwh: unsigned('ENERGY_FULL'),
  };
}

/**
 * Energy consumed between two reads of a RAPL counter in µJ. The counter wraps to 0 after
 * max_energy_range_uj; one wrap per gap is assumed (at 1 s sampling that holds up to ~260 kW).
 * @see https://docs.kernel.org/power/powercap/powercap.html
 */
export function raplDeltaUj(prev: number | undefined, cur: number | undefined, maxRangeUj: number | undefined): number | undefined {
  if (prev === undefined || cur === undefined) return undefined;
  if (cur >= prev) return cur - prev;
  if (maxRangeUj === undefined) return undefined;
  // A counter read above its own range did not wrap as documented: no honest delta.
  const wrapped = cur + maxRangeUj - prev;
  return wrapped >= 0 ? wrapped : undefined;
}
