/**
 * Probing helpers for file-backed collector backends: "can I read this file?" or "what does this
 * sysfs class list?" answered as a ProbeResult with the error in words, so `doctor` can say why a
 * backend is off.
 */
import { closeSync, openSync } from 'node:fs';
import type { ProbeResult } from '../collectors/contract.js';
import { readTextSync, type ReadBuffer } from './readfile.js';

/** The message of an error, led by its code when the message lacks it ("ENOENT: no such file ..."). */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/**
 * Available when `path` can be read (into `buffer`, the caller's); otherwise unavailable with the error and `reason` (what
 * the missing file means), and an optional remedy.
 */
export function probeReadable(buffer: ReadBuffer, path: string, reason: string, remedy?: string): ProbeResult {
  return probeBy(() => readTextSync(buffer, path), path, reason, remedy);
}

/**
 * As probeReadable, when `path` can be opened for reading. For a /proc table whose every read
 * costs the kernel a walk of the whole table (/proc/net/tcp walks every hash bucket, 2-3 ms here):
 * its permission and namespace checks are made at open, and the backend's first read follows.
 */
export function probeOpenable(path: string, reason: string, remedy?: string): ProbeResult {
  return probeBy(() => closeSync(openSync(path, 'r')), path, reason, remedy);
}

/** Available when `attempt` (an access to `path`) does not throw; otherwise its error, after `reason`. */
function probeBy(attempt: () => unknown, path: string, reason: string, remedy: string | undefined): ProbeResult {
  try {
    attempt();
    return { available: true, reason: `reads ${path}` };
  } catch (err) {
    return { available: false, reason: `${reason} (${errorText(err)})`, remedy };
  }
}

/**
 * Probe a backend that lists a sysfs class by listing it once: unavailable when nothing is there
 * (`none` says why) or when `dir` cannot be listed; `check` may still refuse what was found;
 * otherwise available, with `reads` naming what it reads.
 */
export function probeListing<T>(
  dir: string,
  list: () => readonly T[],
  reads: (items: readonly T[]) => string,
  none: { reason: string; remedy?: string },
  check?: (items: readonly T[]) => ProbeResult | undefined,
): ProbeResult {
  try {
    const items = list();
    if (items.length === 0) return { available: false, ...none };
    return check?.(items) ?? { available: true, reason: `reads ${reads(items)}` };
  } catch (err) {
    return { available: false, reason: `cannot list ${dir} (${errorText(err)})` };
  }
}
