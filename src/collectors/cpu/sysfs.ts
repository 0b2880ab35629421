/**
 * The cpufreq backend: current frequency per CPU from
 * /sys/devices/system/cpu/cpuN/cpufreq/scaling_cur_freq. Virtual machines and kernels without a
 * cpufreq driver have no such files; the backend then reports itself unavailable.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { errorText } from '../../util/probe.js';
import { parseScalingCurFreq } from './parse.js';
import type { CpuRaw } from './proc.js';

/** CPU ids that have a cpuN directory under `sysRoot`/devices/system/cpu. */
function listCpuIds(sysRoot: string): number[] {
  return readdirSync(join(sysRoot, 'devices/system/cpu'))
    .filter((name) => /^cpu\d+$/.test(name))
    .map((name) => Number(name.slice(3)));
}

/** CPU id → MHz for each CPU of `ids` (default: all under `sysRoot`) that has scaling_cur_freq. */
export function readScalingMHz(buffer: ReadBuffer, sysRoot: string, ids: readonly number[] = listCpuIds(sysRoot)): Record<number, number> {
  const byCpu: Record<number, number> = {};
  for (const id of ids) {
    const text = tryReadTextSync(buffer, join(sysRoot, `devices/system/cpu/cpu${id}/cpufreq/scaling_cur_freq`));
    const mhz = text === undefined ? undefined : parseScalingCurFreq(text);
    if (mhz !== undefined) byCpu[id] = mhz;
  }
  return byCpu;
}

/** Frequency per CPU from cpufreq; unavailable (with the reason) where there is no cpufreq driver. */
export const cpuFreqSysfsBackend: Backend<CpuRaw> = {
  id: 'sysfs-cpufreq',
  probe(ctx: CollectorContext): ProbeResult {
    try {
      if (Object.keys(readScalingMHz(ctx.readBuffer, ctx.sysRoot)).length > 0) {
        return { available: true, reason: 'reads cpufreq scaling_cur_freq' };
      }
      return {
        available: false,
        reason: 'no readable cpufreq/scaling_cur_freq (virtual machine, or no cpufreq driver loaded)',
        remedy: 'frequency falls back to "cpu MHz" in /proc/cpuinfo where the CPU reports it',
      };
    } catch (err) {
      return { available: false, reason: `cannot list CPUs in sysfs (${errorText(err)})` };
    }
  },
  read(ctx: CollectorContext, prior: Partial<CpuRaw>): Partial<CpuRaw> {
    // The CPUs /proc/stat listed (online ones) that have no cpu_frequency event: derive prefers an
    // event's figure, so a core that has one needs no file read (hundreds a refresh on a big host).
    const online = prior.stat?.cores.map((core) => core.id) ?? listCpuIds(ctx.sysRoot);
    const ids = online.filter((id) => prior.eventMHz?.[id] === undefined);
    return ids.length === 0 ? {} : { scalingMHz: readScalingMHz(ctx.readBuffer, ctx.sysRoot, ids) };
  },
};
