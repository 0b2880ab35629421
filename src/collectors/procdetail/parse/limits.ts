/**
 * Pure parser for /proc/PID/limits (proc_pid_limits(5)): the resource limits table.
 */

/** One limit; a number, or 'unlimited'. */
export interface ResourceLimit {
  /** As the kernel names it: "Max open files". */
  name: string;
  soft: number | 'unlimited';
  hard: number | 'unlimited';
  /** seconds, bytes, processes, files, ... ('' where the kernel prints none). */
  units: string;
}

function limitValue(s: string): number | 'unlimited' | undefined {
  if (s === 'unlimited') return s;
  // rlim_t is a u64: 20 digits at most (a longer run would read as Infinity).
  return /^\d{1,20}$/.test(s) ? Number(s) : undefined;
}

/**
 * Parse the table: a header line, then `Name<spaces>Soft<spaces>Hard<spaces>[Units]`. Names
 * contain single spaces ("Max open files"), columns are separated by two or more.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_limits.5.html
 */
export function parseLimits(text: string): ResourceLimit[] {
  const out: ResourceLimit[] = [];
  for (const line of text.split('\n').slice(1)) {
    const m = /^(\S.*?)\s{2,}(\S+)\s+(\S+)(?:\s+(\S+))?\s*$/.exec(line);
    if (m === null) continue;
    const soft = limitValue(m[2]);
    const hard = limitValue(m[3]);
    if (soft === undefined || hard === undefined) continue;
    out.push({ name: m[1], soft, hard, units: m[4] ?? '' });
  }
  return out;
}
