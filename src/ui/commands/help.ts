/**
 * The `?` help, generated from the command tables (the screen's and the detail view's): one group
 * per mode, each a list of rows (keys, what they do). Commands that share a `row` share a line
 * ("Up/Down k/j"). The table's group lists everything that works there; the other groups leave
 * out what works in every mode, which has a group of its own.
 */
import { DETAIL_COMMANDS } from '../detail/detailCommands.js';
import { label, type Binding } from './bindings.js';
import type { AnyCommand } from './command.js';
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

type ModeTitle = readonly [KeyMode, string];

/** The screen's modes the help describes, in order, with their titles (the dialogs show their own keys). */
const SCREEN_MODES: readonly ModeTitle[] = [
  ['table', 'Process table'],
  ['search', 'Search box (F3 or /)'],
  ['filter', 'Filter box (F4 or \\)'],
  ['connections', 'Connections (C)'],
  ['connFilter', 'Connections filter (F4 or \\ there)'],
  ['goto', 'Go to time (T)'],
  ['alerts', 'Alert history (a)'],
  ['verdict', 'Verdict (V)'],
  ['users', 'User picker (u)'],
  ['help', 'This help'],
];

/** The detail view's modes (its own command table). */
const DETAIL_MODES: readonly ModeTitle[] = [
  ['detail', 'Process details (Enter)'],
  ['detailFilter', 'Files filter (/ in the details)'],
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

/** Help rows for `commands` as they work in `mode` (any screen's command table and mode). */
export function rowsFor(commands: readonly AnyCommand[], mode: string): HelpRow[] {
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

/** A command that works in every mode of the screen the help describes. */
function everywhere(c: AnyCommand): boolean {
  return SCREEN_MODES.every(([m]) => c.modes.includes(m));
}

/** The help, group by group. */
export function helpGroups(): HelpGroup[] {
  const group =
    (commands: readonly AnyCommand[]) =>
    ([mode, title]: ModeTitle): HelpGroup => ({ title, mode, rows: rowsFor(mode === 'table' ? commands : commands.filter((c) => !everywhere(c)), mode) });
  const screen = SCREEN_MODES.map(group(COMMANDS));
  const detail = DETAIL_MODES.map(group(DETAIL_COMMANDS));
  // A binding limited to some modes (q quits only in the table) is not one that works everywhere.
  const common = COMMANDS.filter(everywhere).map((c) => ({ ...c, keys: c.keys.filter((b) => b.only === undefined) }));
  return [...screen.slice(0, -1), ...detail, screen[screen.length - 1], { title: 'In every view', rows: rowsFor(common, 'help') }];
}
