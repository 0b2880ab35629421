/**
 * Tagging, as in htop: space tags or untags a process, actions then apply to the tagged set.
 * A reducer (fits React's useReducer) keyed by (pid, startTime), so a tag never moves to a
 * process that reuses a pid; `prune` drops tags of processes that have exited.
 */
import { processKey } from '../util/processKey.js';
import type { ProcessRow } from '../types/snapshot.js';
import { targetOf, type ActionTarget } from './target.js';

/** The tagged processes' keys (`${pid}:${startTime}`). */
export interface TagState {
  readonly tagged: ReadonlySet<string>;
}

export const initialTagState: TagState = { tagged: new Set() };

interface Identity {
  pid: number;
  startTime: number;
}

export type TagAction =
  | { type: 'toggle'; process: Identity }
  | { type: 'tag'; processes: readonly Identity[] }
  | { type: 'clear' }
  /** Keep only tags of processes in `alive` (the current snapshot's rows). */
  | { type: 'prune'; alive: readonly Identity[] };

export function tagReducer(state: TagState, action: TagAction): TagState {
  switch (action.type) {
    case 'toggle': {
      const next = new Set(state.tagged);
      const key = processKey(action.process.pid, action.process.startTime);
      if (!next.delete(key)) next.add(key);
      return { tagged: next };
    }
    case 'tag': {
      const next = new Set(state.tagged);
      for (const p of action.processes) next.add(processKey(p.pid, p.startTime));
      return next.size === state.tagged.size ? state : { tagged: next };
    }
    case 'clear':
      return state.tagged.size === 0 ? state : initialTagState;
    case 'prune': {
      const alive = new Set(action.alive.map((p) => processKey(p.pid, p.startTime)));
      const next = new Set([...state.tagged].filter((k) => alive.has(k)));
      return next.size === state.tagged.size ? state : { tagged: next };
    }
  }
}

export function isTagged(state: TagState, pid: number, startTime: number): boolean {
  return state.tagged.has(processKey(pid, startTime));
}

/**
 * What an action applies to: the tagged processes still in `rows`, or, when nothing is tagged,
 * the selected row alone (as htop does).
 */
export function actionTargets(state: TagState, rows: readonly ProcessRow[], selected: ProcessRow | undefined): ActionTarget[] {
  if (state.tagged.size === 0) return selected === undefined ? [] : [targetOf(selected)];
  return rows.filter((r) => state.tagged.has(processKey(r.pid, r.startTime))).map(targetOf);
}
