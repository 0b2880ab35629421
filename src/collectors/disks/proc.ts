/**
 * The /proc disk backend: /proc/diskstats for whole disks. A device is a whole disk when
 * /sys/block/<name> exists (partitions live under their disk there); a device that has never
 * completed an I/O since boot (unused loop devices, an idle zram) is left out.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import type { Filesystem } from '../../types/snapshot.js';
import { readTextSync } from '../../util/readfile.js';
import { errorText, probeReadable } from '../../util/probe.js';
import { parseDiskstats, type DiskCounters } from './parse.js';

/** Raw disk counters (proc backend) and filesystem space (statfs backend). */
export interface DisksRaw {
  devices: DiskCounters[];
  /** From the statfs backend (statfs.ts). */
  filesystems: Filesystem[];
}

/** Whole-disk names as diskstats spells them (sysfs writes '/' in a name as '!'). */
export function readWholeDiskNames(sysRoot: string): Set<string> {
  return new Set(readdirSync(join(sysRoot, 'block')).map((entry) => entry.replaceAll('!', '/')));
}

/** Whole disks that have done any I/O since boot. */
export function selectWholeDisks(devices: DiskCounters[], wholeDisks: Set<string>): DiskCounters[] {
  return devices.filter((d) => wholeDisks.has(d.name) && d.readsCompleted + d.writesCompleted + (d.discardsCompleted ?? 0) > 0);
}

/** Whole-disk counters from /proc/diskstats. */
export const diskstatsProcBackend: Backend<DisksRaw> = {
  id: 'proc',
  probe(ctx: CollectorContext): ProbeResult {
    const diskstats = probeReadable(ctx.readBuffer, join(ctx.procRoot, 'diskstats'), 'no /proc/diskstats (kernel without block layer statistics)');
    if (!diskstats.available) return diskstats;
    try {
      readWholeDiskNames(ctx.sysRoot);
      return { available: true, reason: `reads ${ctx.procRoot}/diskstats, whole disks from ${ctx.sysRoot}/block` };
    } catch (err) {
      return {
        available: false,
        reason: `cannot list ${ctx.sysRoot}/block to tell whole disks from partitions (${errorText(err)})`,
        remedy: 'mount sysfs at /sys (in a container: give it a read-only /sys)',
      };
    }
  },
  read(ctx: CollectorContext): Partial<DisksRaw> {
    const devices = parseDiskstats(readTextSync(ctx.readBuffer, join(ctx.procRoot, 'diskstats')));
    return { devices: selectWholeDisks(devices, readWholeDiskNames(ctx.sysRoot)) };
  },
};
