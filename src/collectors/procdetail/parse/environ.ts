/**
 * Pure helpers for /proc/PID/environ (proc_pid_environ(5)): NUL-separated NAME=value pairs, and
 * which names look like they hold secrets (masked on screen until revealed).
 */
import { sanitizeBytes } from '../../../util/sanitize.js';

export interface EnvVar {
  /** Sanitised. */
  name: string;
  /** Sanitised. */
  value: string;
}

/** Split environ bytes into variables; an entry without '=' keeps the whole entry as its name. */
export function parseEnviron(bytes: Uint8Array): EnvVar[] {
  const out: EnvVar[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0) continue;
    if (i > start) {
      const entry = bytes.subarray(start, i);
      const eq = entry.indexOf(0x3d);
      out.push(
        eq < 0 ? { name: sanitizeBytes(entry), value: '' } : { name: sanitizeBytes(entry.subarray(0, eq)), value: sanitizeBytes(entry.subarray(eq + 1)) },
      );
    }
    start = i + 1;
  }
  return out;
}
