/**
 * Process identity checks: a pid names the same process only while its start time (proc(5)
 * stat field 22) is unchanged. The detail sampler and every action (src/actions/) check it so a
 * reused pid is never shown or acted on as the process the person chose.
 */
import { join } from 'node:path';
import { parseStat, type StatFields } from '../processes/parse.js';
import { isGoneError, readTextSync, type ReadBuffer } from '../../util/readfile.js';

/** The process's stat, or undefined when it has gone (or the stat was unreadable or torn). */
export function readStat(buffer: ReadBuffer, procRoot: string, pid: number): StatFields | undefined {
  try {
    return parseStat(readTextSync(buffer, join(procRoot, String(pid), 'stat')));
  } catch (err) {
    if (isGoneError(err)) return undefined;
    throw err;
  }
}

/** Start time in clock ticks after boot, or undefined when the pid is not in use. */
export function readStartTime(buffer: ReadBuffer, procRoot: string, pid: number): number | undefined {
  return readStat(buffer, procRoot, pid)?.startTime;
}

/** True while `pid` still names the process that started at `startTime`. */
export function isSameProcess(buffer: ReadBuffer, procRoot: string, pid: number, startTime: number): boolean {
  return readStartTime(buffer, procRoot, pid) === startTime;
}
