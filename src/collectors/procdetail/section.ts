/**
 * Reading one section of the detail view: errors that mean "not ours to read" (EACCES, EPERM)
 * become the section's `unavailable` reason so the rest of the view still fills in; a vanished
 * process (ENOENT, ESRCH) propagates so the sampler can mark the process gone — unless the
 * process is still there (a kernel thread answers ESRCH for files that need an address space),
 * which is then the section's reason too.
 */
import { isDeniedError, isGoneError } from '../../util/readfile.js';
import { errorText } from '../../util/probe.js';
import type { Section } from './types.js';

/** What a person can do about EACCES/EPERM on another user's /proc files. */
export const DENIED_REMEDY = "needs root or the process's own user";
/** EACCES while root: ptrace access checks still refuse non-dumpable processes and LSM policies. */
export const DENIED_TO_ROOT = 'denied even to root: the process is protected (not dumpable, or a security module policy)';

export interface SectionOptions {
  /** True while the process is still the one being viewed (asked only after a "gone" error). */
  alive?: () => boolean;
  /** Said after a "gone" error from a live process, e.g. why a kernel thread has no such file. */
  aliveNote?: string;
}

/** Run `read` and wrap its value (or why it failed) with the section's source. */
export function readSection<T>(source: string, read: () => T, options: SectionOptions = {}): Section<T> {
  try {
    return { source, value: read() };
  } catch (err) {
    if (isGoneError(err)) {
      if (options.alive?.() !== true) throw err;
      return { source, unavailable: errorText(err) + (options.aliveNote === undefined ? '' : ` (${options.aliveNote})`) };
    }
    if (isDeniedError(err)) {
      return { source, unavailable: `${errorText(err)} (${process.getuid?.() === 0 ? DENIED_TO_ROOT : DENIED_REMEDY})` };
    }
    return { source, unavailable: errorText(err) };
  }
}
