/**
 * Nice values (setpriority(2)): the range and the check of a typed value. No system calls, so
 * the renice dialog can use it; renice.ts sets and reads back.
 */

export const NICE_MIN = -20;
export const NICE_MAX = 19;

/** Why `value` is not a nice value, or undefined when it is one. */
export function niceValueError(value: number): string | undefined {
  if (!Number.isInteger(value) || value < NICE_MIN || value > NICE_MAX) {
    return `nice must be a whole number from ${NICE_MIN} (most CPU) to ${NICE_MAX} (least CPU)`;
  }
  return undefined;
}
