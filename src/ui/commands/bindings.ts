/**
 * Key bindings as the command table declares them: a named key (F9, Up), a typed character (K),
 * Ctrl with a letter, any typed text (the search box) or any key at all (help closes). A binding
 * may be limited to some modes (q quits in the table, but is text in the search box).
 */
import type { KeyEvent, KeyName } from '../input/keys.js';

export type KeySpec = { key: Exclude<KeyName, 'text'> } | { text: string } | { ctrl: string } | { anyText: true } | { anyKey: true };

export type Binding = KeySpec & {
  /** The modes this binding applies in, when fewer than its command's (any screen's mode names). */
  only?: readonly string[];
};

export const key = (name: Exclude<KeyName, 'text'>, only?: readonly string[]): Binding => ({ key: name, only });
export const text = (t: string, only?: readonly string[]): Binding => ({ text: t, only });
export const ctrl = (letter: string): Binding => ({ ctrl: letter });
export const ANY_TEXT: Binding = { anyText: true };
export const ANY_KEY: Binding = { anyKey: true };

/**
 * The lookup key of an exact binding (named key, character, Ctrl-letter), or undefined for the
 * catch-alls. A key event has exactly one such id, so a mode can index its bindings by it.
 */
export function exactId(spec: KeySpec): string | undefined {
  if ('key' in spec) return `key:${spec.key}`;
  if ('text' in spec) return `text:${spec.text}`;
  if ('ctrl' in spec) return `ctrl:${spec.ctrl}`;
  return undefined;
}

/** The exact id a key event matches. */
export function eventId(e: KeyEvent): string {
  if (e.ctrl) return `ctrl:${e.text}`;
  return e.name === 'text' ? `text:${e.text}` : `key:${e.name}`;
}

/** Whether `e` is typed text (what the anyText catch-all takes). */
export function isTypedText(e: KeyEvent): boolean {
  return e.name === 'text' && !e.ctrl;
}

const NAMES: Partial<Record<KeyName, string>> = {
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  insert: 'Ins',
  delete: 'Del',
  enter: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  tab: 'Tab',
};

/** How a binding reads in the help: "F9", "K", "Space", "^C" (Ctrl-C), "text", "any key". */
export function label(spec: KeySpec): string {
  if ('key' in spec) return NAMES[spec.key] ?? spec.key.toUpperCase();
  if ('text' in spec) return spec.text === ' ' ? 'Space' : spec.text;
  if ('ctrl' in spec) return `^${spec.ctrl.toUpperCase()}`;
  if ('anyText' in spec) return 'text';
  return 'any key';
}
