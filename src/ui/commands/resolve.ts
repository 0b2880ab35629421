/**
 * From a key to a command: per mode, an index of the exact bindings (named key, character,
 * Ctrl-letter) built once from the command table, then the catch-alls (any typed text, any key).
 * An exact binding always wins, so F10 quits even where any key would close the help.
 */
import type { KeyEvent } from '../input/keys.js';
import { eventId, exactId, isTypedText, type Binding } from './bindings.js';
import type { Command, CommandCall } from './command.js';
import { COMMANDS } from './commands.js';
import type { KeyMode } from './modes.js';

interface ModeIndex {
  exact: Map<string, Command>;
  anyText?: Command;
  anyKey?: Command;
}

/** Whether `b` applies in `mode` for a command that applies there. */
export function bindingApplies(b: Binding, mode: KeyMode): boolean {
  return b.only === undefined || b.only.includes(mode);
}

/** The bindings of `command` that work in `mode` (none when the command does not apply there). */
export function bindingsIn(command: Command, mode: KeyMode): Binding[] {
  return command.modes.includes(mode) ? command.keys.filter((b) => bindingApplies(b, mode)) : [];
}

function buildIndex(commands: readonly Command[]): Map<KeyMode, ModeIndex> {
  const index = new Map<KeyMode, ModeIndex>();
  for (const command of commands) {
    for (const mode of command.modes) {
      let m = index.get(mode);
      if (m === undefined) index.set(mode, (m = { exact: new Map() }));
      for (const b of bindingsIn(command, mode)) {
        const id = exactId(b);
        if (id !== undefined) {
          if (!m.exact.has(id)) m.exact.set(id, command);
        } else if ('anyText' in b) m.anyText ??= command;
        else m.anyKey ??= command;
      }
    }
  }
  return index;
}

const INDEX = buildIndex(COMMANDS);

/** The command `key` runs in `mode`, with its arguments; undefined when the key does nothing there. */
export function commandFor(mode: KeyMode, key: KeyEvent): CommandCall | undefined {
  const m = INDEX.get(mode);
  if (m === undefined) return undefined;
  const exact = m.exact.get(eventId(key));
  if (exact !== undefined) return { command: exact, args: { text: '' } };
  if (m.anyText !== undefined && isTypedText(key)) return { command: m.anyText, args: { text: key.text } };
  if (m.anyKey !== undefined) return { command: m.anyKey, args: { text: '' } };
  return undefined;
}

/** The command with this id (tests and help). */
export function commandById(id: string): Command {
  const c = COMMANDS.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no command ${id}`);
  return c;
}
