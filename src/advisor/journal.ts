/**
 * The advisor's journal: one JSON line per automatic action, written before the action runs
 * (so nothing is changed that undo could not find), and one line per undo. `smoothtask advisor
 * undo` replays it backwards. Parsing is pure over the file's text; a line that is not one of
 * ours is counted and skipped, never fatal.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SchedReading } from '../actions/chrt.js';
import type { IoPriority } from '../actions/ioprio.js';
import type { CgroupWeightAt } from '../actions/reweight.js';
import type { AdviceAction } from '../verdict/advice.js';

/** What an action changed, as it was before: what undo restores. */
export interface Before {
  nice?: number;
  ioPriority?: IoPriority;
  /** The policy and priority before SCHED_IDLE, with the nice SCHED_OTHER and SCHED_BATCH weigh by. */
  sched?: SchedReading;
  /** The weight file changed and its value before, in the file's own units (cpu.shares 1024). */
  cgroupWeight?: { at: CgroupWeightAt; value: number };
}

export interface ActionEntry {
  type: 'action';
  id: string;
  /** ms since the epoch. */
  at: number;
  pid: number;
  startTime: number;
  comm: string;
  action: AdviceAction;
  before: Before;
  /** Index of the allow-list entry that permitted it. */
  rule: number;
}

export interface UndoEntry {
  type: 'undo';
  /** The action entry's id. */
  id: string;
  at: number;
  ok: boolean;
  message: string;
}

export type JournalEntry = ActionEntry | UndoEntry;

export interface Journal {
  actions: ActionEntry[];
  /** Ids of actions undone (or found gone) already. */
  undone: Set<string>;
  /** Lines that were not journal entries. */
  skipped: number;
}

function isEntry(v: unknown): v is JournalEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  if (typeof e.id !== 'string' || typeof e.at !== 'number') return false;
  if (e.type === 'undo') return typeof e.ok === 'boolean' && typeof e.message === 'string';
  return (
    e.type === 'action' &&
    Number.isInteger(e.pid) &&
    Number.isInteger(e.startTime) &&
    typeof e.comm === 'string' &&
    typeof e.action === 'object' &&
    e.action !== null &&
    typeof e.before === 'object' &&
    e.before !== null
  );
}

export function parseJournal(text: string): Journal {
  const journal: Journal = { actions: [], undone: new Set(), skipped: 0 };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      v = undefined;
    }
    if (!isEntry(v)) journal.skipped++;
    else if (v.type === 'action') journal.actions.push(v);
    else if (v.ok) journal.undone.add(v.id);
  }
  return journal;
}

/** The journal at `path`; an absent file is an empty journal. */
export function readJournal(path: string): Journal {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return parseJournal('');
    throw err;
  }
  return parseJournal(text);
}

/** Append one entry (creating the folder, readable by its owner only); throws what the write throws. */
export function appendJournal(path: string, entry: JournalEntry): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}
