/**
 * How the /proc backend reads one file of /proc/PID and tells its outcomes apart: the text, the
 * process gone (GONE), the file not ours to read (DENIED), or absent while the process is there
 * (undefined: a kernel built without task I/O accounting has no io).
 */
import { existsSync } from 'node:fs';
import { isDeniedError, isGoneError, readBytesSync, readSingleRecordSync, type KeptRecordFiles, type ReadBuffer } from '../../util/readfile.js';

/** The process vanished while it was being read. */
export const GONE = Symbol('gone');
/** The file exists but is not ours to read (EACCES, EPERM). */
export const DENIED = Symbol('denied');

/**
 * The files of /proc/PID that are one seq_file record (fs/proc/base.c ONE() entries), read in a
 * single read(2) by readSingleRecordSync. Everything else (cmdline) is read to its end.
 */
const SINGLE_RECORD_FILES = new Set(['stat', 'statm', 'io', 'schedstat', 'status']);

/** Read into `buffer`; a single-record file through `kept` when given (default: open, read, close). */
export function readText(buffer: ReadBuffer, dir: string, file: string, kept?: KeptRecordFiles): string | typeof GONE | typeof DENIED {
  try {
    const path = `${dir}/${file}`;
    let bytes: Buffer;
    if (!SINGLE_RECORD_FILES.has(file)) bytes = readBytesSync(buffer, path);
    else bytes = kept === undefined ? readSingleRecordSync(buffer, path) : kept.read(path);
    const text = bytes.toString('utf8');
    return text === '' ? GONE : text;
  } catch (err) {
    if (isGoneError(err)) return GONE;
    if (isDeniedError(err)) return DENIED;
    throw err;
  }
}

/**
 * Read a file other than stat. A denied read, or a missing file while the process is still there,
 * is an unmeasured field: undefined. GONE only when the process itself is gone.
 */
export function readOptional(buffer: ReadBuffer, dir: string, file: string): string | undefined | typeof GONE {
  const text = readOptionalOrDenied(buffer, dir, file);
  return text === DENIED ? undefined : text;
}

/** readOptional, telling a denied read (DENIED) apart from an absent file (undefined). */
export function readOptionalOrDenied(buffer: ReadBuffer, dir: string, file: string): string | undefined | typeof GONE | typeof DENIED {
  const text = readText(buffer, dir, file);
  if (text === GONE) return existsSync(dir) ? undefined : GONE;
  return text;
}

/** The facts files (plan.ts planFacts; facts.ts reads them). */
export type FactFile = 'status' | 'cgroup';

/**
 * Where the facts reader gets a process's cmdline, status and cgroup: each read as it is needed
 * (directFactFiles), or the pass's read ahead in one native call (read-ahead.ts).
 */
export interface FactFiles {
  /**
   * cmdline's bytes, at most `cap` of them (a view valid until the next read); undefined when it
   * is denied, or missing while the process is there (a kernel thread's reads empty, not this).
   */
  cmdline(dir: string, pid: number, cap: number): Buffer | undefined | typeof GONE;
  /**
   * As readOptional; of status, the text may be only the lines facts.ts parses (parse.ts
   * STATUS_FACT_KEYS), which the parsers read as they would the whole file.
   */
  optional(dir: string, pid: number, file: FactFile): string | undefined | typeof GONE;
}

/** Each facts file read when it is asked for, into `buffer`. */
export function directFactFiles(buffer: ReadBuffer): FactFiles {
  return {
    cmdline(dir, _pid, cap) {
      try {
        return readBytesSync(buffer, `${dir}/cmdline`, cap);
      } catch (err) {
        if (isGoneError(err) && !existsSync(dir)) return GONE;
        if (isGoneError(err) || isDeniedError(err)) return undefined;
        throw err;
      }
    },
    optional: (dir, _pid, file) => readOptional(buffer, dir, file),
  };
}
