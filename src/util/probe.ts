/**
 * Probing helpers for file-backed collector backends: "can I read this file?" answered as a
 * ProbeResult with the error in words, so `doctor` can say why a backend is off.
 */
import type { ProbeResult } from '../collectors/contract.js';
import { readTextSync } from './readfile.js';

/** The message of an fs error, with its code ("ENOENT: no such file ..."), or String(err). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
