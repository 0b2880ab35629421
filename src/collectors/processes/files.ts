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
