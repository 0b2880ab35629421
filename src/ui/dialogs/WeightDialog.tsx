/**
 * The cgroup weight dialog: the cgroup of each process that holds the controller (cpu or io,
 * Left/Right), its weight file and value now, or why it cannot be changed (the root, SmoothTask's
 * own cgroup, no io.weight on this kernel); choose a weight (1..10000, default 100, mapped to
 * cpu.shares on cgroup v1) with Up/Down or by typing it, confirm, then each file as read back.
 * The cgroups are found once, when the dialog opens: the write goes to the file shown.
 */
import { useState } from 'react';
import { Text } from '../components/Text.js';
import { expectedConfirmation, needsTypedConfirmation } from '../../actions/confirm.js';
import {
  valueForWeight,
  weightEffect,
  weightError,
  weightFileNamed,
  WEIGHT_CONTROLLERS,
  WEIGHT_DEFAULT,
  WEIGHT_MAX,
  WEIGHT_MIN,
  type WeightController,
} from '../../actions/cgweight.js';
import type { CgroupWeightReading } from '../../actions/reweight.js';
import type { ActionResult, ActionTarget } from '../../actions/target.js';
import type { ProcessActions } from '../actions.js';
import { useSettings } from '../context.js';
import type { KeyEvent } from '../input/keys.js';
import { afterChoose, dialogStageKey, type DialogStep, type Stage } from './confirmStage.js';
import { DialogFrame } from './DialogFrame.js';
import { useActionDialog } from './useActionDialog.js';

export interface WeightDialogProps {
  targets: readonly ActionTarget[];
  /** The controller and weight to start at (the verdict's advice). */
  preset?: { controller: WeightController; weight: number };
  actions: ProcessActions;
  width: number;
  onClose: (results: ActionResult[]) => void;
}

/** Per controller: the weight files found (one per cgroup), and the refusals. */
export type WeightLookups = Record<WeightController, { found: CgroupWeightReading[]; refused: ActionResult[] }>;

export interface WeightState {
  controllerIndex: number;
  /** What is typed: may be empty while editing. */
  text: string;
  error?: string;
  stage: Stage;
}

/** Each target's cgroup for each controller, a cgroup shared by several targets once. */
export function lookUpWeights(actions: ProcessActions, targets: readonly ActionTarget[]): WeightLookups {
  const out = {} as WeightLookups;
  for (const controller of WEIGHT_CONTROLLERS) {
    const found = new Map<string, CgroupWeightReading>();
    const refused: ActionResult[] = [];
    for (const t of targets) {
      const r = actions.readCgroupWeight(t, controller);
      if (r.found !== undefined) found.set(`${r.found.at.hierarchy}:${r.found.at.path}:${r.found.at.file}`, r.found);
      else refused.push(r);
    }
    out[controller] = { found: [...found.values()], refused };
  }
  return out;
}

/** Up/Down step: by one up to 20, by ten above. */
function step(n: number, up: boolean): number {
  const by = (up ? n >= 20 : n > 20) ? 10 : 1;
  return Math.max(WEIGHT_MIN, Math.min(WEIGHT_MAX, n + (up ? by : -by)));
}

export function weightKey(s: WeightState, key: KeyEvent, lookups: WeightLookups, typedNeeded: boolean, expected: string): DialogStep<WeightState> {
  const shared = dialogStageKey(s, key, expected);
  if (shared !== undefined) return shared;
  const n = Number(s.text);
  const count = WEIGHT_CONTROLLERS.length;
  if (key.name === 'left') return { state: { ...s, controllerIndex: (s.controllerIndex + count - 1) % count, error: undefined } };
  if (key.name === 'right' || key.name === 'tab') return { state: { ...s, controllerIndex: (s.controllerIndex + 1) % count, error: undefined } };
  if (key.name === 'up' || key.name === 'down') {
    return { state: { ...s, text: String(step(Number.isInteger(n) && s.text !== '' ? n : WEIGHT_DEFAULT, key.name === 'up')), error: undefined } };
  }
  if (key.name === 'backspace') return { state: { ...s, text: s.text.slice(0, -1), error: undefined } };
  if (key.name === 'text' && /^[0-9]+$/.test(key.text)) return { state: { ...s, text: s.text + key.text, error: undefined } };
  if (key.name === 'enter') {
    const lookup = lookups[WEIGHT_CONTROLLERS[s.controllerIndex]];
    const error =
      lookup.found.length === 0 ? `nothing to change: ${lookup.refused.map((r) => r.message).join('; ')}` : s.text === '' ? 'type a weight' : weightError(n);
    return error === undefined ? { state: { ...s, stage: afterChoose(typedNeeded) } } : { state: { ...s, error } };
  }
  return { state: s };
}

/** "cpu.shares 102" where the file is not in weight units (cgroup v1). */
function inFileUnits(r: CgroupWeightReading, weight: number): string {
  const spec = weightFileNamed(r.at.file);
  return spec === undefined || spec.defaultValue === WEIGHT_DEFAULT ? '' : ` (${r.at.file} ${valueForWeight(weight, spec)})`;
}

export function WeightDialog({ targets, preset, actions, width, onClose }: WeightDialogProps) {
  const { theme } = useSettings();
  const { viewer } = actions;
  const typedNeeded = needsTypedConfirmation(targets, viewer);
  const expected = expectedConfirmation(targets);
  const [lookups] = useState(() => lookUpWeights(actions, targets));
  const startAt = preset?.controller ?? 'cpu';
  const state = useActionDialog<WeightState>(
    () => ({
      controllerIndex: WEIGHT_CONTROLLERS.indexOf(startAt),
      text: String(preset?.weight ?? Math.round(lookups[startAt].found[0]?.weight ?? WEIGHT_DEFAULT)),
      stage: { kind: 'choose' },
    }),
    (s, key) => weightKey(s, key, lookups, typedNeeded, expected),
    (s) => {
      const lookup = lookups[WEIGHT_CONTROLLERS[s.controllerIndex]];
      return [...lookup.found.map((f) => actions.setCgroupWeight(f.at, Number(s.text))), ...lookup.refused];
    },
    onClose,
  );

  const controller = WEIGHT_CONTROLLERS[state.controllerIndex];
  const lookup = lookups[controller];
  const weight = Number(state.text);
  const valid = state.text !== '' && weightError(weight) === undefined;
  return (
    <DialogFrame
      title="Cgroup weight"
      targets={targets}
      viewer={viewer}
      doing={`set the ${controller} weight of ${lookup.found.length === 1 ? `cgroup ${lookup.found[0].at.path}` : `${lookup.found.length} cgroups`} to ${state.text}`}
      stage={state.stage}
      width={width}
    >
      <Text>
        controller:{' '}
        {WEIGHT_CONTROLLERS.map((c, i) => (
          <Text key={c} inverse={i === state.controllerIndex}>
            {` ${c} `}
          </Text>
        ))}
      </Text>
      {lookup.found.map((f) => (
        <Text
          key={`${f.at.hierarchy}:${f.at.path}`}
          wrap="truncate"
        >{`now: cgroup ${f.at.path}: ${f.at.file} ${f.value}${inFileUnits(f, f.weight) === '' ? '' : ` (weight ${f.weight})`}`}</Text>
      ))}
      {lookup.refused.map((r, i) => (
        <Text key={i} color={theme.warn} wrap="wrap">
          {r.message}
        </Text>
      ))}
      <Text>
        weight ({WEIGHT_MIN} … {WEIGHT_MAX}, default {WEIGHT_DEFAULT}): <Text bold>{state.text}_</Text>
        {valid && lookup.found[0] !== undefined ? inFileUnits(lookup.found[0], weight) : ''}
      </Text>
      {valid && lookup.found[0] !== undefined ? <Text wrap="wrap">{weightEffect(controller, weight, lookup.found[0].weight)}</Text> : null}
      <Text color={theme.dim}>Left/Right controller, Up/Down or type a weight, Enter applies to every process in the cgroup</Text>
      {state.error !== undefined ? (
        <Text color={theme.warn} wrap="wrap">
          {state.error}
        </Text>
      ) : null}
    </DialogFrame>
  );
}
