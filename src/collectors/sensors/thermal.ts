/**
 * The thermal-zone backend: /sys/class/thermal/thermal_zoneN/{type,temp} (ACPI zones,
 * x86_pkg_temp, SoC sensors on ARM boards).
 * @see https://docs.kernel.org/driver-api/thermal/sysfs-api.html
 */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { listDirOrEmpty, tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { probeListing } from '../../util/probe.js';
import { parseMilliCelsius } from './parse.js';
import type { SensorsRaw, ThermalZone } from './raw.js';

export function readThermalZones(buffer: ReadBuffer, sysRoot: string): ThermalZone[] {
  const zones: ThermalZone[] = [];
  const names = listDirOrEmpty(join(sysRoot, 'class/thermal'))
    .filter((d) => /^thermal_zone\d+$/.test(d))
    .sort((a, b) => Number(a.slice(12)) - Number(b.slice(12)));
  for (const zone of names) {
    const dir = join(sysRoot, 'class/thermal', zone);
    const type = tryReadTextSync(buffer, join(dir, 'type'))?.trim();
    let celsius: number | undefined;
    try {
      // A zone whose sensor is off answers EINVAL/ENODATA: no reading.
      celsius = parseMilliCelsius(tryReadTextSync(buffer, join(dir, 'temp')));
    } catch {
      celsius = undefined;
    }
    if (type !== undefined && celsius !== undefined) zones.push({ zone, type, celsius });
  }
  return zones;
}

export const thermalBackend: Backend<SensorsRaw> = {
  id: 'thermal',
  probe(ctx: CollectorContext): ProbeResult {
    return probeListing(
      '/sys/class/thermal',
      () => readThermalZones(ctx.readBuffer, ctx.sysRoot),
      (zones) => zones.map((z) => z.type).join(', '),
      { reason: 'no thermal zones' },
    );
  },
  read(ctx: CollectorContext): Partial<SensorsRaw> {
    return { thermal: readThermalZones(ctx.readBuffer, ctx.sysRoot) };
  },
};
