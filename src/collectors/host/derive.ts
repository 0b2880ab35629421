/** Host facts for the snapshot: the start-up facts, updated with what was read this tick. */
import type { CollectorContext, Timed } from '../contract.js';
import type { HostInfo } from '../../types/snapshot.js';
import type { HostRaw } from './proc.js';

/** The start-up HostInfo with this tick's hostname, kernel, uptime and online CPU count. */
export function deriveHost(_prev: Timed<HostRaw> | undefined, cur: Timed<HostRaw>, ctx: CollectorContext): HostInfo {
  const raw = cur.raw;
  return {
    ...ctx.host,
    hostname: raw.hostname ?? ctx.host.hostname,
    kernel: raw.kernel ?? ctx.host.kernel,
    cpuCount: raw.cpuCount ?? ctx.host.cpuCount,
    uptimeSeconds: raw.uptimeSeconds,
  };
}
