/**
 * Probing helpers for file-backed collector backends: "can I read this file?" answered as a
 * ProbeResult with the error in words, so `doctor` can say why a backend is off.
 */
import type { ProbeResult } from '../collectors/contract.js';
import { readTextSync } from './readfile.js';

/** The message of an error, led by its code when the message lacks it ("ENOENT: no such file ..."). */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/**
 * Available when `path` can be read; otherwise unavailable with the error and `reason` (what
 * the missing file means), and an optional remedy.
 */
export function probeReadable(path: string, reason: string, remedy?: string): ProbeResult {
  try {
    readTextSync(path);
    return { available: true, reason: `reads ${path}` };
  } catch (err) {
    return { available: false, reason: `${reason} (${errorText(err)})`, remedy };
  }
}
