/**
 * The advisor's allow-list as the config file gives it ([[advisor.allow]], docs/config.md): which
 * advised action may run without the user, on which processes, how often. Shared vocabulary of
 * config (which validates it) and the advisor runtime (which obeys it).
 */
import type { ProcessSelector } from './metrics.js';

/**
 * The advice kinds the advisor may carry out: renice, ionice, stop (SIGSTOP), sched_idle
 * (SCHED_IDLE), and cpu_weight / io_weight (lower the weight of the process's cgroup).
 */
export const ADVISOR_ACTIONS = ['renice', 'ionice', 'stop', 'sched_idle', 'cpu_weight', 'io_weight'] as const;
export type AdvisorActionName = (typeof ADVISOR_ACTIONS)[number];

export interface AdvisorRule {
  action: AdvisorActionName;
  /** Which processes; required, so an allow-list never means "everything". */
  selector: ProcessSelector;
  /** At most this many actions of this rule in any hour. */
  maxPerHour: number;
}

export interface AdvisorSettings {
  enabled: boolean;
  /** The journal of what it did, which `smoothtask advisor undo` reads. */
  journal: string;
  allow: AdvisorRule[];
}
