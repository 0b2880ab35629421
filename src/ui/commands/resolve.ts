/**
 * From a key to a command: per mode, an index of the exact bindings (named key, character,
 * Ctrl-letter) built once from the command table, then the catch-alls (any typed text, any key).
 * An exact binding always wins, so F10 quits even where any key would close the help.
 */
import type { KeyEvent } from '../input/keys.js';
import { eventId, exactId, isTypedText, type Binding } from './bindings.js';
import type { AnyCommand, CommandCall } from './command.js';

interface ModeIndex<C> {
  exact: Map<string, C>;
  anyText?: C;
  anyKey?: C;
}

/** Whether `b` applies in `mode` for a command that applies there. */
function bindingApplies(b: Binding, mode: string): boolean {
  return b.only === undefined || b.only.includes(mode);
}

/** The bindings of `command` that work in `mode` (none when the command does not apply there). */
export function bindingsIn(command: AnyCommand, mode: string): Binding[] {
  return command.modes.includes(mode) ? command.keys.filter((b) => bindingApplies(b, mode)) : [];
}

/** A command table's keys, indexed per mode (the screen's modes, or another screen's). */
export class CommandIndex<C extends AnyCommand> {
  private readonly modes = new Map<string, ModeIndex<C>>();

  constructor(commands: readonly C[]) {
    for (const command of commands) {
      for (const mode of command.modes) {
        let m = this.modes.get(mode);
        if (m === undefined) this.modes.set(mode, (m = { exact: new Map() }));
        for (const b of bindingsIn(command, mode)) {
          const id = exactId(b);
          if (id !== undefined) {
            if (!m.exact.has(id)) m.exact.set(id, command);
          } else if ('anyText' in b) m.anyText ??= command;
          else m.anyKey ??= command;
        }
      }
    }
  }

  /** The command `key` runs in `mode`, with its arguments; undefined when the key does nothing there. */
  find(mode: string, key: KeyEvent): CommandCall<C> | undefined {
    const m = this.modes.get(mode);
    if (m === undefined) return undefined;
    const args = { text: isTypedText(key) ? key.text : '' };
    const exact = m.exact.get(eventId(key));
    if (exact !== undefined) return { command: exact, args };
    if (m.anyText !== undefined && isTypedText(key)) return { command: m.anyText, args };
    if (m.anyKey !== undefined) return { command: m.anyKey, args };
    return undefined;
  }
}
