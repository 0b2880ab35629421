/**
 * chrt: a process's scheduling policy, set with sched_setscheduler(2) and read back with
 * sched_getscheduler(2) through the native module. Like chrt(1) without -a, renice and htop, it
 * acts on the thread whose id is the pid (the main thread). The nice value is read beside the
 * policy because SCHED_OTHER and SCHED_BATCH weigh by it, and the kernel keeps it across a move
 * to SCHED_IDLE and back. Needs the addon; without it the dialog says why. Policies, their words
 * and checks are in schedpolicy.ts.
 * @see https://man7.org/linux/man-pages/man2/sched_setscheduler.2.html
 */
import { readStat } from '../collectors/procdetail/identity.js';
import type { ProcNative } from '../native/proc.js';
import type { ReadBuffer } from '../util/readfile.js';
import { describeActionError, goneResult } from './errors.js';
import { actionNative } from './native.js';
import { decodeSched, describeSched, encodePolicy, schedSettingError, type SchedSetting } from './schedpolicy.js';
import { describeTarget, type ActionResult, type ActionTarget } from './target.js';

const NEEDS = 'changing the scheduling policy needs the native addon for sched_getscheduler/sched_setscheduler';

/** A policy as read, with the nice value from /proc/PID/stat field 19 where the stat was read. */
export type SchedReading = SchedSetting & { nice?: number };

/** The current policy of `target`, or why it cannot be read. */
export function readSched(target: ActionTarget, procRoot: string, buffer: ReadBuffer, override?: ProcNative | null): ActionResult & { sched?: SchedReading } {
  const n = actionNative(override, NEEDS);
  if (!n.ok) return { ok: false, message: n.message };
  const stat = readStat(buffer, procRoot, target.pid);
  if (stat?.startTime !== target.startTime) return goneResult(target);
  try {
    const raw = n.native.schedGet(target.pid);
    const sched = decodeSched(raw.policy, raw.priority);
    if (sched === undefined) return { ok: false, message: `unknown scheduling policy ${raw.policy} for ${describeTarget(target)}` };
    return { ok: true, message: `${describeSched(sched)}, nice ${stat.nice}`, sched: { ...sched, nice: stat.nice } };
  } catch (err) {
    return describeActionError('chrt', target, err);
  }
}

/** Set the policy and confirm it with sched_getscheduler. Nothing changes on bad input. */
export function setSched(target: ActionTarget, s: SchedSetting, procRoot: string, buffer: ReadBuffer, override?: ProcNative | null): ActionResult {
  const invalid = schedSettingError(s);
  if (invalid !== undefined) return { ok: false, code: 'ERANGE', message: invalid };
  const n = actionNative(override, NEEDS);
  if (!n.ok) return { ok: false, message: n.message };
  if (readStat(buffer, procRoot, target.pid)?.startTime !== target.startTime) return goneResult(target);
  try {
    n.native.schedSet(target.pid, encodePolicy(s), s.priority);
    const raw = n.native.schedGet(target.pid);
    if (readStat(buffer, procRoot, target.pid)?.startTime !== target.startTime) return goneResult(target);
    const back = decodeSched(raw.policy, raw.priority);
    const want = describeSched(s);
    const got = back === undefined ? `unknown policy ${raw.policy}` : describeSched(back);
    if (got !== want) return { ok: false, message: `set ${want} on ${describeTarget(target)}, but sched_getscheduler reads back ${got}` };
    return { ok: true, message: `scheduling policy of ${describeTarget(target)} is now ${got} (read back with sched_getscheduler)` };
  } catch (err) {
    return describeActionError('chrt', target, err);
  }
}
