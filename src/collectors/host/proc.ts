/**
 * The host backend: facts that can change while running (hostname, uptime, CPUs online), read
 * from /proc/sys/kernel, /proc/uptime and /sys/devices/system/cpu/online each tick.
 */
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { probeReadable } from '../../util/probe.js';
import { sanitizeText } from '../../util/sanitize.js';
import { parseCpuList, parseUptime } from './parse.js';

/** What the host backend reads each tick. */
export interface HostRaw {
  hostname: string;
  kernel: string;
  uptimeSeconds: number;
  cpuCount: number;
}

/**
 * Hostname as the kernel holds it (uname nodename), from /proc/sys/kernel/hostname, made safe
 * for a terminal: root can set any bytes, escapes included.
 */
export function readHostname(buffer: ReadBuffer, procRoot: string): string | undefined {
  const name = tryReadTextSync(buffer, join(procRoot, 'sys/kernel/hostname'))?.trim();
  return name === undefined ? undefined : sanitizeText(name);
}

/** Kernel release (uname -r), from /proc/sys/kernel/osrelease. */
export function readKernelRelease(buffer: ReadBuffer, procRoot: string): string | undefined {
  return tryReadTextSync(buffer, join(procRoot, 'sys/kernel/osrelease'))?.trim();
}

/** Seconds since boot from /proc/uptime. */
export function readUptimeSeconds(buffer: ReadBuffer, procRoot: string): number | undefined {
  const text = tryReadTextSync(buffer, join(procRoot, 'uptime'));
  return text === undefined ? undefined : parseUptime(text)?.uptimeSeconds;
}

/**
 * Logical CPUs online, from /sys/devices/system/cpu/online; where sysfs lacks it, the count of
 * `cpuN` lines in /proc/stat (which lists online CPUs only).
 */
export function readOnlineCpuCount(buffer: ReadBuffer, procRoot: string, sysRoot: string): number | undefined {
  const online = tryReadTextSync(buffer, join(sysRoot, 'devices/system/cpu/online'));
  if (online !== undefined) return parseCpuList(online).length;
  const stat = tryReadTextSync(buffer, join(procRoot, 'stat'));
  if (stat === undefined) return undefined;
  const count = stat.match(/^cpu\d+\s/gm)?.length ?? 0;
  return count > 0 ? count : undefined;
}

/** Host facts from /proc/sys/kernel, /proc/uptime and /sys/devices/system/cpu/online. */
export const hostProcBackend: Backend<HostRaw> = {
  id: 'proc',
  probe(ctx: CollectorContext): ProbeResult {
    return probeReadable(ctx.readBuffer, join(ctx.procRoot, 'uptime'), 'procfs is not mounted at ' + ctx.procRoot);
  },
  read(ctx: CollectorContext): Partial<HostRaw> {
    return {
      hostname: readHostname(ctx.readBuffer, ctx.procRoot),
      kernel: readKernelRelease(ctx.readBuffer, ctx.procRoot),
      uptimeSeconds: readUptimeSeconds(ctx.readBuffer, ctx.procRoot),
      cpuCount: readOnlineCpuCount(ctx.readBuffer, ctx.procRoot, ctx.sysRoot),
    };
  },
};
