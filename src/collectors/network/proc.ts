/** The /proc network backend: /proc/net/dev of the sampler's network namespace. */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { readTextSync } from '../../util/readfile.js';
import { probeReadable } from '../../util/probe.js';
import { parseNetDev, type NetCounters } from './parse.js';

/** What the network backend reads each tick. */
export interface NetworkRaw {
  interfaces: NetCounters[];
}

/** /proc/net/dev. */
export const netDevProcBackend: Backend<NetworkRaw> = {
  id: 'proc',
  probe(ctx: CollectorContext): ProbeResult {
    return probeReadable(ctx.readBuffer, join(ctx.procRoot, 'net/dev'), 'no /proc/net/dev (kernel without networking?)');
  },
  read(ctx: CollectorContext): Partial<NetworkRaw> {
    return { interfaces: parseNetDev(readTextSync(ctx.readBuffer, join(ctx.procRoot, 'net/dev'))) };
  },
};
