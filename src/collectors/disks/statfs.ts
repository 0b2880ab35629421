/**
 * The statfs backend: used and free space of the real filesystems in /proc/self/mounts.
 *
 * statfs(2) on a hung NFS or FUSE mount blocks for as long as the server is away, so it never
 * runs synchronously: fs.statfs runs on a libuv pool thread, each call is raced
 * against a timeout, and a mount whose call is still outstanding is not asked again (each stuck
 * call holds one of libuv's four pool threads) but reported as `statfs timed out` until its
 * call returns. Results are cached for REFRESH_MS: space changes slowly.
 */
import { statfs as statfsCallback } from 'node:fs';
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import type { Filesystem } from '../../types/snapshot.js';
import { readTextSync, type ReadBuffer } from '../../util/readfile.js';
import { errorText, probeReadable } from '../../util/probe.js';
import { parseMounts, parseNodevFilesystems, selectRealMounts, type MountEntry } from './parse.js';
import type { DisksRaw } from './proc.js';

/** How long a statfs result is reused. */
export const REFRESH_MS = 5000;
/** How long one statfs may take before its mount is reported stuck. */
export const STATFS_TIMEOUT_MS = 1000;
/** The error a filesystem carries while its statfs call is stuck. */
export const STATFS_TIMED_OUT = 'statfs timed out';

/** The figures of statfs(2) that spaceFromStatfs reads. */
export interface StatfsFields {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
}

/** Space on one filesystem in bytes, as df(1) computes it. */
export interface SpaceUsage {
  totalBytes: number;
  usedBytes: number;
  availBytes: number;
  usedPercent?: number;
}

/**
 * Usage from statfs fields. Used is blocks − bfree; the percentage is used / (used + bavail)
 * like df, because blocks reserved for root are neither used nor available to users. Node
 * reports f_bsize; Linux fills f_frsize from it for every filesystem that leaves it unset.
 * @see https://man7.org/linux/man-pages/man2/statfs.2.html
 */
export function spaceFromStatfs(s: StatfsFields): SpaceUsage {
  const usedBytes = (s.blocks - s.bfree) * s.bsize;
  const availBytes = s.bavail * s.bsize;
  return {
    totalBytes: s.blocks * s.bsize,
    usedBytes,
    availBytes,
    usedPercent: usedBytes + availBytes > 0 ? (usedBytes / (usedBytes + availBytes)) * 100 : undefined,
  };
}

interface CacheEntry {
  /** Monotonic ms of the last answer (or of the timeout). */
  at: number;
  usage?: SpaceUsage;
  error?: string;
  /** Set while a statfs call for this mount is outstanding. */
  pending?: Promise<void>;
}

/**
 * statfs(2) on libuv's pool through fs's callback API: node:fs/promises is a module of its own
 * that Node compiles when first loaded, and this one loads before the first frame (bench/README.md,
 * "No ICU before the first frame", where the other start-up modules are).
 */
function statfs(path: string): Promise<StatfsFields> {
  return new Promise((resolve, reject) => statfsCallback(path, (err, stats) => (err === null ? resolve(stats) : reject(err))));
}

/** Per-mount statfs results with timeouts; one instance per backend. */
export class StatfsCache {
  private readonly entries = new Map<string, CacheEntry>();
  /**
   * The last answer, and until when none of its figures is due: most ticks ask for nothing new,
   * and then no promise a mount is made. Unset while a call is stuck, so that its answer shows on
   * the tick after it comes.
   */
  private last: { filesystems: Filesystem[]; freshUntil: number } | undefined;

  constructor(
    private readonly refreshMs = REFRESH_MS,
    private readonly timeoutMs = STATFS_TIMEOUT_MS,
    private readonly statfsFn: (path: string) => Promise<StatfsFields> = statfs,
  ) {}

  /** The last answer while it is fresh at `now`; undefined once a figure of it is due again. */
  cached(now: number): Filesystem[] | undefined {
    return this.last !== undefined && now < this.last.freshUntil ? this.last.filesystems : undefined;
  }

  /** Usage of every mount in `mounts`, refreshing entries older than refreshMs. */
  async lookup(mounts: MountEntry[], now: () => number): Promise<Filesystem[]> {
    const live = new Set(mounts.map((m) => m.mountpoint));
    for (const mountpoint of this.entries.keys()) if (!live.has(mountpoint)) this.entries.delete(mountpoint);
    const answers = await Promise.all(mounts.map((m) => this.entryFor(m.mountpoint, now)));
    const filesystems = mounts.map((m, i) => ({
      mountpoint: m.mountpoint,
      device: m.device,
      fstype: m.fstype,
      ...answers[i].usage,
      error: answers[i].error,
    }));
    const stuck = answers.some((a) => a.error === STATFS_TIMED_OUT);
    // With no mount to ask, the table itself is due again a period on (a mount made later shows).
    const oldest = answers.length === 0 ? now() : Math.min(...answers.map((a) => a.at));
    this.last = stuck ? undefined : { filesystems, freshUntil: oldest + this.refreshMs };
    return filesystems;
  }

  private async entryFor(mountpoint: string, now: () => number): Promise<CacheEntry> {
    const cached = this.entries.get(mountpoint);
    if (cached?.pending) return { at: cached.at, error: STATFS_TIMED_OUT };
    if (cached && now() - cached.at < this.refreshMs) return cached;

    const entry: CacheEntry = { at: now() };
    this.entries.set(mountpoint, entry);
    const call = this.statfsFn(mountpoint).then(
      (s) => {
        entry.usage = spaceFromStatfs(s);
        entry.error = undefined;
      },
      (err: unknown) => {
        entry.usage = undefined;
        entry.error = errorText(err);
      },
    );
    entry.pending = call.finally(() => {
      entry.pending = undefined;
      entry.at = now();
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      entry.pending.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return timedOut ? { at: entry.at, error: STATFS_TIMED_OUT } : entry;
  }
}

/** The real filesystems mounted now, from `procRoot`/self/mounts and /proc/filesystems. */
export function readRealMounts(buffer: ReadBuffer, procRoot: string): MountEntry[] {
  const mounts = parseMounts(readTextSync(buffer, join(procRoot, 'self/mounts')));
  // Without /proc/filesystems every pseudo filesystem would pass as real: fail loudly instead.
  const nodev = parseNodevFilesystems(readTextSync(buffer, join(procRoot, 'filesystems')));
  return selectRealMounts(mounts, nodev);
}

/**
 * A statfs backend with its own cache (one per sampler). The mount table is read when the space
 * is asked for again (every REFRESH_MS, each tick while a call is stuck), just before: a mount
 * made or gone shows within that time, and no statfs goes to a mount point the table read just
 * before does not hold. Reading it has the kernel walk every mount and write out its paths,
 * which was most of this backend's cost a tick (bench/README.md).
 */
export function createStatfsBackend(cache = new StatfsCache()): Backend<DisksRaw> {
  return {
    id: 'statfs',
    // Every mount is bounded by STATFS_TIMEOUT_MS and they run in parallel; this bounds the rest.
    timeoutMs: STATFS_TIMEOUT_MS * 3,
    probe(ctx: CollectorContext): ProbeResult {
      return probeReadable(ctx.readBuffer, join(ctx.procRoot, 'self/mounts'), 'cannot read the mount table');
    },
    read(ctx: CollectorContext): Partial<DisksRaw> | Promise<Partial<DisksRaw>> {
      const cached = cache.cached(ctx.now());
      if (cached !== undefined) return { filesystems: cached };
      return cache.lookup(readRealMounts(ctx.readBuffer, ctx.procRoot), () => ctx.now()).then((filesystems) => ({ filesystems }));
    },
  };
}
