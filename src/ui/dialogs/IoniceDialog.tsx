/**
 * The ionice dialog: choose the I/O class (none, realtime, best-effort, idle) with Left/Right and
 * the level (0..7) with Up/Down, confirm, then each process's setting as read back with
 * ioprio_get. Without the native addon it says so and changes nothing.
 */
import { useState } from 'react';
import { Text } from '../components/Text.js';
import { describeIoPriority, IO_CLASSES, IO_LEVEL_MAX, type IoClass, type IoPriority } from '../../actions/ioprio.js';
import { expectedConfirmation, needsTypedConfirmation } from '../../actions/confirm.js';
import type { ActionResult, ActionTarget } from '../../actions/target.js';
import type { ProcessActions } from '../actions.js';
import { useSettings } from '../context.js';
import type { KeyEvent } from '../input/keys.js';
import { afterChoose, dialogStageKey, type DialogStep, type Stage } from './confirmStage.js';
import { DialogFrame } from './DialogFrame.js';
import { useActionDialog } from './useActionDialog.js';

export interface IoniceDialogProps {
  targets: readonly ActionTarget[];
  /** The class to start at instead of the current one (the verdict's advice). */
  preset?: IoClass;
  actions: ProcessActions;
  width: number;
  onClose: (results: ActionResult[]) => void;
}

export interface IoniceState {
  classIndex: number;
  level: number;
  stage: Stage;
}

/** The setting the state describes (level only for classes that have one). */
export function chosenPriority(s: IoniceState): IoPriority {
  const ioClass = IO_CLASSES[s.classIndex];
  return ioClass === 'realtime' || ioClass === 'best-effort' ? { ioClass, level: s.level } : { ioClass };
}

export function ioniceKey(s: IoniceState, key: KeyEvent, typedNeeded: boolean, expected: string): DialogStep<IoniceState> {
  const shared = dialogStageKey(s, key, expected);
  if (shared !== undefined) return shared;
  if (key.name === 'left') return { state: { ...s, classIndex: (s.classIndex + IO_CLASSES.length - 1) % IO_CLASSES.length } };
  if (key.name === 'right' || key.name === 'tab') return { state: { ...s, classIndex: (s.classIndex + 1) % IO_CLASSES.length } };
  if (key.name === 'up') return { state: { ...s, level: Math.max(0, s.level - 1) } };
  if (key.name === 'down') return { state: { ...s, level: Math.min(IO_LEVEL_MAX, s.level + 1) } };
  if (key.name === 'text' && /^[0-7]$/.test(key.text)) return { state: { ...s, level: Number(key.text) } };
  if (key.name === 'enter') return { state: { ...s, stage: afterChoose(typedNeeded) } };
  return { state: s };
}

export function IoniceDialog({ targets, preset, actions, width, onClose }: IoniceDialogProps) {
  const { theme } = useSettings();
  const { viewer } = actions;
  const typedNeeded = needsTypedConfirmation(targets, viewer);
  const expected = expectedConfirmation(targets);
  const [current] = useState(() => (targets.length === 1 ? actions.readIoPriority(targets[0]) : undefined));
  const state = useActionDialog<IoniceState>(
    {
      classIndex: IO_CLASSES.indexOf(
        preset ?? (current?.priority?.ioClass === 'none' || current?.priority === undefined ? 'best-effort' : current.priority.ioClass),
      ),
      level: current?.priority?.level ?? 4,
      stage: { kind: 'choose' },
    },
    (s, key) => ioniceKey(s, key, typedNeeded, expected),
    (s) => targets.map((t) => actions.ionice(t, chosenPriority(s))),
    onClose,
  );

  const p = chosenPriority(state);
  return (
    <DialogFrame
      title="I/O priority (ionice)"
      targets={targets}
      viewer={viewer}
      doing={`set I/O priority ${describeIoPriority(p)}`}
      stage={state.stage}
      width={width}
    >
      <Text>current: {current === undefined ? 'n/a (several processes)' : current.message}</Text>
      <Text>
        class:{' '}
        {IO_CLASSES.map((c, i) => (
          <Text key={c} inverse={i === state.classIndex}>
            {` ${c} `}
          </Text>
        ))}
      </Text>
      <Text>level: {p.level === undefined ? `none for ${p.ioClass}` : `${p.level} (0 highest … ${IO_LEVEL_MAX} lowest)`}</Text>
      <Text color={theme.dim}>Left/Right class, Up/Down or 0-7 level, Enter applies; realtime needs root</Text>
    </DialogFrame>
  );
}
