/**
 * The RAPL backend: CPU package energy counters from the powercap framework
 * (/sys/class/powercap/intel-rapl:N, which AMD's RAPL driver also uses). derive turns the
 * counters into watts over the measured gap, handling wrap-around at max_energy_range_uj.
 * energy_uj is readable by root only since Linux 5.10 (CVE-2020-8694).
 * @see https://docs.kernel.org/power/powercap/powercap.html
 */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { listDirOrEmpty, readTextSync, tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { errorText, probeListing } from '../../util/probe.js';
import { parseSysfsInt } from '../gpus/parse.js';
import type { RaplDomain, SensorsRaw } from './raw.js';

export const NO_RAPL = 'no RAPL (powercap) domains';

/**
 * Top-level RAPL zones (packages, psys); subzones (core, uncore, dram) are parts of a package,
 * and intel-rapl-mmio:N zones report the same package again through MMIO, so both are skipped.
 */
export function readRapl(buffer: ReadBuffer, sysRoot: string): RaplDomain[] {
  const base = join(sysRoot, 'class/powercap');
  const zones = listDirOrEmpty(base)
    .filter((d) => /^intel-rapl:\d+$/.test(d))
    .sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1]));
  const out: RaplDomain[] = [];
  for (const zone of zones) {
    const dir = join(base, zone);
    const name = tryReadTextSync(buffer, join(dir, 'name'))?.trim();
    if (name === undefined) continue;
    const domain: RaplDomain = { zone, name, maxEnergyRangeUj: parseSysfsInt(tryReadTextSync(buffer, join(dir, 'max_energy_range_uj'))) };
    try {
      domain.energyUj = parseSysfsInt(readTextSync(buffer, join(dir, 'energy_uj')));
    } catch (err) {
      domain.error = errorText(err);
    }
    out.push(domain);
  }
  return out;
}

export const raplBackend: Backend<SensorsRaw> = {
  id: 'rapl',
  probe(ctx: CollectorContext): ProbeResult {
    return probeListing(
      '/sys/class/powercap',
      () => readRapl(ctx.readBuffer, ctx.sysRoot),
      (domains) => `${domains.map((d) => d.name).join(', ')} energy_uj`,
      { reason: NO_RAPL, remedy: 'needs an Intel or AMD CPU with the intel_rapl_msr driver; virtual machines have none' },
      (domains) => {
        const unreadable = domains.find((d) => d.energyUj === undefined);
        if (unreadable === undefined) return undefined;
        return {
          available: false,
          reason: `RAPL energy_uj unreadable (${unreadable.error ?? 'not a number'})`,
          remedy: 'energy_uj is readable by root only: run as root',
        };
      },
    );
  },
  read(ctx: CollectorContext): Partial<SensorsRaw> {
    return { rapl: readRapl(ctx.readBuffer, ctx.sysRoot) };
  },
};
