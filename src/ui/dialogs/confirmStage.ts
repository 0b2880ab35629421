/**
 * The steps every action dialog shares after a value is chosen: a y/N confirmation, or the typed
 * confirmation (type the pid, or the count of a tagged set) for targets that need it
 * (src/actions/confirm.ts), then the results. Pure, so the rules are tested without a terminal.
 */
import type { ActionResult } from '../../actions/target.js';
import type { KeyEvent } from '../input/keys.js';

export type Stage = { kind: 'choose' } | { kind: 'confirm' } | { kind: 'typed'; input: string; error?: string } | { kind: 'done'; results: ActionResult[] };

export type StageStep = { stage: Stage; run?: true; close?: true };

/** What a key does to a dialog's state: `apply` carries the action out, `close` closes the dialog. */
export type DialogStep<S> = { state: S; apply?: true; close?: true };

/** After the value is chosen (Enter): which confirmation comes next. */
export function afterChoose(typedNeeded: boolean): Stage {
  return typedNeeded ? { kind: 'typed', input: '' } : { kind: 'confirm' };
}

/**
 * A key in the confirm, typed or done stage. `expected` is what the typed confirmation needs.
 * Esc cancels anywhere (nothing is sent); in `done` any key closes.
 */
export function confirmStageKey(stage: Stage, key: KeyEvent, expected: string): StageStep {
  if (stage.kind === 'done') return { stage, close: true };
  if (key.name === 'escape') return { stage, close: true };
  if (stage.kind === 'confirm') {
    if (key.name === 'text' && (key.text === 'y' || key.text === 'Y')) return { stage, run: true };
    return { stage, close: true };
  }
  if (stage.kind === 'typed') {
    if (key.name === 'enter') {
      if (stage.input === expected) return { stage, run: true };
      return { stage: { kind: 'typed', input: '', error: `typed "${stage.input}", not ${expected}: nothing was sent; type ${expected} or press Esc` } };
    }
    if (key.name === 'backspace') return { stage: { kind: 'typed', input: stage.input.slice(0, -1) } };
    if (key.name === 'text' && !key.ctrl && /^[0-9]+$/.test(key.text)) return { stage: { kind: 'typed', input: stage.input + key.text } };
    return { stage };
  }
  return { stage };
}

/**
 * The keys every dialog handles the same way: any key past the choose stage (confirmStageKey),
 * and Esc while choosing. Undefined leaves the key to the dialog's own choose stage.
 */
export function dialogStageKey<S extends { stage: Stage }>(s: S, key: KeyEvent, expected: string): DialogStep<S> | undefined {
  if (s.stage.kind !== 'choose') {
    const step = confirmStageKey(s.stage, key, expected);
    return { state: { ...s, stage: step.stage }, apply: step.run, close: step.close };
  }
  if (key.name === 'escape') return { state: s, close: true };
  return undefined;
}
