/**
 * I/O priorities (ioprio_set(2)): the classes and levels, their encoding and their words. No
 * system calls, so the ionice dialog can use it; ionice.ts sets and reads back.
 * @see https://man7.org/linux/man-pages/man2/ioprio_set.2.html
 */

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
