/** The /proc memory backend: /proc/meminfo, /proc/loadavg and /proc/uptime each tick. */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { readTextSync, tryReadTextSync } from '../../util/readfile.js';
import { probeReadable } from '../../util/probe.js';
import { parseUptime } from '../host/parse.js';
import { parseLoadavg, parseMeminfo, type LoadAverage } from './parse.js';

export interface MemoryRaw {
  /** /proc/meminfo, key → bytes (see parseMeminfo). */
  meminfo: Record<string, number>;
  loadavg: LoadAverage;
  uptimeSeconds: number;
}

export const memoryProcBackend: Backend<MemoryRaw> = {
  id: 'proc',
  probe(ctx: CollectorContext): ProbeResult {
    return probeReadable(join(ctx.procRoot, 'meminfo'), 'procfs is not mounted at ' + ctx.procRoot);
  },
  read(ctx: CollectorContext): Partial<MemoryRaw> {
    const meminfo = parseMeminfo(readTextSync(join(ctx.procRoot, 'meminfo')));
    const loadavg = tryReadTextSync(join(ctx.procRoot, 'loadavg'));
    const uptime = tryReadTextSync(join(ctx.procRoot, 'uptime'));
    return {
      meminfo,
      loadavg: loadavg === undefined ? undefined : parseLoadavg(loadavg),
      uptimeSeconds: uptime === undefined ? undefined : parseUptime(uptime)?.uptimeSeconds,
    };
  },
};
