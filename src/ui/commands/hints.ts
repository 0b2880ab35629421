/**
 * The key hints on the status line, per mode: which commands, by id, with a word each. Their keys
 * come from the command table (an F-key where the command has one, as htop's bottom line shows),
 * so the hints, the help and the reducer cannot disagree.
 */
import { label, type Binding } from './bindings.js';
import { COMMANDS } from './commands.js';
import type { KeyMode } from './modes.js';
import { bindingsIn } from './resolve.js';

const HINTS: Partial<Record<KeyMode, readonly (readonly [id: string, word: string])[]>> = {
  table: [
    ['help', 'help'],
    ['search', 'search'],
    ['filter', 'filter'],
    ['tree', 'tree'],
    ['sortNext', 'sort'],
    ['signal', 'kill'],
    ['quit', 'quit'],
  ],
  connections: [
    ['back', 'back'],
    ['filter', 'filter'],
    ['sortNext', 'sort'],
    ['invertSort', 'invert'],
    ['ownerDetails', 'process'],
    ['quit', 'quit'],
  ],
};

/** While the screen is not live (paused or replay): the time keys in pairs, back and forward. */
const TIME_HINTS: readonly (readonly [ids: readonly string[], word: string])[] = [
  [['stepBack', 'stepForward'], 'step'],
  [['minuteBack', 'minuteForward'], 'minute'],
  [['hourBack', 'hourForward'], 'hour'],
  [['goto'], 'go to'],
  [['help'], 'help'],
  [['quit'], 'quit'],
];

const isFunctionKey = (b: Binding) => 'key' in b && /^f\d+$/.test(b.key);

/** The key `id` has in `mode` (an F-key where it has one), for a hint. */
function hintKey(id: string, mode: KeyMode, word: string): string {
  const command = COMMANDS.find((c) => c.id === id);
  const bindings = command === undefined ? [] : bindingsIn(command, mode);
  const binding = bindings.find(isFunctionKey) ?? bindings[0];
  if (binding === undefined) throw new Error(`status hint '${word}': no command '${id}' with a key in ${mode}`);
  return label(binding);
}

/** "  [] step  {} minute ..." for the table while paused or in replay. */
export function timeHints(): string {
  return TIME_HINTS.map(([ids, word]) => `  ${ids.map((id) => hintKey(id, 'table', word)).join('')} ${word}`).join('');
}

/** "  F1 help  F3 search ..." for `mode`; '' for a mode without hints. */
export function statusHints(mode: KeyMode): string {
  return (HINTS[mode] ?? []).map(([id, word]) => `  ${hintKey(id, mode, word)} ${word}`).join('');
}
