/**
 * `smoothtask advisor undo`: reverses every automatic action in the advisor's journal that is not
 * undone yet, newest first: the nice value, I/O priority or scheduling policy it had before,
 * SIGCONT for a stopped process, the exact weight a cgroup had. Each process is checked by (pid,
 * start time) first, so a pid reused since is left alone; a cgroup weight is restored whether or
 * not the process is still there, since the cgroup outlives it. Exit 0 when every action was
 * reversed or what it changed is gone (the process exited, the cgroup was removed), 1 when one
 * failed (it stays in the journal for the next undo).
 */
import { constants } from 'node:os';
import { readJournal, appendJournal, type ActionEntry } from '../advisor/journal.js';
import type { SchedReading } from '../actions/chrt.js';
import type { ActionResult, ActionTarget } from '../actions/target.js';
import { processActions } from '../runtime/actions.js';
import type { ProcessActions } from '../ui/actions.js';
import { writeErr, writeOut } from './output.js';
import type { Settings } from './settings.js';

function cont(actions: ProcessActions, target: ActionTarget): ActionResult {
  const opened = actions.openSignals([target]);
  const handle = opened.handles[0];
  if (handle === undefined) return opened.failures[0] ?? { ok: false, message: `no pidfd for ${target.pid}` };
  try {
    return handle.send(constants.signals.SIGCONT);
  } finally {
    handle.close();
  }
}

function undo(actions: ProcessActions, e: ActionEntry): ActionResult {
  const target: ActionTarget = { pid: e.pid, startTime: e.startTime, comm: e.comm, cmdline: '' };
  switch (e.action.kind) {
    case 'renice':
      return e.before.nice === undefined ? { ok: false, message: 'the journal holds no nice value to restore' } : actions.renice(target, e.before.nice);
    case 'ionice':
      return e.before.ioPriority === undefined
        ? { ok: false, message: 'the journal holds no I/O priority to restore' }
        : actions.ionice(target, e.before.ioPriority);
    case 'signal':
      return cont(actions, target);
    case 'sched':
      return e.before.sched === undefined
        ? { ok: false, message: 'the journal holds no scheduling policy to restore' }
        : restoreSched(actions, target, e.before.sched);
    case 'weight':
      return e.before.cgroupWeight === undefined
        ? { ok: false, message: 'the journal holds no cgroup weight to restore' }
        : actions.restoreCgroupWeight(e.before.cgroupWeight.at, e.before.cgroupWeight.value);
  }
}

/** The policy and priority from before, then its nice where that policy weighs by nice. */
function restoreSched(actions: ProcessActions, target: ActionTarget, before: SchedReading): ActionResult {
  const set = actions.setSched(target, { policy: before.policy, priority: before.priority, ...(before.resetOnFork ? { resetOnFork: true } : {}) });
  if (!set.ok || before.nice === undefined || (before.policy !== 'other' && before.policy !== 'batch')) return set;
  const nice = actions.renice(target, before.nice);
  return nice.ok ? { ok: true, message: `${set.message}; ${nice.message}` } : nice;
}

export async function runAdvisorUndo(settings: Settings, actions: ProcessActions = processActions({ procRoot: '/proc', sysRoot: '/sys' })): Promise<number> {
  const path = settings.loaded.config.advisor.journal;
  let journal;
  try {
    journal = readJournal(path);
  } catch (err) {
    await writeErr(`smoothtask: cannot read the advisor journal ${path}: ${(err as Error).message}\n`);
    return 2;
  }
  const pending = journal.actions.filter((a) => !journal.undone.has(a.id)).reverse();
  const lines: string[] = [];
  if (journal.skipped > 0) lines.push(`${journal.skipped} line(s) of ${path} are not journal entries and were skipped`);
  if (pending.length === 0) {
    await writeOut([...lines, `nothing to undo in ${path}`].join('\n') + '\n');
    return 0;
  }
  let failed = 0;
  for (const e of pending) {
    const result = undo(actions, e);
    // A process that has exited, or a cgroup removed, has nothing left to restore: done, and said.
    const done = result.ok || (!result.ok && (result.code === 'ESRCH' || (e.action.kind === 'weight' && result.code === 'ENOENT')));
    if (!done) failed++;
    try {
      appendJournal(path, { type: 'undo', id: e.id, at: Date.now(), ok: done, message: result.message });
    } catch (err) {
      await writeErr(`smoothtask: undone, but the journal ${path} could not record it: ${(err as Error).message}\n`);
      return 2;
    }
    lines.push(`${done ? 'undone' : 'FAILED'}: ${e.comm} (${e.pid}): ${result.message}`);
  }
  await writeOut(lines.join('\n') + '\n');
  return failed === 0 ? 0 : 1;
}
