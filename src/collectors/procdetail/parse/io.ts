/**
 * Pure parser for every counter of /proc/PID/io (proc_pid_io(5)): characters and syscalls as
 * well as storage bytes, for the I/O section of the detail view.
 */

/** Cumulative counters; each undefined when the line is missing. */
export interface IoCounters {
  /** Bytes passed to read()-like calls (page cache hits included). */
  rchar?: number;
  wchar?: number;
  /** Read and write system calls. */
  syscr?: number;
  syscw?: number;
  /** Bytes fetched from / sent to storage. */
  readBytes?: number;
  writeBytes?: number;
  /** Bytes this process caused not to be written (truncated dirty pages). */
  cancelledWriteBytes?: number;
}

const KEYS: Record<string, keyof IoCounters> = {
  rchar: 'rchar',
  wchar: 'wchar',
  syscr: 'syscr',
  syscw: 'syscw',
  read_bytes: 'readBytes',
  write_bytes: 'writeBytes',
  cancelled_write_bytes: 'cancelledWriteBytes',
};

/**
 * Parse /proc/PID/io `key: value` lines.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_io.5.html
 */
export function parseIoCounters(text: string): IoCounters {
  const out: IoCounters = {};
  for (const line of text.split('\n')) {
    // u64 counters: 20 digits at most (a longer run would read as Infinity).
    const m = /^(\w+):\s+(\d{1,20})$/.exec(line.trim());
    if (m === null) continue;
    const key = KEYS[m[1]];
    if (key !== undefined) out[key] = Number(m[2]);
  }
  return out;
}
