/**
 * Turns the errors of kill/pidfd_send_signal, setpriority, ioprio_set, sched_setscheduler and
 * cgroup weight writes into messages that say what happened and what is needed, instead of a bare
 * errno.
 */
import { describeTarget, type ActionResult, type ActionTarget } from './target.js';

/**
 * The errno name of an error from the addon (NativeError.code), Node's process.kill (code) or
 * os.setPriority (a SystemError whose info.code holds it).
 */
export function errnoCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; info?: { code?: unknown } } | undefined;
  if (typeof e?.info?.code === 'string') return e.info.code;
  return typeof e?.code === 'string' ? e.code : undefined;
}

export type ActionVerb = 'signal' | 'renice' | 'ionice' | 'chrt';

/** What the person needs for `verb` to be permitted on another user's process. */
const PERMISSION_NEEDED: Record<ActionVerb, string> = {
  signal: "run SmoothTask as the process's user or as root",
  renice: "run SmoothTask as the process's user or as root; lowering nice below its current value needs root (CAP_SYS_NICE)",
  ionice: "run SmoothTask as the process's user or as root; the realtime class needs root (CAP_SYS_ADMIN)",
  chrt: "run SmoothTask as the process's user or as root; leaving SCHED_IDLE, or a realtime policy, needs root (CAP_SYS_NICE) or a matching RLIMIT_NICE / RLIMIT_RTPRIO",
};

/** The message for a failed action on `target`. */
export function describeActionError(verb: ActionVerb, target: ActionTarget, err: unknown): ActionResult {
  const code = errnoCode(err);
  const who = describeTarget(target);
  switch (code) {
    case 'ESRCH':
      return { ok: false, code, message: `process ${who} has exited; nothing was changed` };
    case 'EPERM':
    case 'EACCES':
      return { ok: false, code, message: `not permitted to ${verb} ${who} (${code}): ${PERMISSION_NEEDED[verb]}` };
    case 'EINVAL':
      return { ok: false, code, message: `the kernel rejected the value for ${verb} on ${who} (EINVAL)` };
    default:
      return { ok: false, code, message: `${verb} ${who} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The message when the pid now names a different process than the one chosen. */
export function goneResult(target: ActionTarget): ActionResult {
  return {
    ok: false,
    code: 'ESRCH',
    message: `process ${describeTarget(target)} has exited (its pid is free or names another process now); nothing was changed`,
  };
}
