/**
 * Lowering the weight of a process's cgroup: find the cgroup that holds the controller (cpu or
 * io) for the process, refuse the root and SmoothTask's own cgroup (and any cgroup above it),
 * read the weight file there, write the new value and read it back. The cgroup filesystem is
 * `sysRoot`/fs/cgroup (the Monitor's sysRoot), so tests can point it at a folder of their own.
 * A weight file that is not there is a refusal with its reason, never a silent skip: I/O weights
 * exist only where the I/O scheduler (BFQ) or blk-iocost provides them. File names, ranges and
 * the v2 ↔ v1 mapping are in cgweight.ts.
 */
import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readStat } from '../collectors/procdetail/identity.js';
import { tryReadTextSync, type ReadBuffer } from '../util/readfile.js';
import { errnoCode, goneResult } from './errors.js';
import {
  controllerCgroup,
  formatWeightValue,
  parseWeightValue,
  valueForWeight,
  weightError,
  weightFileNamed,
  weightOfValue,
  WEIGHT_FILES,
  type WeightController,
  type WeightFile,
} from './cgweight.js';
import { describeTarget, type ActionResult, type ActionTarget } from './target.js';

/** A weight file, relative to the cgroup root: what the journal keeps and undo writes back to. */
export interface CgroupWeightAt {
  /** The hierarchy's folder under `sysRoot`/fs/cgroup: "cpu,cpuacct" on v1, "" or "unified" on v2. */
  hierarchy: string;
  /** The cgroup's path in that hierarchy, as /proc/PID/cgroup gives it. */
  path: string;
  /** The weight file's name (cgweight.ts WEIGHT_FILES). */
  file: string;
}

export interface CgroupWeightReading {
  at: CgroupWeightAt;
  /** The file's value now, in its own units (cpu.shares 1024). */
  value: number;
  /** The v2 weight it stands for (cpu.shares 1024 → 100). */
  weight: number;
}

export interface CgroupRoots {
  procRoot: string;
  sysRoot: string;
  /** SmoothTask's own pid: its cgroup, and those above it, are never acted on. */
  selfPid: number;
}

function cgroupRoot(sysRoot: string): string {
  return join(sysRoot, 'fs/cgroup');
}

function fileOf(sysRoot: string, at: CgroupWeightAt): string {
  return join(cgroupRoot(sysRoot), at.hierarchy, at.path, at.file);
}

function describeAt(at: CgroupWeightAt): string {
  return `cgroup ${at.path}${at.hierarchy === '' ? '' : ` (${at.hierarchy} hierarchy)`}`;
}

/** The v2 tree's folder under the cgroup root that offers `controller`: the root itself (v2 only) or "unified" (hybrid). */
function v2Hierarchy(buffer: ReadBuffer, sysRoot: string, controller: WeightController): string | undefined {
  return ['', 'unified'].find((h) => (tryReadTextSync(buffer, join(cgroupRoot(sysRoot), h, 'cgroup.controllers')) ?? '').split(/\s+/).includes(controller));
}

function refused(message: string, code?: string): ActionResult {
  return code === undefined ? { ok: false, message } : { ok: false, code, message };
}

/** The reading of a weight file, or why it cannot be read. */
function readAt(buffer: ReadBuffer, sysRoot: string, at: CgroupWeightAt, spec: WeightFile): ActionResult & { found?: CgroupWeightReading } {
  const text = tryReadTextSync(buffer, fileOf(sysRoot, at));
  if (text === undefined) return refused(`${describeAt(at)} no longer exists (or its ${at.file} cannot be read); nothing was changed`, 'ENOENT');
  const value = parseWeightValue(text, spec);
  if (value === undefined) return refused(`${at.file} of ${describeAt(at)} holds ${JSON.stringify(text.trim())}, not a weight`);
  const weight = weightOfValue(value, spec);
  return { ok: true, message: `${describeAt(at)}: ${at.file} ${value}${spec.defaultValue === 100 ? '' : ` (weight ${weight})`}`, found: { at, value, weight } };
}

/**
 * The `controller` weight file of `target`'s cgroup and its value now, or the refusal: the
 * process is gone, its cgroup is the root or holds SmoothTask, the cgroup has no weight file for
 * the controller ("n/a: no io.weight ..."), or it has vanished.
 */
export function readCgroupWeight(
  target: ActionTarget,
  controller: WeightController,
  roots: CgroupRoots,
  buffer: ReadBuffer,
): ActionResult & { found?: CgroupWeightReading } {
  const who = describeTarget(target);
  const text = tryReadTextSync(buffer, join(roots.procRoot, String(target.pid), 'cgroup'));
  if (readStat(buffer, roots.procRoot, target.pid)?.startTime !== target.startTime || text === undefined) return goneResult(target);
  const where = controllerCgroup(text, controller);
  if (where === undefined) return refused(`no cgroup of ${who} holds the ${controller} controller (/proc/${target.pid}/cgroup)`);
  const hierarchy = where.version === 1 ? where.hierarchy : v2Hierarchy(buffer, roots.sysRoot, controller);
  if (hierarchy === undefined) return refused(`the ${controller} controller is not enabled on this host's cgroup v2 tree (${cgroupRoot(roots.sysRoot)})`);
  if (where.path.split('/').includes('..')) return refused(`the cgroup path of ${who} is not one to write under: ${where.path}`);
  if (where.path === '/') {
    return refused(`${who} is in the root ${controller} cgroup: the root has no weight to lower (a weight shares its parent's time among siblings)`);
  }
  const selfText = tryReadTextSync(buffer, join(roots.procRoot, String(roots.selfPid), 'cgroup'));
  const self = selfText === undefined ? undefined : controllerCgroup(selfText, controller);
  if (self !== undefined && (self.path === where.path || self.path.startsWith(`${where.path}/`))) {
    return refused(`cgroup ${where.path} holds SmoothTask itself (its ${controller} cgroup is ${self.path}): lowering it would slow the monitor too`);
  }
  const dir = join(cgroupRoot(roots.sysRoot), hierarchy, where.path);
  if (!existsSync(dir)) return refused(`cgroup ${where.path} no longer exists (${dir}); nothing was changed`, 'ENOENT');
  const spec = WEIGHT_FILES.find((f) => f.controller === controller && f.version === where.version && existsSync(join(dir, f.name)));
  if (spec === undefined) {
    const names = WEIGHT_FILES.filter((f) => f.controller === controller && f.version === where.version).map((f) => f.name);
    return refused(
      controller === 'io'
        ? `n/a: no io.weight on this kernel's I/O scheduler (cgroup ${where.path} has no ${names.join(' or ')}: I/O weights need BFQ, or blk-iocost on cgroup v2)`
        : `n/a: no ${names[0]} in cgroup ${where.path}: the cpu controller is not enabled for it (its parent's cgroup.subtree_control)`,
    );
  }
  return readAt(buffer, roots.sysRoot, { hierarchy, path: where.path, file: spec.name }, spec);
}

function writeError(at: CgroupWeightAt, err: unknown): ActionResult {
  const code = errnoCode(err);
  if (code === 'ENOENT') return refused(`${describeAt(at)} no longer exists; nothing was changed`, code);
  if (code === 'EACCES' || code === 'EPERM') {
    return refused(`not permitted to write ${at.file} of ${describeAt(at)} (${code}): run SmoothTask as root, or as the user the cgroup is delegated to`, code);
  }
  if (code === 'EINVAL' || code === 'ERANGE') return refused(`the kernel rejected the value for ${at.file} of ${describeAt(at)} (${code})`, code);
  return refused(`writing ${at.file} of ${describeAt(at)} failed: ${err instanceof Error ? err.message : String(err)}`, code);
}

/** Write `value` (the file's own units) and read it back. O_TRUNC without O_CREAT: a vanished cgroup is ENOENT, never a new file. */
function writeAt(buffer: ReadBuffer, sysRoot: string, at: CgroupWeightAt, spec: WeightFile, value: number): ActionResult {
  try {
    const fd = openSync(fileOf(sysRoot, at), constants.O_WRONLY | constants.O_TRUNC);
    try {
      writeSync(fd, formatWeightValue(value, spec));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return writeError(at, err);
  }
  const back = readAt(buffer, sysRoot, at, spec);
  if (back.found === undefined) return back;
  if (back.found.value !== value) return refused(`wrote ${at.file} ${value} in ${describeAt(at)}, but it reads back ${back.found.value}`);
  const weight = spec.defaultValue === 100 ? '' : `weight ${back.found.weight}; `;
  return { ok: true, message: `${at.file} of ${describeAt(at)} is now ${value} (${weight}read back)` };
}

/** Set the cgroup's weight to v2 weight `weight` (mapped to the file's units) and read it back. Nothing changes on bad input. */
export function setCgroupWeight(at: CgroupWeightAt, weight: number, sysRoot: string, buffer: ReadBuffer): ActionResult {
  const invalid = weightError(weight);
  if (invalid !== undefined) return refused(invalid, 'ERANGE');
  const spec = weightFileNamed(at.file);
  if (spec === undefined) return refused(`${at.file} is not a weight file`);
  return writeAt(buffer, sysRoot, at, spec, valueForWeight(weight, spec));
}

/** Put back the exact value read before (undo), in the file's own units. */
export function restoreCgroupWeight(at: CgroupWeightAt, value: number, sysRoot: string, buffer: ReadBuffer): ActionResult {
  const spec = weightFileNamed(at.file);
  if (spec === undefined) return refused(`${at.file} is not a weight file`);
  if (!Number.isInteger(value) || value < spec.min || value > spec.max)
    return refused(`${value} is not a value ${at.file} takes (${spec.min}..${spec.max})`, 'ERANGE');
  return writeAt(buffer, sysRoot, at, spec, value);
}
