/**
 * The DRM fdinfo backend: per-process GPU use for any DRM driver that publishes usage stats
 * (amdgpu, i915, xe, msm, panfrost, v3d, nouveau, ...). For each process it finds the open files
 * that are DRM character devices (major 226) and parses /proc/PID/fdinfo/FD. A client shared by
 * several fds or processes (dup, fork, fd passing) has one drm-client-id and is counted once.
 * Finding the fds costs a readlink per open fd on the machine, so it happens every RESCAN_MS; in
 * between, only the fdinfo of the fds already found is read (a new GPU client shows up within
 * RESCAN_MS).
 * @see https://docs.kernel.org/gpu/drm-usage-stats.html
 */
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { isDeniedError, isGoneError, tryReadTextSync } from '../../util/readfile.js';
import { errorText } from '../../util/probe.js';
import { parseDrmFdinfo } from './parse.js';
import type { DrmClient, GpusRaw } from './raw.js';
import { listDrmCards, NO_DRM_CARDS } from './sysfs.js';

/** Linux's DRM character-device major (include/uapi/drm/drm.h DRM_MAJOR). */
export const DRM_MAJOR = 226;

/** Major number of a dev_t as the kernel encodes it (glibc gnu_dev_major). */
function devMajor(rdev: number): number {
  return ((rdev >>> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (err) {
    // The process exited, or its fds are not ours to see (another user, without root).
    if (isGoneError(err) || isDeniedError(err)) return [];
    throw err;
  }
}

/**
 * True when /proc/PID/fd/FD is a DRM device node. The link text is checked first: readlink never
 * touches the target, while stat would follow it, and a stat on a file of a hung network mount
 * blocks. Only links under `devRoot` are stat'ed.
 */
function isDrmFd(fdPath: string, devPrefix: string): boolean {
  let target: string;
  try {
    target = readlinkSync(fdPath);
  } catch {
    return false;
  }
  if (!target.startsWith(devPrefix)) return false;
  try {
    const st = statSync(fdPath);
    return st.isCharacterDevice() && devMajor(st.rdev) === DRM_MAJOR;
  } catch {
    return false;
  }
}

/** Per pid, the fd numbers that are open DRM devices. */
export type DrmFdMap = Map<number, string[]>;

/**
 * Find every DRM fd of every process under `procRoot`: one readlink per open fd on the machine,
 * the expensive part (45,000 fds took ~400 ms on a busy 2-core VM), so the backend does it only
 * every RESCAN_MS. `devRoot` is where device nodes live ('/dev'; tests use a folder of their own).
 */
export function findDrmFds(procRoot: string, devRoot = '/dev'): DrmFdMap {
  const devPrefix = devRoot.endsWith('/') ? devRoot : `${devRoot}/`;
  const found: DrmFdMap = new Map();
  for (const name of listDir(procRoot)) {
    if (!/^\d+$/.test(name)) continue;
    const fdDir = join(procRoot, name, 'fd');
    const fds = listDir(fdDir).filter((fd) => isDrmFd(join(fdDir, fd), devPrefix));
    if (fds.length > 0) found.set(Number(name), fds);
  }
  return found;
}

/**
 * The DRM clients behind `fds`, lowest pid first, each drm-client-id once. An fd that closed or
 * was reused for another file since it was found has no drm-* fdinfo and is skipped.
 */
export function readDrmClientsOf(procRoot: string, fds: DrmFdMap): DrmClient[] {
  const seen = new Map<string, DrmClient>();
  for (const pid of [...fds.keys()].sort((a, b) => a - b)) {
    for (const fd of fds.get(pid) ?? []) {
      const text = tryReadTextSync(join(procRoot, String(pid), 'fdinfo', fd));
      const info = text === undefined ? undefined : parseDrmFdinfo(text);
      if (info === undefined) continue;
      // Without a client id (drivers before usage stats) duplicates cannot be told apart: count per fd.
      const key = `${info.pdev ?? info.driver}/${info.clientId ?? `${pid}:${fd}`}`;
      if (seen.has(key)) continue;
      seen.set(key, { key, pid, driver: info.driver, pdev: info.pdev, engines: info.engines, memoryBytes: info.memoryBytes });
    }
  }
  return [...seen.values()];
}

/** Every DRM client on the machine now (a full scan). */
export function readDrmClients(procRoot: string, devRoot = '/dev'): DrmClient[] {
  return readDrmClientsOf(procRoot, findDrmFds(procRoot, devRoot));
}

/** How often the backend looks for new DRM fds; known ones are re-read every tick. */
export const RESCAN_MS = 5000;

export interface DrmFdinfoOptions {
  /** Where device nodes live; '/dev' unless a test supplies its own. */
  devRoot?: string;
  /** How often to look for new DRM fds (default RESCAN_MS). */
  rescanMs?: number;
}

export function createDrmFdinfoBackend(options: DrmFdinfoOptions = {}): Backend<GpusRaw> {
  const rescanMs = options.rescanMs ?? RESCAN_MS;
  let known: DrmFdMap | undefined;
  let scannedAt = 0;
  return {
    id: 'drm-fdinfo',
    probe(ctx: CollectorContext): ProbeResult {
      try {
        if (listDrmCards(ctx.sysRoot).length === 0) return { available: false, reason: NO_DRM_CARDS };
      } catch (err) {
        return { available: false, reason: `cannot list /sys/class/drm (${errorText(err)})` };
      }
      // Without root, only this user's processes' fds are readable; the reason says so.
      const scope = process.getuid?.() === 0 ? 'every process' : 'this user\u2019s processes (run as root for all)';
      return { available: true, reason: `reads /proc/PID/fdinfo of open DRM devices, ${scope}` };
    },
    read(ctx: CollectorContext): Partial<GpusRaw> {
      const now = ctx.now();
      if (known === undefined || now - scannedAt >= rescanMs) {
        known = findDrmFds(ctx.procRoot, options.devRoot);
        scannedAt = now;
      }
      return { drmClients: readDrmClientsOf(ctx.procRoot, known) };
    },
  };
}
