/**
 * Pure parsers for CPU time and frequency: the `cpu` lines of /proc/stat, the `cpu MHz` lines
 * of /proc/cpuinfo and cpufreq's scaling_cur_freq.
 */

/**
 * Cumulative CPU time in USER_HZ ticks, one `cpu` line of /proc/stat. Fields the running kernel
 * does not print (iowait before 2.5.41, steal before 2.6.11, guest before 2.6.24) are undefined.
 * Per proc(5), `user` already includes `guest` and `nice` includes `guest_nice`.
 * @see https://man7.org/linux/man-pages/man5/proc_stat.5.html
 */
export interface CpuTicks {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait?: number;
  irq?: number;
  softirq?: number;
  steal?: number;
  guest?: number;
  guestNice?: number;
}

/** The CPU lines of one /proc/stat read. */
export interface CpuStat {
  /** The aggregate `cpu` line, or undefined when it is missing or malformed. */
  total?: CpuTicks;
  /** One entry per well-formed `cpuN` line: only online CPUs are listed. */
  cores: { id: number; ticks: CpuTicks }[];
}

/**
 * A u64 as the kernel prints it: at most 20 digits. Longer runs of digits are not a counter, and
 * Number() would read them as Infinity.
 */
const U64 = /^\d{1,20}$/;

const TICK_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const;

/** The numbers of one cpu line; undefined when it lacks user..idle or holds a non-number. */
function parseTicks(fields: string[]): CpuTicks | undefined {
  if (fields.length < 4) return undefined;
  const ticks: Partial<Record<(typeof TICK_FIELDS)[number], number>> = {};
  for (let i = 0; i < TICK_FIELDS.length && i < fields.length; i++) {
    if (!U64.test(fields[i])) return undefined;
    ticks[TICK_FIELDS[i]] = Number(fields[i]);
  }
  return ticks as CpuTicks;
}

/**
 * The `cpu` and `cpuN` lines of /proc/stat. Malformed or truncated lines are skipped, so a
 * partial read yields fewer CPUs rather than wrong numbers.
 * @see https://man7.org/linux/man-pages/man5/proc_stat.5.html
 */
export function parseProcStatCpu(text: string): CpuStat {
  const stat: CpuStat = { cores: [] };
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [label, ...fields] = line.trim().split(/\s+/);
    const ticks = parseTicks(fields);
    if (ticks === undefined) continue;
    if (label === 'cpu') stat.total = ticks;
    else if (/^cpu\d{1,20}$/.test(label)) stat.cores.push({ id: Number(label.slice(3)), ticks });
  }
  return stat;
}

/** One character the way String.prototype.trim sees it: white space or a line terminator. */
const TRIMMED = /\s/;

/**
 * Frequency per logical CPU in MHz from the `processor` and `cpu MHz` lines of /proc/cpuinfo
 * (x86 prints both; other architectures may print neither, giving an empty map). A line's key is
 * what comes before its first colon, trimmed. The text is some 1.2 KB a CPU, most of it lines
 * whose key can be neither (flags, bugs): those are passed over by their first character, without
 * cutting the text into lines or the line into key and value.
 * @see https://docs.kernel.org/filesystems/proc.html (1.2 Kernel data, cpuinfo)
 */
export function parseCpuinfoMHz(text: string): Record<number, number> {
  const byCpu: Record<number, number> = {};
  let cpu: number | undefined;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const first = text[start];
    const colon = first === 'p' || first === 'c' || TRIMMED.test(first) ? text.indexOf(':', start) : -1;
    if (colon >= 0 && colon < end) {
      const key = text.slice(start, colon).trim();
      if (key === 'processor') {
        const value = text.slice(colon + 1, end).trim();
        cpu = U64.test(value) ? Number(value) : undefined;
      } else if (key === 'cpu MHz' && cpu !== undefined) {
        const value = text.slice(colon + 1, end).trim();
        const mhz = Number(value);
        if (value !== '' && Number.isFinite(mhz) && mhz > 0) byCpu[cpu] = mhz;
      }
    }
    start = end + 1;
  }
  return byCpu;
}

/**
 * cpufreq's scaling_cur_freq (kHz, one integer) → MHz; undefined for anything else (some
 * drivers print `<unknown>`).
 * @see https://docs.kernel.org/admin-guide/pm/cpufreq.html
 */
export function parseScalingCurFreq(text: string): number | undefined {
  const trimmed = text.trim();
  return U64.test(trimmed) ? Number(trimmed) / 1000 : undefined;
}
