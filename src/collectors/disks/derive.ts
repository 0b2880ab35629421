/** The disks panel: per-device rates from diskstats counters, and filesystem space. */
import type { CollectorContext, Timed } from '../contract.js';
import type { DiskDevice, DisksPanel, Filesystem } from '../../types/snapshot.js';
import { counterRate, gapSeconds } from '../../util/rate.js';
import { sanitizeText } from '../../util/sanitize.js';
import { DISKSTATS_SECTOR_BYTES, type DiskCounters } from './parse.js';
import type { DisksRaw } from './proc.js';

function scaled(n: number | undefined, factor: number): number | undefined {
  return n === undefined ? undefined : n * factor;
}

/**
 * Rates for one device, and its cumulative counters at this read. Busy % is the io_ticks delta over the measured gap; it is capped at 100
 * because io_ticks is sampled at I/O start and end, so it can run a little ahead of wall time
 * (iostat caps %util the same way).
 * @see https://docs.kernel.org/admin-guide/iostats.html
 */
export function deviceRates(prev: DiskCounters | undefined, cur: DiskCounters, seconds: number | undefined): DiskDevice {
  const ioMsPerSec = counterRate(prev?.ioTicksMs, cur.ioTicksMs, seconds);
  return {
    name: sanitizeText(cur.name),
    readBytesPerSec: scaled(counterRate(prev?.sectorsRead, cur.sectorsRead, seconds), DISKSTATS_SECTOR_BYTES),
    writeBytesPerSec: scaled(counterRate(prev?.sectorsWritten, cur.sectorsWritten, seconds), DISKSTATS_SECTOR_BYTES),
    readIops: counterRate(prev?.readsCompleted, cur.readsCompleted, seconds),
    writeIops: counterRate(prev?.writesCompleted, cur.writesCompleted, seconds),
    busyPercent: ioMsPerSec === undefined ? undefined : Math.min(100, ioMsPerSec / 10),
    readBytesTotal: cur.sectorsRead * DISKSTATS_SECTOR_BYTES,
    writtenBytesTotal: cur.sectorsWritten * DISKSTATS_SECTOR_BYTES,
    readsCompletedTotal: cur.readsCompleted,
    writesCompletedTotal: cur.writesCompleted,
    ioTimeSecondsTotal: cur.ioTicksMs / 1000,
  };
}

function safeFilesystem(fs: Filesystem): Filesystem {
  return { ...fs, mountpoint: sanitizeText(fs.mountpoint), device: sanitizeText(fs.device), fstype: sanitizeText(fs.fstype) };
}

/** DisksPanel from two reads; with no previous read every rate is undefined. */
export function deriveDisks(prev: Timed<DisksRaw> | undefined, cur: Timed<DisksRaw>, _ctx: CollectorContext): DisksPanel {
  const seconds = gapSeconds(prev, cur);
  // Keyed by major:minor as well as name, so a re-created device does not inherit old counters.
  const before = new Map(prev?.raw.devices?.map((d) => [`${d.major}:${d.minor}:${d.name}`, d]));
  return {
    devices: (cur.raw.devices ?? []).map((d) => deviceRates(before.get(`${d.major}:${d.minor}:${d.name}`), d, seconds)),
    filesystems: (cur.raw.filesystems ?? []).map(safeFilesystem),
  };
}
