/**
 * The cgroupfs backend: per-cgroup pressure (PSI) from the cgroup v2 hierarchy, which the kernel
 * keeps for every cgroup there whatever the controllers (on a hybrid host too, under
 * /sys/fs/cgroup/unified). A host with 20,000 processes may have thousands of cgroups, so the
 * walk is bounded: it reads the top-level cgroups, then only the children of cgroups that stalled
 * on memory or I/O (PSI is hierarchical: a cgroup stalls whenever one below it does, so a branch
 * that did not stall holds no victim), the most stalled branches first, at most MAX_CGROUPS a
 * read. The pids of the most stalled cgroups are read from cgroup.procs, for the verdict's
 * victims (src/verdict/culprits.ts). The root is not read: its pressure is the host's
 * (/proc/pressure, the pressure collector).
 * @see https://docs.kernel.org/admin-guide/cgroup-v2.html (PSI, cgroup.procs)
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PressureResource } from '../../types/snapshot.js';
import { isDeniedError, isGoneError, readBytesSync, readSingleRecordSync, readTextSync, type ReadBuffer } from '../../util/readfile.js';
import { errorText } from '../../util/probe.js';
import { sanitizeText } from '../../util/sanitize.js';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { parsePressure } from '../pressure/parse.js';
import { parseCgroupProcs } from './parse.js';

/** One cgroup as read: its path below the v2 mount, its three PSI files, and its pids where read. */
export interface CgroupRaw {
  /** Sanitised, as /proc/PID/cgroup's `0::` line names it ('/system.slice/cron.service'). */
  path: string;
  cpu?: PressureResource;
  io?: PressureResource;
  memory?: PressureResource;
  pids?: number[];
}

export interface CgroupsRaw {
  /** The v2 mount read (sysRoot-based). */
  root: string;
  cgroups: CgroupRaw[];
  /** Cgroups found in stalled branches but not read for the bound. */
  unread: number;
}

/** Cgroups whose pressure files one read reads, at most (bench/README.md, 'Per-cgroup pressure'). */
export const MAX_CGROUPS = 128;
/** Cgroups whose cgroup.procs one read reads: the most stalled (a parent with no pid of its own may take a place). */
export const PROCS_READ = 8;
/** cgroup.procs is read up to this many bytes (about 70,000 pids). */
const PROCS_MAX_BYTES = 512 * 1024;

/** Where a v2 hierarchy is mounted, below /sys: a hybrid host's unified tree, or the whole of /sys/fs/cgroup. */
const V2_MOUNTS = ['fs/cgroup/unified', 'fs/cgroup'];

/** The v2 mount below `sysRoot`: the first candidate with cgroup.controllers, a file only cgroup2 has. */
export function locateV2Root(sysRoot: string): string | undefined {
  return V2_MOUNTS.map((m) => join(sysRoot, m)).find((dir) => existsSync(join(dir, 'cgroup.controllers')));
}

/**
 * How much a cgroup stalled on memory or I/O lately: the larger `some` avg10 (%). The walk goes
 * below a cgroup, and reads its pids, only where this is above 0. avg10 needs no earlier read; the
 * kernel updates it every 2 s.
 */
export function stallOf(c: CgroupRaw): number {
  return Math.max(c.memory?.some?.avg10 ?? 0, c.io?.some?.avg10 ?? 0);
}

/** A file of a cgroup that may be gone, not ours, or switched off (cgroup.pressure 0: EOPNOTSUPP). */
function readOptional(read: () => Buffer): string | undefined {
  try {
    return read().toString('utf8');
  } catch (err) {
    if (isGoneError(err) || isDeniedError(err) || (err as NodeJS.ErrnoException).code === 'EOPNOTSUPP') return undefined;
    throw err;
  }
}

/** The child cgroups of `dir` (its folders), [] when it is gone. */
function childNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch (err) {
    if (isGoneError(err) || isDeniedError(err)) return [];
    throw err;
  }
}

/** The three PSI files of one cgroup; undefined when none could be read (it was removed). */
function readCgroup(buffer: ReadBuffer, dir: string, path: string): CgroupRaw | undefined {
  const c: CgroupRaw = { path: sanitizeText(path) };
  let any = false;
  for (const resource of ['cpu', 'io', 'memory'] as const) {
    // One read(2): a cgroup file without its own iterator (no seq_start, as the pressure files)
    // gets cgroup_kf_single_ops (kernel/cgroup/cgroup.c), which kernfs serves as single_open()
    // does (fs/kernfs/file.c kernfs_seq_start), so a short read is the whole file.
    const text = readOptional(() => readSingleRecordSync(buffer, join(dir, `${resource}.pressure`)));
    if (text === undefined) continue;
    c[resource] = parsePressure(text);
    any = true;
  }
  return any ? c : undefined;
}

/** The bounded walk (the header says which cgroups it reads), then the pids of the most stalled. */
export function readCgroups(buffer: ReadBuffer, root: string, max = MAX_CGROUPS, procsRead = PROCS_READ): CgroupsRaw {
  const cgroups: CgroupRaw[] = [];
  const dirs = new Map<CgroupRaw, string>();
  let unread = 0;
  let level = childNames(root).map((name) => `/${name}`);
  while (level.length > 0) {
    const read: CgroupRaw[] = [];
    for (const path of level) {
      if (cgroups.length >= max) {
        unread++;
        continue;
      }
      const dir = join(root, path);
      const c = readCgroup(buffer, dir, path);
      if (c === undefined) continue;
      cgroups.push(c);
      dirs.set(c, dir);
      read.push(c);
    }
    level = read
      .filter((c) => stallOf(c) > 0)
      .sort((a, b) => stallOf(b) - stallOf(a))
      .flatMap((c) => childNames(dirs.get(c)!).map((name) => `${dirs.get(c)!.slice(root.length)}/${name}`));
  }
  // Deepest first among equals: a parent stalls as much as its one stalled child, and on a pure v2
  // host with controllers it holds no process of its own.
  const depth = (c: CgroupRaw) => c.path.split('/').length;
  const stalled = cgroups.filter((c) => stallOf(c) > 0).sort((a, b) => stallOf(b) - stallOf(a) || depth(b) - depth(a));
  for (const c of stalled.slice(0, procsRead)) {
    const text = readOptional(() => readBytesSync(buffer, join(dirs.get(c)!, 'cgroup.procs'), PROCS_MAX_BYTES));
    if (text !== undefined) c.pids = parseCgroupProcs(text);
  }
  return { root, cgroups, unread };
}

/** Why the cgroups collector is off, as `doctor`, `sources` and the verdict's `missing` say it. */
export const NO_V2_REASON = 'no cgroup v2 hierarchy is mounted (cgroup2 at /sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host)';
export const NO_CGROUP_PSI_REASON = 'the kernel keeps no pressure per cgroup (CONFIG_PSI off, or psi=0)';

export function createCgroupfsBackend(): Backend<CgroupsRaw> {
  return {
    id: 'cgroupfs',
    probe(ctx: CollectorContext): ProbeResult {
      const root = locateV2Root(ctx.sysRoot);
      if (root === undefined)
        return {
          available: false,
          reason: NO_V2_REASON,
          remedy: 'mount -t cgroup2 none /sys/fs/cgroup/unified, or boot with systemd.unified_cgroup_hierarchy=1',
        };
      // Some kernels keep no pressure files on the root cgroup: a child is looked at too.
      const dirs = [
        root,
        ...childNames(root)
          .slice(0, 1)
          .map((name) => join(root, name)),
      ];
      let error: unknown;
      for (const dir of dirs) {
        try {
          readTextSync(ctx.readBuffer, join(dir, 'memory.pressure'));
          return { available: true, reason: `reads {cpu,io,memory}.pressure of the cgroups below ${root}` };
        } catch (err) {
          error = err;
        }
      }
      return {
        available: false,
        reason: `${NO_CGROUP_PSI_REASON} (${errorText(error)})`,
        remedy: 'boot a kernel built with CONFIG_PSI=y, with psi=1 if CONFIG_PSI_DEFAULT_DISABLED=y',
      };
    },
    read(ctx: CollectorContext): CgroupsRaw {
      const root = locateV2Root(ctx.sysRoot);
      if (root === undefined) throw new Error(`${NO_V2_REASON}: it was unmounted`);
      return readCgroups(ctx.readBuffer, root);
    },
  };
}
