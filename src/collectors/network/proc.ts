/**
 * The /proc network backend: /proc/net/dev of the sampler's network namespace, and which of its
 * interfaces are virtual (veth, bridges, tunnels, lo: the ones under /sys/devices/virtual/net,
 * which the kernel puts there for every interface without a parent device).
 */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { readTextSync, unlessGoneOrDenied } from '../../util/readfile.js';
import { readdirSync } from 'node:fs';
import { probeReadable } from '../../util/probe.js';
import { parseNetDev, type NetCounters } from './parse.js';

/** What the network backend reads each tick. */
export interface NetworkRaw {
  interfaces: NetCounters[];
  /** Names of the virtual interfaces; undefined where /sys could not tell. */
  virtual?: string[];
}

/** /proc/net/dev. */
export const netDevProcBackend: Backend<NetworkRaw> = {
  id: 'proc',
  probe(ctx: CollectorContext): ProbeResult {
    return probeReadable(ctx.readBuffer, join(ctx.procRoot, 'net/dev'), 'no /proc/net/dev (kernel without networking?)');
  },
  read(ctx: CollectorContext): Partial<NetworkRaw> {
    return {
      interfaces: parseNetDev(readTextSync(ctx.readBuffer, join(ctx.procRoot, 'net/dev'))),
      virtual: unlessGoneOrDenied(() => readdirSync(join(ctx.sysRoot, 'devices/virtual/net'))),
    };
  },
};
