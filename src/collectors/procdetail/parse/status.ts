/**
 * Pure parser for /proc/PID/status (proc_pid_status(5)): the ids, memory split and context
 * switch counts the detail view shows. Text in, data out.
 */

/** The four ids of a "Uid:" or "Gid:" line: real, effective, saved set, file system. */
export interface IdSet {
  real: number;
  effective: number;
  saved: number;
  fs: number;
}

/** The /proc/PID/status fields the detail view uses; each is undefined when absent. */
export interface StatusFields {
  uid?: IdSet;
  gid?: IdSet;
  threads?: number;
  /** RssAnon / RssFile / RssShmem, bytes (absent for kernel threads). */
  rssAnonBytes?: number;
  rssFileBytes?: number;
  rssShmemBytes?: number;
  /** VmSwap, bytes. */
  swapBytes?: number;
  voluntaryCtxtSwitches?: number;
  nonvoluntaryCtxtSwitches?: number;
}

/** Ids are u32 (10 digits at most); Number() alone would also take -1, 0x1f and 1e3. */
function idSet(value: string | undefined): IdSet | undefined {
  if (value === undefined) return undefined;
  const s = value.trim().split(/\s+/);
  if (s.length < 4 || s.slice(0, 4).some((id) => !/^\d{1,10}$/.test(id))) return undefined;
  const f = s.map(Number);
  return { real: f[0], effective: f[1], saved: f[2], fs: f[3] };
}

/** Counts are unsigned longs: 20 digits at most (a longer run would read as Infinity). */
function count(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  return /^\d{1,20}$/.test(t) ? Number(t) : undefined;
}

/** "123 kB" → bytes. */
function kB(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^\s*(\d{1,20}) kB\s*$/.exec(value);
  return m === null ? undefined : Number(m[1]) * 1024;
}

/**
 * Parse /proc/PID/status `Key:\tvalue` lines.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_status.5.html
 */
export function parseStatus(text: string): StatusFields {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return {
    uid: idSet(map.get('Uid')),
    gid: idSet(map.get('Gid')),
    threads: count(map.get('Threads')),
    rssAnonBytes: kB(map.get('RssAnon')),
    rssFileBytes: kB(map.get('RssFile')),
    rssShmemBytes: kB(map.get('RssShmem')),
    swapBytes: kB(map.get('VmSwap')),
    voluntaryCtxtSwitches: count(map.get('voluntary_ctxt_switches')),
    nonvoluntaryCtxtSwitches: count(map.get('nonvoluntary_ctxt_switches')),
  };
}
