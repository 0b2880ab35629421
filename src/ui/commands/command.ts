/**
 * The shape of one command: what it is called, where it applies, which keys run it, one line of
 * help, and its handler, a pure state transition over (state, the view App computed, arguments).
 * The table of them is commands.ts; the reducer and the `?` help both read it.
 */
import type { ScreenView } from '../state/screenView.js';
import type { UiState } from '../state/uiState.js';
import type { Binding } from './bindings.js';
import type { KeyMode } from './modes.js';

/** What the key carried: the typed character for text-entry commands, '' otherwise. */
export interface CommandArgs {
  text: string;
}

export type CommandHandler = (s: UiState, view: ScreenView, args: CommandArgs) => UiState;

export interface Command {
  id: string;
  modes: readonly KeyMode[];
  keys: readonly Binding[];
  help: string;
  /** Commands with the same row share one help line ("Up/Down k/j"). */
  row?: string;
  run: CommandHandler;
}

/** A command the reducer is asked to run, with its arguments. */
export interface CommandCall {
  command: Command;
  args: CommandArgs;
}
