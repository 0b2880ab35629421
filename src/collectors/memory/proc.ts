/** The /proc memory backend: /proc/meminfo, /proc/vmstat, /proc/loadavg and /proc/uptime each tick. */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { readTextSync, tryReadTextSync } from '../../util/readfile.js';
import { probeReadable } from '../../util/probe.js';
import { readUptimeSeconds } from '../host/proc.js';
import { parseLoadavg, parseMeminfo, parseVmstat, type LoadAverage, type VmstatCounters } from './parse.js';

/** What the memory backend reads each tick. */
export interface MemoryRaw {
  /** /proc/meminfo, key → bytes (see parseMeminfo). */
  meminfo: Record<string, number>;
  /** Swap and major-fault counters from /proc/vmstat. */
  vmstat: VmstatCounters;
  loadavg: LoadAverage;
  uptimeSeconds: number;
}

/** /proc/meminfo (required), /proc/vmstat, /proc/loadavg and /proc/uptime (each undefined when unreadable). */
export const memoryProcBackend: Backend<MemoryRaw> = {
  id: 'proc',
  probe(ctx: CollectorContext): ProbeResult {
    return probeReadable(ctx.readBuffer, join(ctx.procRoot, 'meminfo'), 'procfs is not mounted at ' + ctx.procRoot);
  },
  read(ctx: CollectorContext): Partial<MemoryRaw> {
    const meminfo = parseMeminfo(readTextSync(ctx.readBuffer, join(ctx.procRoot, 'meminfo')));
    const loadavg = tryReadTextSync(ctx.readBuffer, join(ctx.procRoot, 'loadavg'));
    const vmstat = tryReadTextSync(ctx.readBuffer, join(ctx.procRoot, 'vmstat'));
    return {
      meminfo,
      vmstat: vmstat === undefined ? undefined : parseVmstat(vmstat),
      loadavg: loadavg === undefined ? undefined : parseLoadavg(loadavg),
      uptimeSeconds: readUptimeSeconds(ctx.readBuffer, ctx.procRoot),
    };
  },
};
