/**
 * The `?` help, generated from the command table: one group per mode, each a list of rows (keys,
 * what they do). Commands that share a `row` share a line ("Up/Down k/j"). The table's group
 * lists everything that works there; the other groups leave out what works in every mode, which
 * has a group of its own.
 */
import { label, type Binding } from './bindings.js';
import type { Command } from './command.js';
import { COMMANDS } from './commands.js';
import type { KeyMode } from './modes.js';
import { bindingsIn } from './resolve.js';

export type HelpRow = readonly [keys: string, what: string];

export interface HelpGroup {
  title: string;
  /** The mode the group describes; undefined for the keys that work in every mode. */
  mode?: KeyMode;
  rows: HelpRow[];
}

/** The modes the help describes, in order, with their titles. Detail and dialogs show their own keys. */
export const HELP_MODES: readonly (readonly [KeyMode, string])[] = [
  ['table', 'Process table'],
  ['search', 'Search box (F3 or /)'],
  ['filter', 'Filter box (F4 or \\)'],
  ['connections', 'Connections (C)'],
  ['connFilter', 'Connections filter (F4 or \\ there)'],
  ['alerts', 'Alert history (a)'],
  ['users', 'User picker (u)'],
  ['help', 'This help'],
];

/** The keys of one help line: each command's keys, or for a pair "Up/Down k/j". */
function rowKeys(bindings: readonly Binding[][]): string {
  const labels = bindings.map((bs) => bs.map(label));
  if (labels.length === 1) return labels[0].join(' ');
  const n = labels[0].length;
  if (labels.every((l) => l.length === n)) {
    return Array.from({ length: n }, (_, i) => labels.map((l) => l[i]).join('/')).join(' ');
  }
  return labels.map((l) => l.join(' ')).join(' / ');
}

/** Help rows for `commands` as they work in `mode`. */
function rowsFor(commands: readonly Command[], mode: KeyMode): HelpRow[] {
  const rows: { key: string; help: string; bindings: Binding[][] }[] = [];
  for (const c of commands) {
    const bindings = bindingsIn(c, mode);
    if (bindings.length === 0) continue;
    const shared = c.row === undefined ? undefined : rows.find((r) => r.key === c.row);
    if (shared !== undefined) shared.bindings.push(bindings);
    else rows.push({ key: c.row ?? c.id, help: c.help, bindings: [bindings] });
  }
  return rows.map((r) => [rowKeys(r.bindings), r.help] as const);
}

/** A command that works in every mode the help describes. */
function everywhere(c: Command): boolean {
  return HELP_MODES.every(([m]) => c.modes.includes(m));
}

/** The help, group by group. */
export function helpGroups(commands: readonly Command[] = COMMANDS): HelpGroup[] {
  const groups: HelpGroup[] = HELP_MODES.map(([mode, title]) => ({
    title,
    mode,
    rows: rowsFor(mode === 'table' ? commands : commands.filter((c) => !everywhere(c)), mode),
  }));
  const global = commands.filter(everywhere);
  // A binding limited to some modes (q quits only in the table) is not one that works everywhere.
  const common = global.map((c) => ({ ...c, keys: c.keys.filter((b) => b.only === undefined) }));
  groups.push({ title: 'In every view', rows: rowsFor(common, 'help') });
  return groups;
}
