/**
 * Pure parsers for the host facts: boot time, uptime, the online CPU list, the kernel page size
 * and the auxiliary vector. Text (or bytes) in, data out; readers live in proc.ts and static.ts.
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
 * fallback for when /proc/self/auxv gives no AT_PAGESZ.
 * @see https://docs.kernel.org/filesystems/proc.html (section 1.1, smaps)
 */
export function parseKernelPageSize(smapsText: string): number | undefined {
  const match = /^KernelPageSize:\s+(\d{1,20}) kB$/m.exec(smapsText);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Types of the auxiliary vector (elf.h): the page size, and USER_HZ (what sysconf(_SC_CLK_TCK) returns). */
export const AT_PAGESZ = 6;
export const AT_CLKTCK = 17;

/**
 * One value of the ELF auxiliary vector the kernel gives every process (/proc/self/auxv), where
 * the C library's sysconf(3) finds the page size and USER_HZ: pairs of 64-bit words (type, value)
 * in the machine's byte order, ended by type 0 (AT_NULL). Undefined when the type is absent, the
 * vector ends first, or the value is 0 or not a safe integer.
 * @see https://man7.org/linux/man-pages/man3/getauxval.3.html
 */
export function auxvValue(data: Uint8Array, type: number, littleEndian: boolean): number | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at + 16 <= data.byteLength; at += 16) {
    const entry = view.getBigUint64(at, littleEndian);
    if (entry === 0n) return undefined;
    if (entry !== BigInt(type)) continue;
    const value = view.getBigUint64(at + 8, littleEndian);
    return value > 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
  }
  return undefined;
}
