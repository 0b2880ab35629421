/** The /proc CPU backend: /proc/stat times every tick, and `cpu MHz` from /proc/cpuinfo. */
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

/** /proc/stat times and /proc/cpuinfo `cpu MHz`. */
export const cpuProcBackend: Backend<CpuRaw> = {
  id: 'proc',
  probe(ctx: CollectorContext): ProbeResult {
    return probeReadable(ctx.readBuffer, join(ctx.procRoot, 'stat'), 'procfs is not mounted at ' + ctx.procRoot);
  },
  read(ctx: CollectorContext): Partial<CpuRaw> {
    const stat = parseProcStatCpu(readTextSync(ctx.readBuffer, join(ctx.procRoot, 'stat')));
    const cpuinfo = tryReadTextSync(ctx.readBuffer, join(ctx.procRoot, 'cpuinfo'));
    return { stat, cpuinfoMHz: cpuinfo === undefined ? undefined : parseCpuinfoMHz(cpuinfo) };
  },
};
