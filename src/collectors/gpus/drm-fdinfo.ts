/**
 * The DRM fdinfo backend: per-process GPU use for any DRM driver that publishes usage stats
 * (amdgpu, i915, xe, msm, panfrost, v3d, nouveau, ...). For each process it finds the open files
 * that are DRM character devices (major 226) and parses /proc/PID/fdinfo/FD. A client shared by
 * several fds or processes (dup, fork, fd passing) has one drm-client-id and is counted once.
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

/**
 * Every DRM client of every process under `procRoot`, first holder of each client id first.
 * `devRoot` is where device nodes live ('/dev'; tests use a folder of their own).
 */
export function readDrmClients(procRoot: string, devRoot = '/dev'): DrmClient[] {
  const devPrefix = devRoot.endsWith('/') ? devRoot : `${devRoot}/`;
  const seen = new Map<string, DrmClient>();
  const pids = listDir(procRoot)
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  for (const pid of pids) {
    const fdDir = join(procRoot, String(pid), 'fd');
    for (const fd of listDir(fdDir)) {
      if (!isDrmFd(join(fdDir, fd), devPrefix)) continue;
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

export interface DrmFdinfoOptions {
  /** Where device nodes live; '/dev' unless a test supplies its own. */
  devRoot?: string;
}

export function createDrmFdinfoBackend(options: DrmFdinfoOptions = {}): Backend<GpusRaw> {
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
      return { drmClients: readDrmClients(ctx.procRoot, options.devRoot) };
    },
  };
}
