/** Pure parsers for /proc/meminfo and /proc/loadavg (uptime is parsed in ../host/parse.ts). */

/**
 * /proc/meminfo as key → value. Values with a `kB` unit are converted to bytes (the kernel's
 * "kB" is KiB); unitless counts (HugePages_Total) are kept as they are. Malformed lines are
 * skipped.
 * @see https://docs.kernel.org/filesystems/proc.html (meminfo)
 * @see https://man7.org/linux/man-pages/man5/proc_meminfo.5.html
 */
export function parseMeminfo(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    // At most 20 digits, a u64: a longer run is not a kernel value (and would read as Infinity).
    const match = /^([^:\s]+):\s+(\d{1,20})(?: (kB))?\s*$/.exec(line);
    if (!match) continue;
    values[match[1]] = match[3] === 'kB' ? Number(match[2]) * 1024 : Number(match[2]);
  }
  return values;
}

/** The /proc/vmstat counters the memory panel turns into rates. */
export interface VmstatCounters {
  /** Pages swapped in and out since boot. */
  pswpin?: number;
  pswpout?: number;
  /** Major page faults (a page read from disk or swap) since boot. */
  pgmajfault?: number;
}

/**
 * /proc/vmstat: `name value` lines. Only the counters VmstatCounters names are kept; a line that
 * is not a name and at most 20 digits is skipped.
 * @see https://docs.kernel.org/admin-guide/mm/concepts.html
 */
export function parseVmstat(text: string): VmstatCounters {
  const out: VmstatCounters = {};
  for (const line of text.split('\n')) {
    const match = /^(pswpin|pswpout|pgmajfault) (\d{1,20})$/.exec(line);
    if (match) out[match[1] as keyof VmstatCounters] = Number(match[2]);
  }
  return out;
}

/** The fields of /proc/loadavg but the last pid. */
export interface LoadAverage {
  load1: number;
  load5: number;
  load15: number;
  /** Runnable scheduling entities now. */
  running: number;
  /** Scheduling entities (threads) that exist. */
  total: number;
}

/**
 * /proc/loadavg: `0.05 0.12 0.07 1/88 4353`.
 * @see https://man7.org/linux/man-pages/man5/proc_loadavg.5.html
 */
export function parseLoadavg(text: string): LoadAverage | undefined {
  // Digit runs bounded as the kernel's unsigned longs are, so no field reads as Infinity.
  const match = /^(\d{1,20}\.\d{1,20}) (\d{1,20}\.\d{1,20}) (\d{1,20}\.\d{1,20}) (\d{1,20})\/(\d{1,20}) \d+\s*$/.exec(text);
  if (!match) return undefined;
  const [load1, load5, load15, running, total] = match.slice(1, 6).map(Number);
  return { load1, load5, load15, running, total };
}
