/**
 * The battery backend: /sys/class/power_supply/<name>/uevent of every supply of type Battery
 * (BAT0, BAT1, CMB0, ...), one file read per battery.
 * @see https://docs.kernel.org/power/power_supply_class.html
 */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { listDirOrEmpty, tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { probeListing } from '../../util/probe.js';
import { parseBatteryUevent } from './parse.js';
import type { BatteryRaw, SensorsRaw } from './raw.js';

export function readBatteries(buffer: ReadBuffer, sysRoot: string): BatteryRaw[] {
  const base = join(sysRoot, 'class/power_supply');
  const out: BatteryRaw[] = [];
  for (const name of listDirOrEmpty(base).sort()) {
    let text: string | undefined;
    try {
      text = tryReadTextSync(buffer, join(base, name, 'uevent'));
    } catch {
      // A supply whose firmware fails the read (EIO, ENODEV during removal) is skipped this tick.
      continue;
    }
    const battery = text === undefined ? undefined : parseBatteryUevent(name, text);
    if (battery !== undefined) out.push(battery);
  }
  return out;
}

export const batteryBackend: Backend<SensorsRaw> = {
  id: 'battery',
  probe(ctx: CollectorContext): ProbeResult {
    return probeListing(
      '/sys/class/power_supply',
      () => readBatteries(ctx.readBuffer, ctx.sysRoot),
      (batteries) => batteries.map((b) => b.name).join(', '),
      { reason: 'no battery' },
    );
  },
  read(ctx: CollectorContext): Partial<SensorsRaw> {
    return { batteries: readBatteries(ctx.readBuffer, ctx.sysRoot) };
  },
};
