/**
 * The shape of one command: what it is called, where it applies, which keys run it, one line of
 * help, and its handler, a pure state transition over (state, the view App computed, arguments).
 * The screen's table is commands.ts, the detail view's detail/detailCommands.ts (over its own
 * state); the reducers and the `?` help read them.
 */
import type { ScreenView } from '../state/screenView.js';
import type { UiState } from '../state/uiState.js';
import type { Binding } from './bindings.js';
import type { KeyMode } from './modes.js';

/** What the key carried: the typed character (text entry, section digits), '' for a named key. */
export interface CommandArgs {
  text: string;
}

/**
 * A command over state S, seeing view V, giving R (the next state, or a state with an effect), in
 * the modes M of its screen (the fleet screen has modes of its own).
 */
export interface CommandOf<S, V, R = S, M extends string = KeyMode> {
  id: string;
  modes: readonly M[];
  keys: readonly Binding[];
  help: string;
  /** Commands with the same row share one help line ("Up/Down k/j"). */
  row?: string;
  run: (s: S, view: V, args: CommandArgs) => R;
}

/** Any command, as the help and the key index see it (they never run one). */
export type AnyCommand = Omit<CommandOf<never, never, unknown, string>, 'run'>;

/** The screen's commands: over UiState and the view App computed. */
export type Command = CommandOf<UiState, ScreenView>;
export type CommandHandler = Command['run'];

/** A command found for a key, with its arguments. */
export interface CommandCall<C = Command> {
  command: C;
  args: CommandArgs;
}
