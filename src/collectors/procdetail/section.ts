/**
 * Reading one section of the detail view: errors that mean "not ours to read" (EACCES, EPERM)
 * become the section's `unavailable` reason so the rest of the view still fills in; a vanished
 * process (ENOENT, ESRCH) propagates so the sampler can mark the process gone.
 */
import { isDeniedError, isGoneError } from '../../util/readfile.js';
import { errorText } from '../../util/probe.js';
import type { Section } from './types.js';

/** What a person can do about EACCES/EPERM on another user's /proc files. */
export const DENIED_REMEDY = "needs root or the process's own user";

/** Run `read` and wrap its value (or why it failed) with the section's source. */
export function readSection<T>(source: string, read: () => T): Section<T> {
  try {
    return { source, value: read() };
  } catch (err) {
    if (isGoneError(err)) throw err;
    if (isDeniedError(err)) return { source, unavailable: `${errorText(err)} (${DENIED_REMEDY})` };
    return { source, unavailable: errorText(err) };
  }
}
