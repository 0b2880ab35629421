/**
 * Which targets need the typed confirmation (type the pid) instead of a single key: PID 1, kernel
 * threads, SmoothTask's own process, and, when SmoothTask runs as root, other users' processes.
 * Pure: the runtime supplies the viewer (src/runtime/actions.ts).
 */
import type { ActionTarget } from './target.js';

export interface Viewer {
  /** SmoothTask's own pid (process.pid). */
  selfPid: number;
  /** SmoothTask's uid (process.getuid()). */
  uid: number;
}

/** Why `target` needs the typed confirmation; empty when a single key will do. */
export function typedConfirmationReasons(target: ActionTarget, viewer: Viewer): string[] {
  const reasons: string[] = [];
  if (target.pid === 1) reasons.push('PID 1 is init: stopping it stops the system');
  if (target.kernelThread === true) reasons.push('it is a kernel thread');
  if (target.pid === viewer.selfPid) reasons.push('it is SmoothTask itself');
  if (viewer.uid === 0 && target.uid !== undefined && target.uid !== 0) {
    reasons.push(`it belongs to another user (${target.user ?? `uid ${target.uid}`}) and you are root`);
  }
  return reasons;
}

/**
 * The text the person must type: the pid for one process; for a set, the number of processes
 * in it (one pid could not stand for all of them).
 */
export function expectedConfirmation(targets: readonly ActionTarget[]): string {
  return targets.length === 1 ? String(targets[0].pid) : String(targets.length);
}

/** True when any target of the set needs the typed confirmation. */
export function needsTypedConfirmation(targets: readonly ActionTarget[], viewer: Viewer): boolean {
  return targets.some((t) => typedConfirmationReasons(t, viewer).length > 0);
}
