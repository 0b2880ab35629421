/**
 * Process groups, as process-exporter forms them: each process belongs to the first configured
 * group whose selector it matches (comm exactly or by regex, user, cgroup path), else to the
 * group named by its command name (process-exporter's default, `{{.Comm}}`).
 * @see https://github.com/ncabatoff/process-exporter#configuration-and-group-naming
 */
import { selects, type ProcessSelector } from '../rules/metrics.js';
import type { ProcessRow } from '../types/snapshot.js';

export interface ProcessGroupRule {
  /** The group's name (the groupname label). */
  name: string;
  selector: ProcessSelector;
}

/** The group a process belongs to. */
export function groupOf(p: ProcessRow, rules: readonly ProcessGroupRule[]): string {
  for (const r of rules) if (selects(r.selector, p)) return r.name;
  return p.comm;
}
