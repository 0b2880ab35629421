/**
 * The scheduling policy dialog (chrt): choose SCHED_OTHER, SCHED_BATCH or SCHED_IDLE with
 * Left/Right, confirm, then each process's policy as read back with sched_getscheduler. Realtime
 * policies are not offered: a runaway realtime task can starve the machine. Without the native
 * addon it says so and changes nothing.
 */
import { useState } from 'react';
import { Text } from '../components/Text.js';
import { expectedConfirmation, needsTypedConfirmation } from '../../actions/confirm.js';
import { describeSched, DIALOG_POLICIES, SCHED_IDLE_WEIGHT, type DialogPolicy } from '../../actions/schedpolicy.js';
import type { ActionResult, ActionTarget } from '../../actions/target.js';
import type { ProcessActions } from '../actions.js';
import { useSettings } from '../context.js';
import type { KeyEvent } from '../input/keys.js';
import { afterChoose, dialogStageKey, type DialogStep, type Stage } from './confirmStage.js';
import { DialogFrame } from './DialogFrame.js';
import { useActionDialog } from './useActionDialog.js';

export interface SchedDialogProps {
  targets: readonly ActionTarget[];
  /** The policy to start at instead of the current one (the verdict's advice). */
  preset?: DialogPolicy;
  actions: ProcessActions;
  width: number;
  onClose: (results: ActionResult[]) => void;
}

export interface SchedState {
  policyIndex: number;
  stage: Stage;
}

/** What each offered policy does under CFS, in a line. */
const EFFECT: Record<DialogPolicy, string> = {
  other: 'the default: CFS weight from the nice value',
  batch: 'CFS weight from the nice value, taken as CPU-bound: it does not preempt on wakeup',
  idle: `CFS weight ${SCHED_IDLE_WEIGHT} (a nice-0 task has 1024, nice 19 has 15): it runs when nothing else wants the CPU`,
};

export function schedKey(s: SchedState, key: KeyEvent, typedNeeded: boolean, expected: string): DialogStep<SchedState> {
  const shared = dialogStageKey(s, key, expected);
  if (shared !== undefined) return shared;
  const n = DIALOG_POLICIES.length;
  if (key.name === 'left') return { state: { ...s, policyIndex: (s.policyIndex + n - 1) % n } };
  if (key.name === 'right' || key.name === 'tab') return { state: { ...s, policyIndex: (s.policyIndex + 1) % n } };
  if (key.name === 'enter') return { state: { ...s, stage: afterChoose(typedNeeded) } };
  return { state: s };
}

export function SchedDialog({ targets, preset, actions, width, onClose }: SchedDialogProps) {
  const { theme } = useSettings();
  const { viewer } = actions;
  const typedNeeded = needsTypedConfirmation(targets, viewer);
  const expected = expectedConfirmation(targets);
  const [current] = useState(() => (targets.length === 1 ? actions.readSched(targets[0]) : undefined));
  const now = DIALOG_POLICIES.find((p) => p === current?.sched?.policy);
  const state = useActionDialog<SchedState>(
    { policyIndex: Math.max(0, DIALOG_POLICIES.indexOf(preset ?? now ?? 'other')), stage: { kind: 'choose' } },
    (s, key) => schedKey(s, key, typedNeeded, expected),
    (s) => targets.map((t) => actions.setSched(t, { policy: DIALOG_POLICIES[s.policyIndex], priority: 0 })),
    onClose,
  );

  const policy = DIALOG_POLICIES[state.policyIndex];
  const name = describeSched({ policy, priority: 0 });
  return (
    <DialogFrame title="Scheduling policy (chrt)" targets={targets} viewer={viewer} doing={`set policy ${name}`} stage={state.stage} width={width}>
      <Text>current: {current === undefined ? 'n/a (several processes)' : current.message}</Text>
      <Text>
        policy:{' '}
        {DIALOG_POLICIES.map((p, i) => (
          <Text key={p} inverse={i === state.policyIndex}>
            {` ${describeSched({ policy: p, priority: 0 })} `}
          </Text>
        ))}
      </Text>
      <Text wrap="wrap">{`${name}: ${EFFECT[policy]}`}</Text>
      <Text color={theme.dim}>Left/Right policy, Enter applies (main thread, as chrt -p); realtime is not offered; leaving SCHED_IDLE needs root</Text>
    </DialogFrame>
  );
}
