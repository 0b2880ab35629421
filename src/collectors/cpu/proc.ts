/** The /proc CPU backends: /proc/stat times every tick, and /proc/cpuinfo `cpu MHz` if needed. */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { readTextSync, tryReadTextSync } from '../../util/readfile.js';
import { probeReadable } from '../../util/probe.js';
import { parseCpuinfoMHz, parseProcStatCpu, type CpuStat } from './parse.js';

/** Raw CPU counters and frequencies; each field comes from one backend (see `sources`). */
export interface CpuRaw {
  stat: CpuStat;
  /** CPU id → MHz from /proc/cpuinfo (x86; absent elsewhere). */
  cpuinfoMHz: Record<number, number>;
  /** CPU id → MHz from cpufreq's scaling_cur_freq, where the driver exposes it. */
  scalingMHz: Record<number, number>;
  /** CPU id → MHz of its last power:cpu_frequency event (eBPF), for CPUs that had one. */
  eventMHz: Record<number, number>;
}

/** /proc/stat times. */
export const cpuProcBackend: Backend<CpuRaw> = {
  id: 'proc',
  probe(ctx: CollectorContext): ProbeResult {
    return probeReadable(ctx.readBuffer, join(ctx.procRoot, 'stat'), 'procfs is not mounted at ' + ctx.procRoot);
  },
  read(ctx: CollectorContext): Partial<CpuRaw> {
    return { stat: parseProcStatCpu(readTextSync(ctx.readBuffer, join(ctx.procRoot, 'stat'))) };
  },
};

/** Whether every CPU /proc/stat lists has a frequency from an event or from cpufreq already. */
function frequencyKnownForAll(prior: Partial<CpuRaw>): boolean {
  const cores = prior.stat?.cores;
  return cores !== undefined && cores.every(({ id }) => prior.eventMHz?.[id] !== undefined || prior.scalingMHz?.[id] !== undefined);
}

/**
 * `cpu MHz` from /proc/cpuinfo, last in the cpu collector: read only when a CPU is left without
 * a frequency by the backends before it. The kernel writes a block of some 1.2 KB for every CPU,
 * so on a host of hundreds of cores with cpufreq, reading it every refresh made and parsed some
 * 300 KB for figures nothing showed (bench/README.md, "/proc/cpuinfo only where nothing else has
 * the frequency").
 */
export const cpuinfoBackend: Backend<CpuRaw> = {
  id: 'cpuinfo',
  probe(ctx: CollectorContext): ProbeResult {
    return probeReadable(ctx.readBuffer, join(ctx.procRoot, 'cpuinfo'), 'no /proc/cpuinfo under ' + ctx.procRoot);
  },
  read(ctx: CollectorContext, prior: Partial<CpuRaw>): Partial<CpuRaw> {
    if (frequencyKnownForAll(prior)) return {};
    const cpuinfo = tryReadTextSync(ctx.readBuffer, join(ctx.procRoot, 'cpuinfo'));
    return { cpuinfoMHz: cpuinfo === undefined ? undefined : parseCpuinfoMHz(cpuinfo) };
  },
};
