/**
 * Which of the verdict's advice the advisor may carry out now: an allow-list entry of the same
 * action must select the process, that entry must be under its hourly limit, and the process
 * (pid, start time) must not have been acted on already. Pure: the caller keeps the state.
 */
import { selects } from '../rules/metrics.js';
import type { AdvisorActionName, AdvisorRule } from '../rules/advisor.js';
import type { ProcessRow } from '../types/snapshot.js';
import type { Advice } from '../verdict/advice.js';
import { processKey } from '../util/processKey.js';
import { rowsByPid } from '../util/rowsByPid.js';

const HOUR_MS = 3_600_000;

/** What the advisor remembers between snapshots. */
export interface PolicyState {
  /** Processes acted on, by processKey: each is acted on once. */
  actedOn: ReadonlySet<string>;
  /** Times (ms) of each allow-list entry's actions, by its index. */
  times: ReadonlyMap<number, readonly number[]>;
}

export interface Decision {
  advice: Advice;
  row: ProcessRow;
  /** Index of the allow-list entry that permits it. */
  rule: number;
}

/** The allow-list's name for an advice's action (docs/config.md). */
export function actionName(a: Advice): AdvisorActionName {
  switch (a.action.kind) {
    case 'signal':
      return 'stop';
    case 'sched':
      return 'sched_idle';
    case 'weight':
      return a.action.controller === 'cpu' ? 'cpu_weight' : 'io_weight';
    default:
      return a.action.kind;
  }
}

export function allowedNow(advice: readonly Advice[], rows: readonly ProcessRow[], allow: readonly AdvisorRule[], state: PolicyState, now: number): Decision[] {
  const byPid = rowsByPid(
    rows,
    advice.map((a) => a.pid),
  );
  const used = new Map<number, number>();
  const decided = new Set<string>();
  const out: Decision[] = [];
  for (const a of advice) {
    const row = byPid.get(a.pid);
    const key = processKey(a.pid, a.startTime);
    if (row === undefined || row.startTime !== a.startTime || state.actedOn.has(key) || decided.has(key)) continue;
    const rule = allow.findIndex((r, i) => {
      if (r.action !== actionName(a) || !selects(r.selector, row)) return false;
      const lastHour = (state.times.get(i) ?? []).filter((t) => now - t < HOUR_MS).length;
      return lastHour + (used.get(i) ?? 0) < r.maxPerHour;
    });
    if (rule < 0) continue;
    used.set(rule, (used.get(rule) ?? 0) + 1);
    decided.add(key);
    out.push({ advice: a, row, rule });
  }
  return out;
}
