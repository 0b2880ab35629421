/**
 * ionice: the I/O scheduling class and level of a process, set with ioprio_set(2) and read back
 * with ioprio_get(2) through the native module. Needs the addon; without it the dialog says why.
 * The classes, levels and their encoding are in ioprio.ts.
 * @see https://man7.org/linux/man-pages/man2/ioprio_set.2.html
 */
import { readStartTime } from '../collectors/procdetail/identity.js';
import type { ProcNative } from '../native/proc.js';
import type { ReadBuffer } from '../util/readfile.js';
import { describeActionError, goneResult } from './errors.js';
import { actionNative } from './native.js';
import { decodeIoprio, describeIoPriority, encodeIoprio, ioPriorityError, type IoPriority } from './ioprio.js';
import { describeTarget, type ActionResult, type ActionTarget } from './target.js';

const NEEDS = 'ionice needs the native addon for ioprio_get/ioprio_set';

/** The current I/O priority of `target`, or why it cannot be read. */
export function readIoPriority(
  target: ActionTarget,
  procRoot: string,
  buffer: ReadBuffer,
  override?: ProcNative | null,
): ActionResult & { priority?: IoPriority } {
  const n = actionNative(override, NEEDS);
  if (!n.ok) return { ok: false, message: n.message };
  if (readStartTime(buffer, procRoot, target.pid) !== target.startTime) return goneResult(target);
  try {
    const priority = decodeIoprio(n.native.ioprioGet(target.pid));
    if (priority === undefined) return { ok: false, message: `unknown I/O class for ${describeTarget(target)}` };
    return { ok: true, message: describeIoPriority(priority), priority };
  } catch (err) {
    return describeActionError('ionice', target, err);
  }
}

/** Set the I/O priority and confirm it with ioprio_get. Nothing changes on bad input. */
export function ionice(target: ActionTarget, p: IoPriority, procRoot: string, buffer: ReadBuffer, override?: ProcNative | null): ActionResult {
  const invalid = ioPriorityError(p);
  if (invalid !== undefined) return { ok: false, code: 'ERANGE', message: invalid };
  const n = actionNative(override, NEEDS);
  if (!n.ok) return { ok: false, message: n.message };
  if (readStartTime(buffer, procRoot, target.pid) !== target.startTime) return goneResult(target);
  try {
    n.native.ioprioSet(target.pid, encodeIoprio(p));
    const back = decodeIoprio(n.native.ioprioGet(target.pid));
    if (readStartTime(buffer, procRoot, target.pid) !== target.startTime) return goneResult(target);
    const want = describeIoPriority(p);
    const got = back === undefined ? 'an unknown class' : describeIoPriority(back);
    if (got !== want) return { ok: false, message: `set I/O priority ${want} on ${describeTarget(target)}, but ioprio_get reads back ${got}` };
    return { ok: true, message: `I/O priority of ${describeTarget(target)} is now ${got} (read back with ioprio_get)` };
  } catch (err) {
    return describeActionError('ionice', target, err);
  }
}
