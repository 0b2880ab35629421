/**
 * The advisor: carries out the verdict's advice without the user, but only what the config's
 * [[advisor.allow]] entries permit (src/advisor/policy.ts), through the same process actions as
 * the screen's dialogs. Each action is written to the journal before it runs (a journal that
 * cannot be written means no action), logged as JSON, and shown in `snapshot.advisor`; `smoothtask
 * advisor undo` reverses it. It runs as a store processor after the verdict's, so it sees the
 * verdict of the same snapshot, in `top` and in the agent alike.
 */
import { constants } from 'node:os';
import type { Logger } from 'pino';
import { appendJournal, type Before } from '../advisor/journal.js';
import { allowedNow, type Decision } from '../advisor/policy.js';
import { targetOf, type ActionResult } from '../actions/target.js';
import type { AdvisorSettings } from '../rules/advisor.js';
import type { Store } from '../store/store.js';
import type { AdvisorRecord, AdvisorStatus } from '../types/snapshot.js';
import type { ProcessActions } from '../ui/actions.js';
import { processKey } from '../util/processKey.js';
import { adviceAction } from '../verdict/format.js';

/** Records kept for the screen. */
const RECORDS_KEPT = 20;

export interface AdvisorRuntime {
  reconfigure(settings: AdvisorSettings): void;
}

export interface StartAdvisorOptions {
  log: Logger;
  actions: ProcessActions;
  /** Wall clock, ms; Date.now by default. */
  now?: () => number;
}

function stop(actions: ProcessActions, d: Decision): ActionResult {
  const opened = actions.openSignals([targetOf(d.row)]);
  const handle = opened.handles[0];
  if (handle === undefined) return opened.failures[0] ?? { ok: false, message: `no pidfd for ${d.row.pid}` };
  try {
    return handle.send(constants.signals.SIGSTOP);
  } finally {
    handle.close();
  }
}

/** Why a value to restore could not be read, where the reader did not say. */
const UNREADABLE: ActionResult = { ok: false, message: 'not done: the value to restore could not be read' };

/**
 * What the action will change, as it is now (undo restores it), or why the action must not run:
 * without the value from before nothing is changed. A SIGSTOP needs none (undo sends SIGCONT).
 */
function before(actions: ProcessActions, d: Decision): { prior: Before; refused?: ActionResult } {
  const a = d.advice.action;
  const target = targetOf(d.row);
  switch (a.kind) {
    case 'signal':
      return { prior: {} };
    case 'renice':
      return d.row.nice === undefined ? { prior: {}, refused: UNREADABLE } : { prior: { nice: d.row.nice } };
    case 'ionice': {
      const read = actions.readIoPriority(target);
      return read.ok && read.priority !== undefined ? { prior: { ioPriority: read.priority } } : { prior: {}, refused: UNREADABLE };
    }
    case 'sched': {
      const read = actions.readSched(target);
      return read.sched !== undefined ? { prior: { sched: read.sched } } : { prior: {}, refused: read.ok ? UNREADABLE : read };
    }
    case 'weight': {
      // The refusal says why: the root cgroup, SmoothTask's own, no io.weight on this kernel.
      const found = actions.readCgroupWeight(target, a.controller);
      return found.found !== undefined
        ? { prior: { cgroupWeight: { at: found.found.at, value: found.found.value } } }
        : { prior: {}, refused: found.ok ? UNREADABLE : found };
    }
  }
}

function apply(actions: ProcessActions, d: Decision, prior: Before): ActionResult {
  const a = d.advice.action;
  switch (a.kind) {
    case 'renice':
      return actions.renice(targetOf(d.row), a.nice);
    case 'ionice':
      return actions.ionice(targetOf(d.row), { ioClass: a.ioClass });
    case 'sched':
      return actions.setSched(targetOf(d.row), { policy: a.policy, priority: 0 });
    case 'weight':
      // The file read before, so undo restores the one that was changed.
      return prior.cgroupWeight === undefined ? UNREADABLE : actions.setCgroupWeight(prior.cgroupWeight.at, a.weight);
    case 'signal':
      return stop(actions, d);
  }
}

export function startAdvisor(store: Store, initial: AdvisorSettings, opts: StartAdvisorOptions): AdvisorRuntime {
  const now = opts.now ?? Date.now;
  let settings = initial;
  const actedOn = new Set<string>();
  const times = new Map<number, number[]>();
  const records: AdvisorRecord[] = [];
  let journalError: string | undefined;

  /** Keep what happened for the screen and log it, with the value the action changed. */
  const remember = (d: Decision, at: number, result: ActionResult, prior: Before): void => {
    const record: AdvisorRecord = {
      at,
      pid: d.row.pid,
      startTime: d.row.startTime,
      comm: d.row.comm,
      action: adviceAction(d.advice),
      rule: d.rule,
      ok: result.ok,
      message: result.message,
    };
    records.push(record);
    if (records.length > RECORDS_KEPT) records.splice(0, records.length - RECORDS_KEPT);
    opts.log.info(
      { advisor: { ...record, resource: d.advice.resource, before: prior, journal: settings.journal } },
      result.ok ? 'advisor acted' : 'advisor action failed',
    );
  };

  const act = (d: Decision): void => {
    const at = now();
    const key = processKey(d.row.pid, d.row.startTime);
    const { prior, refused } = before(opts.actions, d);
    actedOn.add(key);
    // Undo restores the value from before; without it, nothing is changed.
    if (refused !== undefined) return remember(d, at, refused, prior);
    // The journal first: an action undo could not find must not happen.
    try {
      appendJournal(settings.journal, {
        type: 'action',
        id: `${at}-${key}`,
        at,
        pid: d.row.pid,
        startTime: d.row.startTime,
        comm: d.row.comm,
        action: d.advice.action,
        before: prior,
        rule: d.rule,
      });
      journalError = undefined;
    } catch (err) {
      // Not acted on: it is tried again once the journal can be written.
      actedOn.delete(key);
      journalError = `${settings.journal}: ${(err as Error).message}; no automatic action until it can be written`;
      opts.log.error({ journal: settings.journal, error: (err as Error).message }, 'advisor journal not writable; action not taken');
      return;
    }
    times.set(d.rule, [...(times.get(d.rule) ?? []).filter((t) => at - t < 3_600_000), at]);
    remember(d, at, apply(opts.actions, d, prior), prior);
  };

  const status = (): AdvisorStatus => ({
    active: settings.enabled && settings.allow.length > 0,
    journal: settings.journal,
    actions: [...records],
    ...(journalError === undefined ? {} : { journalError }),
  });

  store.addProcessor((snapshot) => {
    if (settings.enabled && settings.allow.length > 0 && snapshot.verdict !== undefined) {
      for (const d of allowedNow(snapshot.verdict.advice, snapshot.processes, settings.allow, { actedOn, times }, now())) act(d);
    }
    return { ...snapshot, advisor: status() };
  });
  return {
    reconfigure(next) {
      settings = next;
    },
  };
}
