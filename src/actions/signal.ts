/**
 * Sending a signal to exactly the process the person chose. The handle is opened when the
 * signal dialog opens: pidfd_open(2), then the start time is read again from /proc/PID/stat, so
 * the pidfd is known to refer to the chosen process (a pidfd opened on a reused pid would show a
 * different start time). The signal later goes through pidfd_send_signal(2): if the process has
 * exited meanwhile the kernel answers ESRCH, even when its pid has been reused.
 *
 * Without the native addon, the fallback re-checks the start time and then calls kill(2); the
 * handle carries `raceWarning` so the dialog can say that a pid reused in between would receive
 * the signal.
 */
import { closeSync } from 'node:fs';
import { readStartTime } from '../collectors/procdetail/identity.js';
import { procNative, type ProcNative } from '../native/proc.js';
import type { ReadBuffer } from '../util/readfile.js';
import { SIGNAL_CHOICES } from './signals.js';
import { describeActionError, goneResult } from './errors.js';
import { describeTarget, type ActionResult, type ActionTarget } from './target.js';

export interface SignalHandle {
  readonly target: ActionTarget;
  readonly method: 'pidfd' | 'kill';
  /** Set for the kill(2) fallback: the race the dialog must mention. */
  readonly raceWarning?: string;
  /** Send `signal` (a number, see SIGNAL_CHOICES). */
  send(signal: number): ActionResult;
  /** Close the pidfd; the handle cannot send afterwards. Safe to call twice. */
  close(): void;
}

export interface SignalOptions {
  procRoot: string;
  /** What /proc is read into (the caller's). */
  buffer: ReadBuffer;
  /** The native module; null forces the kill(2) fallback (tests). Default: procNative(). */
  native?: ProcNative | null;
}

function signalName(signal: number): string {
  return SIGNAL_CHOICES.find((s) => s.number === signal)?.name ?? `signal ${signal}`;
}

function sentResult(target: ActionTarget, signal: number): ActionResult {
  return { ok: true, message: `sent ${signalName(signal)} to ${describeTarget(target)}` };
}

/**
 * Open a handle for `target`. Fails (with a message) when the process has already exited or
 * its pid names another process.
 */
export function openSignalHandle(target: ActionTarget, options: SignalOptions): { ok: true; handle: SignalHandle } | { ok: false; result: ActionResult } {
  let native = options.native;
  let reason: string | undefined;
  if (native === undefined) {
    const loaded = procNative();
    native = loaded.ok ? loaded.native : null;
    if (!loaded.ok) reason = loaded.reason;
  }
  if (native === null) return fallbackHandle(target, options.procRoot, options.buffer, reason ?? 'the native addon is not in use');

  let fd: number;
  try {
    fd = native.pidfdOpen(target.pid);
  } catch (err) {
    return { ok: false, result: describeActionError('signal', target, err) };
  }
  if (readStartTime(options.buffer, options.procRoot, target.pid) !== target.startTime) {
    closeSync(fd);
    return { ok: false, result: goneResult(target) };
  }
  const pidfd = native;
  let open = true;
  return {
    ok: true,
    handle: {
      target,
      method: 'pidfd',
      send(signal) {
        if (!open) return { ok: false, message: 'this signal dialog was closed; open it again' };
        try {
          pidfd.pidfdSendSignal(fd, signal);
          return sentResult(target, signal);
        } catch (err) {
          return describeActionError('signal', target, err);
        }
      },
      close() {
        if (open) closeSync(fd);
        open = false;
      },
    },
  };
}

function fallbackHandle(
  target: ActionTarget,
  procRoot: string,
  buffer: ReadBuffer,
  reason: string,
): { ok: true; handle: SignalHandle } | { ok: false; result: ActionResult } {
  if (readStartTime(buffer, procRoot, target.pid) !== target.startTime) return { ok: false, result: goneResult(target) };
  return {
    ok: true,
    handle: {
      target,
      method: 'kill',
      raceWarning:
        `no pidfd (${reason}): the signal goes through kill(2) after re-checking the start time; ` +
        'if the process exits and its pid is reused in the moment between the check and the kill, the new process receives it',
      send(signal) {
        if (readStartTime(buffer, procRoot, target.pid) !== target.startTime) return goneResult(target);
        try {
          process.kill(target.pid, signal);
          return sentResult(target, signal);
        } catch (err) {
          return describeActionError('signal', target, err);
        }
      },
      close() {},
    },
  };
}

/** Handles for a tagged set: the ones that opened, and a result for each that did not. */
export function openSignalHandles(targets: readonly ActionTarget[], options: SignalOptions): { handles: SignalHandle[]; failures: ActionResult[] } {
  const handles: SignalHandle[] = [];
  const failures: ActionResult[] = [];
  for (const t of targets) {
    const opened = openSignalHandle(t, options);
    if (opened.ok) handles.push(opened.handle);
    else failures.push(opened.result);
  }
  return { handles, failures };
}
