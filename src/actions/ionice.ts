/**
 * ionice: the I/O scheduling class and level of a process, set with ioprio_set(2) and read back
 * with ioprio_get(2) through the native module. Needs the addon; without it the dialog says why.
 * @see https://man7.org/linux/man-pages/man2/ioprio_set.2.html
 */
import { readStartTime } from '../collectors/procdetail/identity.js';
import { procNative, type ProcNative } from '../native/proc.js';
import { describeActionError, goneResult } from './errors.js';
import { describeTarget, type ActionResult, type ActionTarget } from './target.js';

/** IOPRIO_CLASS_* in include/uapi/linux/ioprio.h, in class-number order. */
export const IO_CLASSES = ['none', 'realtime', 'best-effort', 'idle'] as const;
export type IoClass = (typeof IO_CLASSES)[number];

const CLASS_SHIFT = 13;
const LEVEL_MASK = (1 << CLASS_SHIFT) - 1;
/** Levels 0 (highest) .. 7 for the realtime and best-effort classes. */
export const IO_LEVEL_MAX = 7;

export interface IoPriority {
  ioClass: IoClass;
  /** 0..7 for realtime and best-effort; undefined for none and idle, which have no level. */
  level?: number;
}

/** The raw ioprio value (class << 13 | level). */
export function encodeIoprio(p: IoPriority): number {
  return (IO_CLASSES.indexOf(p.ioClass) << CLASS_SHIFT) | (p.level ?? 0);
}

/** A raw ioprio value in words; undefined for a class number this table does not know. */
export function decodeIoprio(value: number): IoPriority | undefined {
  const ioClass = IO_CLASSES[value >> CLASS_SHIFT];
  if (ioClass === undefined) return undefined;
  return ioClass === 'realtime' || ioClass === 'best-effort' ? { ioClass, level: value & LEVEL_MASK } : { ioClass };
}

/** "best-effort 4", "idle", "none (follows nice)". */
export function describeIoPriority(p: IoPriority): string {
  if (p.ioClass === 'none') return 'none (follows nice)';
  return p.level === undefined ? p.ioClass : `${p.ioClass} ${p.level}`;
}

/** Why `p` is not a valid setting, or undefined. */
export function ioPriorityError(p: IoPriority): string | undefined {
  const hasLevel = p.ioClass === 'realtime' || p.ioClass === 'best-effort';
  if (hasLevel && (p.level === undefined || !Number.isInteger(p.level) || p.level < 0 || p.level > IO_LEVEL_MAX)) {
    return `the ${p.ioClass} class needs a level from 0 (highest) to ${IO_LEVEL_MAX} (lowest)`;
  }
  if (!hasLevel && p.level !== undefined && p.level !== 0) return `the ${p.ioClass} class has no level`;
  return undefined;
}

function native(override: ProcNative | null | undefined): { ok: true; native: ProcNative } | { ok: false; message: string } {
  if (override !== undefined && override !== null) return { ok: true, native: override };
  const loaded = procNative();
  if (loaded.ok && override === undefined) return loaded;
  const why = loaded.ok ? 'the native addon is not in use' : `${loaded.reason}; ${loaded.remedy}`;
  return { ok: false, message: `ionice needs the native addon for ioprio_get/ioprio_set: ${why}` };
}

/** The current I/O priority of `target`, or why it cannot be read. */
export function readIoPriority(target: ActionTarget, procRoot: string, override?: ProcNative | null): ActionResult & { priority?: IoPriority } {
  const n = native(override);
  if (!n.ok) return { ok: false, message: n.message };
  if (readStartTime(procRoot, target.pid) !== target.startTime) return goneResult(target);
  try {
    const priority = decodeIoprio(n.native.ioprioGet(target.pid));
    if (priority === undefined) return { ok: false, message: `unknown I/O class for ${describeTarget(target)}` };
    return { ok: true, message: describeIoPriority(priority), priority };
  } catch (err) {
    return describeActionError('ionice', target, err);
  }
}

/** Set the I/O priority and confirm it with ioprio_get. Nothing changes on bad input. */
export function ionice(target: ActionTarget, p: IoPriority, procRoot: string, override?: ProcNative | null): ActionResult {
  const invalid = ioPriorityError(p);
  if (invalid !== undefined) return { ok: false, code: 'ERANGE', message: invalid };
  const n = native(override);
  if (!n.ok) return { ok: false, message: n.message };
  if (readStartTime(procRoot, target.pid) !== target.startTime) return goneResult(target);
  try {
    n.native.ioprioSet(target.pid, encodeIoprio(p));
    const back = decodeIoprio(n.native.ioprioGet(target.pid));
    if (readStartTime(procRoot, target.pid) !== target.startTime) return goneResult(target);
    const want = describeIoPriority(p);
    const got = back === undefined ? 'an unknown class' : describeIoPriority(back);
    if (got !== want) return { ok: false, message: `set I/O priority ${want} on ${describeTarget(target)}, but ioprio_get reads back ${got}` };
    return { ok: true, message: `I/O priority of ${describeTarget(target)} is now ${got} (read back with ioprio_get)` };
  } catch (err) {
    return describeActionError('ionice', target, err);
  }
}
