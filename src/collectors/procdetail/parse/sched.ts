/**
 * Pure parsers for scheduling facts: the policy and real-time priority in /proc/PID/stat
 * (fields 40 and 41, which the table's stat parser does not keep) and the three counters of
 * /proc/PID/schedstat.
 */

/**
 * Policy numbers from include/uapi/linux/sched.h, named as sched(7) names them.
 * 4 is reserved (SCHED_ISO was never merged); 7 is SCHED_EXT (sched_ext, Linux 6.12+).
 * @see https://man7.org/linux/man-pages/man7/sched.7.html
 */
const POLICY_NAMES: Record<number, string> = {
  0: 'SCHED_OTHER',
  1: 'SCHED_FIFO',
  2: 'SCHED_RR',
  3: 'SCHED_BATCH',
  5: 'SCHED_IDLE',
  6: 'SCHED_DEADLINE',
  7: 'SCHED_EXT',
};

/** The sched(7) name of a policy number, or `policy N` for one this table does not know. */
export function schedPolicyName(policy: number): string {
  return POLICY_NAMES[policy] ?? `policy ${policy}`;
}

/** Real-time priority and policy from /proc/PID/stat. */
export interface StatSched {
  /** Field 40, rt_priority: 1..99 for real-time policies, 0 otherwise. */
  rtPriority: number;
  /** Field 41, policy (SCHED_* number). */
  policy: number;
}

/**
 * Fields 40 and 41 of /proc/PID/stat, counted after the last ')' so a comm with spaces or
 * parentheses cannot shift them. Undefined when the line is too short (kernels before 2.5.19).
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
export function parseStatSched(text: string): StatSched | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const rest = text
    .slice(close + 2)
    .trim()
    .split(' ');
  // rest[0] is field 3, so field N is rest[N - 3].
  const rt = rest[40 - 3];
  const policy = rest[41 - 3];
  if (rt === undefined || policy === undefined || !/^\d{1,10}$/.test(rt) || !/^\d{1,10}$/.test(policy)) return undefined;
  return { rtPriority: Number(rt), policy: Number(policy) };
}

/** /proc/PID/schedstat: cumulative nanoseconds on a CPU and waiting for one, and timeslices. */
export interface Schedstat {
  runNs: number;
  waitNs: number;
  timeslices: number;
}

/**
 * Parse /proc/PID/schedstat (or /proc/PID/task/TID/schedstat).
 * @see https://docs.kernel.org/scheduler/sched-stats.html
 */
export function parseSchedstat(text: string): Schedstat | undefined {
  const f = text.trim().split(' ');
  // u64 counters: 20 digits at most (a longer run would read as Infinity).
  if (f.length < 3 || !f.slice(0, 3).every((s) => /^\d{1,20}$/.test(s))) return undefined;
  return { runNs: Number(f[0]), waitNs: Number(f[1]), timeslices: Number(f[2]) };
}
