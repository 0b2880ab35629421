/**
 * How the /proc backend reads one file of /proc/PID and tells its outcomes apart: the text, the
 * process gone (GONE), the file not ours to read (DENIED), or absent while the process is there
 * (undefined: a kernel built without task I/O accounting has no io).
 */
import { existsSync } from 'node:fs';
import { isDeniedError, isGoneError, readBytesSync, readSingleRecordSync } from '../../util/readfile.js';

/** The process vanished while it was being read. */
export const GONE = Symbol('gone');
/** The file exists but is not ours to read (EACCES, EPERM). */
export const DENIED = Symbol('denied');

/**
 * The files of /proc/PID that are one seq_file record (fs/proc/base.c ONE() entries), read in a
 * single read(2) by readSingleRecordSync. Everything else (cmdline) is read to its end.
 */
const SINGLE_RECORD_FILES = new Set(['stat', 'statm', 'io', 'schedstat', 'status']);

/** `readRecord` reads a single-record file (default: open, read, close). */
export function readText(
  dir: string,
  file: string,
  readRecord: (path: string) => Buffer = readSingleRecordSync,
): string | typeof GONE | typeof DENIED {
  try {
    const read = SINGLE_RECORD_FILES.has(file) ? readRecord : readBytesSync;
    const text = read(`${dir}/${file}`).toString('utf8');
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
export function readOptional(dir: string, file: string): string | undefined | typeof GONE {
  const text = readOptionalOrDenied(dir, file);
  return text === DENIED ? undefined : text;
}

/** readOptional, telling a denied read (DENIED) apart from an absent file (undefined). */
export function readOptionalOrDenied(dir: string, file: string): string | undefined | typeof GONE | typeof DENIED {
  const text = readText(dir, file);
  if (text === GONE) return existsSync(dir) ? undefined : GONE;
  return text;
}
