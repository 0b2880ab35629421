/**
 * One entry point for the action dialogs, for the detail view and the process table alike:
 * `kind` picks signal, renice, ionice, the scheduling policy or a cgroup's weight; `targets` is one process or a tagged set
 * (src/actions/tagging.ts actionTargets). The dialog closes itself and reports the results. The
 * actions themselves are the runtime's (UiActions.processes), read from context.
 */
import type { ActionResult, ActionTarget } from '../../actions/target.js';
import type { AdviceAction } from '../../verdict/advice.js';
import { useProcessActions } from '../context.js';
import { IoniceDialog } from './IoniceDialog.js';
import { ReniceDialog } from './ReniceDialog.js';
import { SchedDialog } from './SchedDialog.js';
import { SignalDialog } from './SignalDialog.js';
import { WeightDialog } from './WeightDialog.js';

/** The dialogs, named as the advice's action kinds (src/verdict/advice.ts) so advice opens its own. */
export type ActionKind = 'signal' | 'renice' | 'ionice' | 'sched' | 'weight';

export interface ActionDialogProps {
  kind: ActionKind;
  targets: readonly ActionTarget[];
  width: number;
  height: number;
  /** The first target's nice, where known: where the renice dialog starts. */
  currentNice?: number;
  /** Where the dialog starts when opened from the verdict's advice. */
  preset?: AdviceAction;
  /** Called once when the dialog closes: the results, empty when cancelled. */
  onClose: (results: ActionResult[]) => void;
}

export function ActionDialog({ kind, targets, width, height, currentNice, preset, onClose }: ActionDialogProps) {
  const actions = useProcessActions();
  const common = { targets, actions, width, onClose };
  if (kind === 'signal') return <SignalDialog {...common} height={height} preset={preset?.kind === 'signal' ? preset.signal : undefined} />;
  if (kind === 'renice') return <ReniceDialog {...common} currentNice={currentNice} preset={preset?.kind === 'renice' ? preset.nice : undefined} />;
  if (kind === 'sched') return <SchedDialog {...common} preset={preset?.kind === 'sched' ? preset.policy : undefined} />;
  if (kind === 'weight') return <WeightDialog {...common} preset={preset?.kind === 'weight' ? preset : undefined} />;
  return <IoniceDialog {...common} preset={preset?.kind === 'ionice' ? preset.ioClass : undefined} />;
}
