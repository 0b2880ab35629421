/**
 * The renice dialog: choose a nice value (-20..19) with Up/Down or by typing it, confirm
 * (typed for the targets that need it), then each process's value as read back from /proc.
 */
import { Text } from '../components/Text.js';
import { niceValueError, NICE_MAX, NICE_MIN } from '../../actions/nice.js';
import { expectedConfirmation, needsTypedConfirmation } from '../../actions/confirm.js';
import type { ActionResult, ActionTarget } from '../../actions/target.js';
import type { ProcessActions } from '../actions.js';
import { useSettings } from '../context.js';
import type { KeyEvent } from '../input/keys.js';
import { afterChoose, dialogStageKey, type DialogStep, type Stage } from './confirmStage.js';
import { DialogFrame } from './DialogFrame.js';
import { useActionDialog } from './useActionDialog.js';

export interface ReniceDialogProps {
  targets: readonly ActionTarget[];
  /** The first target's current nice, where known: the starting value. */
  currentNice?: number;
  /** The value to start at instead (the verdict's advice). */
  preset?: number;
  actions: ProcessActions;
  width: number;
  onClose: (results: ActionResult[]) => void;
}

export interface ReniceState {
  /** What is typed: may be partial ("-", "") while editing. */
  text: string;
  error?: string;
  stage: Stage;
}

/** A key while choosing the value. */
export function reniceKey(s: ReniceState, key: KeyEvent, typedNeeded: boolean, expected: string): DialogStep<ReniceState> {
  const shared = dialogStageKey(s, key, expected);
  if (shared !== undefined) return shared;
  const n = Number(s.text);
  if (key.name === 'up' || key.name === 'down') {
    const base = Number.isInteger(n) && s.text !== '' && s.text !== '-' ? n : 0;
    const next = Math.max(NICE_MIN, Math.min(NICE_MAX, base + (key.name === 'up' ? 1 : -1)));
    return { state: { ...s, text: String(next), error: undefined } };
  }
  if (key.name === 'backspace') return { state: { ...s, text: s.text.slice(0, -1), error: undefined } };
  if (key.name === 'text' && /^[-0-9]+$/.test(key.text)) return { state: { ...s, text: s.text + key.text, error: undefined } };
  if (key.name === 'enter') {
    const error = s.text === '' ? 'type a nice value' : niceValueError(n);
    return error === undefined ? { state: { ...s, stage: afterChoose(typedNeeded) } } : { state: { ...s, error } };
  }
  return { state: s };
}

export function ReniceDialog({ targets, currentNice, preset, actions, width, onClose }: ReniceDialogProps) {
  const { theme } = useSettings();
  const { viewer } = actions;
  const typedNeeded = needsTypedConfirmation(targets, viewer);
  const expected = expectedConfirmation(targets);
  const state = useActionDialog<ReniceState>(
    { text: String(preset ?? currentNice ?? ''), stage: { kind: 'choose' } },
    (s, key) => reniceKey(s, key, typedNeeded, expected),
    (s) => targets.map((t) => actions.renice(t, Number(s.text))),
    onClose,
  );

  return (
    <DialogFrame title="Renice" targets={targets} viewer={viewer} doing={`set nice ${state.text}`} stage={state.stage} width={width}>
      <Text>
        nice ({NICE_MIN} most CPU … {NICE_MAX} least CPU; current {currentNice ?? 'n/a'}): <Text bold>{state.text}_</Text>
      </Text>
      <Text color={theme.dim}>Up/Down or type a value, Enter applies; lowering nice needs root</Text>
      {state.error !== undefined ? <Text color={theme.warn}>{state.error}</Text> : null}
    </DialogFrame>
  );
}
