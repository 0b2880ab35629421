/**
 * The native module for an action that has no fallback without it (ionice, chrt): the loaded
 * module, the caller's override (tests), or the message that says what the action needs and why
 * it is missing.
 */
import { procNative, type ProcNative } from '../native/proc.js';

/**
 * `override`: a module to use; null when the addon must not be used (tests); undefined to load it.
 * `needs`: what the message names, "ionice needs the native addon for ioprio_get/ioprio_set".
 */
export function actionNative(override: ProcNative | null | undefined, needs: string): { ok: true; native: ProcNative } | { ok: false; message: string } {
  if (override !== undefined && override !== null) return { ok: true, native: override };
  const loaded = procNative();
  if (loaded.ok && override === undefined) return loaded;
  const why = loaded.ok ? 'the native addon is not in use' : `${loaded.reason}; ${loaded.remedy}`;
  return { ok: false, message: `${needs}: ${why}` };
}
