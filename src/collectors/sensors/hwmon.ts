/**
 * The hwmon backend: temperatures and fans of every /sys/class/hwmon/hwmonN (coretemp, k10temp,
 * zenpower, Super I/O chips, GPUs, NVMe, ...). Older drivers keep their attributes in the
 * hwmonN/device folder instead; both are read.
 * @see https://docs.kernel.org/hwmon/sysfs-interface.html
 */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { listDirOrEmpty, tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { probeListing } from '../../util/probe.js';
import { HWMON_ATTRIBUTE, parseHwmonChip } from './parse.js';
import type { HwmonChip, SensorsRaw } from './raw.js';

export const NO_HWMON = 'no hwmon sensors';

function readChip(buffer: ReadBuffer, sysRoot: string, dir: string): HwmonChip | undefined {
  const base = join(sysRoot, 'class/hwmon', dir);
  for (const folder of [base, join(base, 'device')]) {
    const name = tryReadTextSync(buffer, join(folder, 'name'))?.trim();
    if (name === undefined) continue;
    const files: Record<string, string> = {};
    for (const file of listDirOrEmpty(folder)) {
      if (!HWMON_ATTRIBUTE.test(file)) continue;
      // A sensor the chip cannot read right now answers with an error (EIO, ENODATA): skip it.
      try {
        const text = tryReadTextSync(buffer, join(folder, file));
        if (text !== undefined) files[file] = text;
      } catch {
        continue;
      }
    }
    return parseHwmonChip(dir, name, files);
  }
  return undefined;
}

export function readHwmon(buffer: ReadBuffer, sysRoot: string): HwmonChip[] {
  return listDirOrEmpty(join(sysRoot, 'class/hwmon'))
    .filter((d) => /^hwmon\d+$/.test(d))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((d) => readChip(buffer, sysRoot, d))
    .filter((c): c is HwmonChip => c !== undefined && (c.temps.length > 0 || c.fans.length > 0));
}

export const hwmonBackend: Backend<SensorsRaw> = {
  id: 'hwmon',
  probe(ctx: CollectorContext): ProbeResult {
    return probeListing(
      '/sys/class/hwmon',
      () => readHwmon(ctx.readBuffer, ctx.sysRoot),
      (chips) => chips.map((c) => c.name).join(', '),
      { reason: NO_HWMON, remedy: 'load the sensor driver for this board (e.g. coretemp, k10temp); virtual machines have none' },
    );
  },
  read(ctx: CollectorContext): Partial<SensorsRaw> {
    return { hwmon: readHwmon(ctx.readBuffer, ctx.sysRoot) };
  },
};
