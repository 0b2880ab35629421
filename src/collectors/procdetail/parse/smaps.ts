/**
 * Pure parsers for /proc/PID/smaps_rollup and /proc/PID/smaps (the per-mapping memory
 * accounting; https://docs.kernel.org/filesystems/proc.html section 1.1).
 */

/** smaps_rollup totals, bytes; undefined where the line is missing. */
export interface SmapsRollup {
  rssBytes?: number;
  pssBytes?: number;
  pssAnonBytes?: number;
  pssFileBytes?: number;
  pssShmemBytes?: number;
  swapBytes?: number;
  swapPssBytes?: number;
}

const ROLLUP_KEYS: Record<string, keyof SmapsRollup> = {
  Rss: 'rssBytes',
  Pss: 'pssBytes',
  Pss_Anon: 'pssAnonBytes',
  Pss_File: 'pssFileBytes',
  Pss_Shmem: 'pssShmemBytes',
  Swap: 'swapBytes',
  SwapPss: 'swapPssBytes',
};

/** Sizes are unsigned longs: 20 digits at most (a longer run would read as Infinity). */
const KB_LINE = /^(\w+):\s+(\d{1,20}) kB$/;

/** Parse /proc/PID/smaps_rollup (`Key:   N kB` lines after the [rollup] header). */
export function parseSmapsRollup(text: string): SmapsRollup {
  const out: SmapsRollup = {};
  for (const line of text.split('\n')) {
    const m = KB_LINE.exec(line);
    const key = m === null ? undefined : ROLLUP_KEYS[m[1]];
    if (m !== null && key !== undefined) out[key] = Number(m[2]) * 1024;
  }
  return out;
}

/** One mapping from /proc/PID/smaps. */
export interface Mapping {
  start: string;
  end: string;
  perms: string;
  /** Path, [heap], [stack], [vdso], or '' for anonymous memory. Not sanitised. */
  name: string;
  rssBytes: number;
  pssBytes?: number;
  swapBytes?: number;
}

/** `start-end perms offset dev inode [name]` */
const HEADER = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) [0-9a-f]+ \S+ \d+\s*(.*)$/;

/**
 * The `limit` largest mappings by RSS. `text` may be cut short by a bounded read: a mapping
 * without its Rss line is dropped rather than counted as 0.
 */
export function largestMappings(text: string, limit: number): Mapping[] {
  const all: Mapping[] = [];
  let cur: (Partial<Mapping> & { name?: string }) | undefined;
  const flush = (): void => {
    if (cur?.rssBytes !== undefined) all.push(cur as Mapping);
  };
  for (const line of text.split('\n')) {
    const h = HEADER.exec(line);
    if (h !== null) {
      flush();
      cur = { start: h[1], end: h[2], perms: h[3], name: h[4] };
      continue;
    }
    const m = KB_LINE.exec(line);
    if (m === null || cur === undefined) continue;
    const bytes = Number(m[2]) * 1024;
    if (m[1] === 'Rss') cur.rssBytes = bytes;
    else if (m[1] === 'Pss') cur.pssBytes = bytes;
    else if (m[1] === 'Swap') cur.swapBytes = bytes;
  }
  flush();
  return all.sort((a, b) => b.rssBytes - a.rssBytes).slice(0, limit);
}
