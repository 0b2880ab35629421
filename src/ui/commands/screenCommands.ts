/**
 * The screen's command table indexed for the reducer: the command a key runs in a mode.
 */
import type { KeyEvent } from '../input/keys.js';
import type { Command, CommandCall } from './command.js';
import { COMMANDS } from './commands.js';
import type { KeyMode } from './modes.js';
import { CommandIndex } from './resolve.js';

const INDEX = new CommandIndex<Command>(COMMANDS);

/** The command `key` runs in `mode`; undefined when the key does nothing there. */
export function commandFor(mode: KeyMode, key: KeyEvent): CommandCall | undefined {
  return INDEX.find(mode, key);
}
