/**
 * Scheduling policies (sched_setscheduler(2), sched(7)): their numbers, words, checks and the
 * effect CFS gives SCHED_IDLE. No system calls, so the scheduling dialog can use it; chrt.ts sets
 * and reads back.
 * @see https://man7.org/linux/man-pages/man7/sched.7.html
 */

/** SCHED_* in include/uapi/linux/sched.h. */
const POLICY_NUMBERS = { other: 0, fifo: 1, rr: 2, batch: 3, idle: 5, deadline: 6 } as const;
export type SchedPolicy = keyof typeof POLICY_NUMBERS;

/** SCHED_RESET_ON_FORK, or-ed into the policy: children start at SCHED_OTHER and nice 0 or above. */
const RESET_ON_FORK = 0x40000000;

/** The policies the dialog offers: the CFS ones. Realtime from a monitor could starve the machine. */
export const DIALOG_POLICIES = ['other', 'batch', 'idle'] as const satisfies readonly SchedPolicy[];
export type DialogPolicy = (typeof DIALOG_POLICIES)[number];

/**
 * CFS load weight of a SCHED_IDLE task: WEIGHT_IDLEPRIO in kernel/sched/sched.h, against 1024
 * for nice 0 and 15 for nice 19 (sched_prio_to_weight).
 */
export const SCHED_IDLE_WEIGHT = 3;

export interface SchedSetting {
  policy: SchedPolicy;
  /** sched_priority: 1..99 for fifo and rr, 0 for the others. */
  priority: number;
  /** SCHED_RESET_ON_FORK was set; kept so undo restores it too. */
  resetOnFork?: boolean;
}

/** What sched_getscheduler and sched_getparam returned, in words; undefined for a policy this table does not know. */
export function decodeSched(rawPolicy: number, priority: number): SchedSetting | undefined {
  const base = rawPolicy & ~RESET_ON_FORK;
  const policy = (Object.keys(POLICY_NUMBERS) as SchedPolicy[]).find((p) => POLICY_NUMBERS[p] === base);
  if (policy === undefined) return undefined;
  return (rawPolicy & RESET_ON_FORK) !== 0 ? { policy, priority, resetOnFork: true } : { policy, priority };
}

/** The policy number sched_setscheduler takes. */
export function encodePolicy(s: SchedSetting): number {
  return POLICY_NUMBERS[s.policy] | (s.resetOnFork === true ? RESET_ON_FORK : 0);
}

export function isRealtime(policy: SchedPolicy): boolean {
  return policy === 'fifo' || policy === 'rr';
}

/** "SCHED_IDLE", as chrt(1) names a policy. */
export function policyName(policy: SchedPolicy): string {
  return `SCHED_${policy.toUpperCase()}`;
}

/** "SCHED_IDLE", "SCHED_FIFO 50". */
export function describeSched(s: SchedSetting): string {
  return `${policyName(s.policy)}${isRealtime(s.policy) ? ` ${s.priority}` : ''}${s.resetOnFork === true ? ' (reset on fork)' : ''}`;
}

/** Why `s` is not a setting sched_setscheduler takes, or undefined. */
export function schedSettingError(s: SchedSetting): string | undefined {
  if (!(s.policy in POLICY_NUMBERS)) return `unknown scheduling policy ${String(s.policy)}`;
  if (s.policy === 'deadline') return 'SCHED_DEADLINE needs a runtime, deadline and period (sched_setattr), not a priority';
  if (isRealtime(s.policy)) {
    return Number.isInteger(s.priority) && s.priority >= 1 && s.priority <= 99 ? undefined : `${policyName(s.policy)} needs a priority from 1 to 99`;
  }
  return s.priority === 0 ? undefined : `${describeSched(s)} has no priority (0)`;
}
