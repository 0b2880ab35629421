/**
 * renice: set a process's nice value with setpriority(2) (os.setPriority) and read it back from
 * /proc/PID/stat field 19 to confirm. Like renice(1) and htop, this sets the value of the
 * thread whose id is the pid (the main thread); Linux keeps nice per thread. The range and its
 * check are in nice.ts.
 */
import { setPriority } from 'node:os';
import { readStat } from '../collectors/procdetail/identity.js';
import type { ReadBuffer } from '../util/readfile.js';
import { describeActionError, goneResult } from './errors.js';
import { niceValueError } from './nice.js';
import { describeTarget, type ActionResult, type ActionTarget } from './target.js';

/** Set `target`'s nice to `nice` and confirm it from /proc. Nothing changes on bad input. */
/** `buffer` is the caller's for reading /proc. */
export function renice(target: ActionTarget, nice: number, procRoot: string, buffer: ReadBuffer): ActionResult {
  const invalid = niceValueError(nice);
  if (invalid !== undefined) return { ok: false, code: 'ERANGE', message: invalid };
  if (readStat(buffer, procRoot, target.pid)?.startTime !== target.startTime) return goneResult(target);
  try {
    setPriority(target.pid, nice);
  } catch (err) {
    return describeActionError('renice', target, err);
  }
  const after = readStat(buffer, procRoot, target.pid);
  if (after === undefined || after.startTime !== target.startTime) return goneResult(target);
  if (after.nice !== nice) {
    return { ok: false, message: `set nice ${nice} on ${describeTarget(target)}, but /proc reads back ${after.nice}` };
  }
  return { ok: true, message: `nice of ${describeTarget(target)} is now ${after.nice} (read back from /proc)` };
}
