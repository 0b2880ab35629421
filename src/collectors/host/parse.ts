/**
 * Pure parsers for the host facts: boot time, uptime, the online CPU list and the kernel page
 * size. Text in, data out; readers live in proc.ts and static.ts.
 */

/**
 * Boot time in seconds since the epoch: the `btime` line of /proc/stat.
 * @see https://man7.org/linux/man-pages/man5/proc_stat.5.html
 */
export function parseBtime(statText: string): number | undefined {
  const match = /^btime\s+(\d{1,20})\s*$/m.exec(statText);
  return match ? Number(match[1]) : undefined;
}

/** The two numbers of /proc/uptime. */
export interface Uptime {
  /** Seconds since boot, including time suspended. */
  uptimeSeconds: number;
  /** Sum of the idle time of every CPU, seconds (so it can exceed uptime). */
  idleSeconds: number;
}

/**
 * /proc/uptime: two decimal numbers, uptime and summed idle time.
 * @see https://man7.org/linux/man-pages/man5/proc_uptime.5.html
 */
export function parseUptime(text: string): Uptime | undefined {
  // Two unsigned decimals (`%lu.%02lu`): Number() alone would also take -1, 0x1f and 1e3.
  const match = /^(\d{1,20}(?:\.\d{1,20})?)\s+(\d{1,20}(?:\.\d{1,20})?)$/.exec(text.trim());
  if (!match) return undefined;
  return { uptimeSeconds: Number(match[1]), idleSeconds: Number(match[2]) };
}

/**
 * Above any CPU id a kernel can have (NR_CPUS is at most 8192 today): a list that names one is
 * malformed, and expanding a range like `0-99999999999` would not end.
 */
const MAX_CPU_ID = 65535;

/**
 * A kernel CPU list such as `0-3,8,10-11` (/sys/devices/system/cpu/online) → sorted CPU ids.
 * Throws on anything else, so a malformed file is reported rather than read as "no CPUs".
 * @see https://docs.kernel.org/admin-guide/cputopology.html
 */
export function parseCpuList(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const ids: number[] = [];
  for (const part of trimmed.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) throw new Error(`malformed CPU list: ${JSON.stringify(trimmed)}`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first || last > MAX_CPU_ID) throw new Error(`malformed CPU list: ${JSON.stringify(trimmed)}`);
    for (let id = first; id <= last; id++) ids.push(id);
  }
  return ids;
}

/**
 * Page size in bytes from the first `KernelPageSize:` line of /proc/PID/smaps, a measured
 * fallback for when `getconf PAGESIZE` cannot run.
 * @see https://docs.kernel.org/filesystems/proc.html (section 1.1, smaps)
 */
export function parseKernelPageSize(smapsText: string): number | undefined {
  const match = /^KernelPageSize:\s+(\d{1,20}) kB$/m.exec(smapsText);
  return match ? Number(match[1]) * 1024 : undefined;
}
