/**
 * The DRM fdinfo backend: per-process GPU use for any DRM driver that publishes usage stats
 * (amdgpu, i915, xe, msm, panfrost, v3d, nouveau, ...). For each process it finds the open files
 * that are DRM character devices (major 226) and parses /proc/PID/fdinfo/FD. A client shared by
 * several fds or processes (dup, fork, fd passing) has one drm-client-id and is counted once.
 *
 * Finding the fds costs a readlink per open fd on the machine, far too long for one synchronous
 * read where thousands of processes hold open files (bench/README.md, 'DRM fd search spread over
 * reads'). So the search is incremental (DrmFdScanner): each read spends at most SCAN_BUDGET_MS
 * on it, processes that appeared since the last read first, then a round-robin over the rest;
 * the fdinfo of the DRM fds already found is re-read every time. A new GPU process shows up on
 * the next read; an old process that opens the GPU later, when the round-robin reaches it.
 * @see https://docs.kernel.org/gpu/drm-usage-stats.html
 */
import { readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { listDirOrEmpty, tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
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

/** The DRM fds of one process ([] when it has none, exited, or is not ours to see). */
function drmFdsOf(procRoot: string, pid: number, devPrefix: string): string[] {
  const fdDir = join(procRoot, String(pid), 'fd');
  return listDirOrEmpty(fdDir).filter((fd) => isDrmFd(join(fdDir, fd), devPrefix));
}

/** Time spent looking for DRM fds per read, at most (at least one process is looked at). */
export const SCAN_BUDGET_MS = 20;

/**
 * Finds the DRM fds of every process, a time-bounded slice per call (see the file header).
 * `devRoot` is where device nodes live ('/dev'; tests use a folder of their own).
 */
export class DrmFdScanner {
  private readonly devPrefix: string;
  private readonly known: DrmFdMap = new Map();
  private present = new Set<number>();
  /** Processes that appeared since the last call: looked at before the round-robin. */
  private fresh: number[] = [];
  /** The current round-robin over all processes, and how far it got. */
  private round: number[] = [];
  private next = 0;

  constructor(
    private readonly procRoot: string,
    devRoot = '/dev',
    private readonly budgetMs = SCAN_BUDGET_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.devPrefix = devRoot.endsWith('/') ? devRoot : `${devRoot}/`;
  }

  /** Advance the search by one budget; the DRM fds known so far. */
  step(): DrmFdMap {
    const started = this.now();
    const pids = listDirOrEmpty(this.procRoot)
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
    const present = new Set(pids);
    // The first listing goes to the round-robin; later arrivals jump the queue.
    if (this.present.size > 0) for (const pid of pids) if (!this.present.has(pid)) this.fresh.push(pid);
    for (const pid of this.known.keys()) if (!present.has(pid)) this.known.delete(pid);
    this.present = present;
    let looked = 0;
    while (looked === 0 || this.now() - started < this.budgetMs) {
      const pid = this.take(looked === 0);
      if (pid === undefined) break;
      if (!present.has(pid)) continue;
      looked++;
      const fds = drmFdsOf(this.procRoot, pid, this.devPrefix);
      if (fds.length > 0) this.known.set(pid, fds);
      else this.known.delete(pid);
    }
    return this.known;
  }

  /**
   * The next process to look at: fresh ones first, then the round-robin (newest first). A call
   * that finishes a round stops there; the next round starts with the next call (or at once, when
   * this call has looked at nothing yet).
   */
  private take(mayRestart: boolean): number | undefined {
    const fresh = this.fresh.pop();
    if (fresh !== undefined) return fresh;
    if (this.next >= this.round.length) {
      if (!mayRestart && this.round.length > 0) return undefined;
      this.round = [...this.present].sort((a, b) => b - a);
      this.next = 0;
    }
    return this.round[this.next++];
  }
}

/**
 * The DRM clients behind `fds`, lowest pid first, each drm-client-id once. An fd that closed or
 * was reused for another file since it was found has no drm-* fdinfo and is skipped.
 */
export function readDrmClientsOf(buffer: ReadBuffer, procRoot: string, fds: DrmFdMap): DrmClient[] {
  const seen = new Map<string, DrmClient>();
  for (const pid of [...fds.keys()].sort((a, b) => a - b)) {
    for (const fd of fds.get(pid) ?? []) {
      const text = tryReadTextSync(buffer, join(procRoot, String(pid), 'fdinfo', fd));
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
  /** Time per read spent looking for DRM fds (default SCAN_BUDGET_MS). */
  scanBudgetMs?: number;
}

export function createDrmFdinfoBackend(options: DrmFdinfoOptions = {}): Backend<GpusRaw> {
  let scanner: DrmFdScanner | undefined;
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
      scanner ??= new DrmFdScanner(ctx.procRoot, options.devRoot, options.scanBudgetMs, () => ctx.now());
      return { drmClients: readDrmClientsOf(ctx.readBuffer, ctx.procRoot, scanner.step()) };
    },
  };
}
