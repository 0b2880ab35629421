/**
 * The signal dialog: opens a pidfd for every target as it opens (ProcessActions.openSignals, the
 * runtime's src/actions/signal.ts), lists
 * the signals as htop does with SIGTERM first, then asks y/N or the typed confirmation, sends,
 * and shows what happened to each process. Esc at any step sends nothing.
 */
import { useEffect, useState } from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { SignalHandle } from '../../actions/signal.js';
import { SIGNAL_CHOICES } from '../../actions/signals.js';
import { expectedConfirmation, needsTypedConfirmation } from '../../actions/confirm.js';
import type { ActionResult, ActionTarget } from '../../actions/target.js';
import type { ProcessActions } from '../actions.js';
import { useSettings } from '../context.js';
import type { KeyEvent } from '../input/keys.js';
import { afterChoose, dialogStageKey, type DialogStep, type Stage } from './confirmStage.js';
import { DialogFrame } from './DialogFrame.js';
import { useActionDialog } from './useActionDialog.js';

export interface SignalDialogProps {
  targets: readonly ActionTarget[];
  /** The signal to start on instead of SIGTERM (the verdict's advice). */
  preset?: string;
  actions: ProcessActions;
  width: number;
  height: number;
  /** Called when the dialog closes, with the results (empty when cancelled). */
  onClose: (results: ActionResult[]) => void;
}

interface State {
  cursor: number;
  stage: Stage;
}

/** What a key does in the signal list; returns whether to send (apply) or close alongside. */
export function signalDialogKey(s: State, key: KeyEvent, typedNeeded: boolean, expected: string): DialogStep<State> {
  const shared = dialogStageKey(s, key, expected);
  if (shared !== undefined) return shared;
  if (key.name === 'up' || (key.name === 'text' && key.text === 'k')) return { state: { ...s, cursor: Math.max(0, s.cursor - 1) } };
  if (key.name === 'down' || (key.name === 'text' && key.text === 'j')) return { state: { ...s, cursor: Math.min(SIGNAL_CHOICES.length - 1, s.cursor + 1) } };
  if (key.name === 'home') return { state: { ...s, cursor: 0 } };
  if (key.name === 'end') return { state: { ...s, cursor: SIGNAL_CHOICES.length - 1 } };
  if (key.name === 'enter') return { state: { ...s, stage: afterChoose(typedNeeded) } };
  return { state: s };
}

export function SignalDialog({ targets, preset, actions, width, height, onClose }: SignalDialogProps) {
  const { theme } = useSettings();
  const { viewer } = actions;
  // The pidfds are opened once, as the dialog opens, and closed when it closes.
  const [opened] = useState(() => actions.openSignals(targets));
  useEffect(() => () => opened.handles.forEach((h: SignalHandle) => h.close()), [opened]);
  const live = opened.handles.map((h) => h.target);
  const typedNeeded = needsTypedConfirmation(live, viewer);
  const expected = expectedConfirmation(live);
  // With no live target the dialog opens on its results (why each pidfd failed): any key closes.
  const state = useActionDialog<State>(
    {
      cursor: Math.max(
        0,
        SIGNAL_CHOICES.findIndex((c) => c.name === preset),
      ),
      stage: live.length === 0 ? { kind: 'done', results: opened.failures } : { kind: 'choose' },
    },
    (s, key) => signalDialogKey(s, key, typedNeeded, expected),
    (s) => [...opened.failures, ...opened.handles.map((h) => h.send(SIGNAL_CHOICES[s.cursor].number))],
    onClose,
  );

  const chosen = SIGNAL_CHOICES[state.cursor];
  const warnings = [...opened.failures.map((f) => f.message), ...new Set(opened.handles.flatMap((h) => (h.raceWarning === undefined ? [] : [h.raceWarning])))];
  if (live.length === 0) {
    return <DialogFrame title="Send signal" targets={targets} viewer={viewer} doing="" stage={{ kind: 'done', results: opened.failures }} width={width} />;
  }
  const listRows = Math.max(3, height - 8 - Math.min(live.length, 6) - warnings.length * 2);
  const top = Math.max(0, Math.min(state.cursor - Math.floor(listRows / 2), SIGNAL_CHOICES.length - listRows));
  return (
    <DialogFrame
      title="Send signal"
      targets={live}
      viewer={viewer}
      doing={`send ${chosen.name} (${chosen.number}) to ${live.length === 1 ? `pid ${live[0].pid}` : `${live.length} processes`}`}
      stage={state.stage}
      warnings={warnings}
      width={width}
    >
      <Box flexDirection="column">
        <Text color={theme.dim}>Up/Down choose, Enter picks</Text>
        {SIGNAL_CHOICES.slice(top, top + listRows).map((s, i) => (
          <Text key={s.name} inverse={top + i === state.cursor}>
            {String(s.number).padStart(2)} {s.name.padEnd(10)} {s.description}
          </Text>
        ))}
      </Box>
    </DialogFrame>
  );
}
