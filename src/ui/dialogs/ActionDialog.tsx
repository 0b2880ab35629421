/**
 * One entry point for the action dialogs, for the detail view and the process table alike:
 * `kind` picks signal, renice or ionice; `targets` is one process or a tagged set
 * (src/actions/tagging.ts actionTargets). The dialog closes itself and reports the results. The
 * actions themselves are the runtime's (UiActions.processes), read from context.
 */
import type { ActionResult, ActionTarget } from '../../actions/target.js';
import { useProcessActions } from '../context.js';
import { IoniceDialog } from './IoniceDialog.js';
import { ReniceDialog } from './ReniceDialog.js';
import { SignalDialog } from './SignalDialog.js';

export type ActionKind = 'signal' | 'renice' | 'ionice';

export interface ActionDialogProps {
  kind: ActionKind;
  targets: readonly ActionTarget[];
  width: number;
  height: number;
  /** The first target's nice, where known: where the renice dialog starts. */
  currentNice?: number;
  /** Called once when the dialog closes: the results, empty when cancelled. */
  onClose: (results: ActionResult[]) => void;
}

export function ActionDialog({ kind, targets, width, height, currentNice, onClose }: ActionDialogProps) {
  const actions = useProcessActions();
  const common = { targets, actions, width, onClose };
  if (kind === 'signal') return <SignalDialog {...common} height={height} />;
  if (kind === 'renice') return <ReniceDialog {...common} currentNice={currentNice} />;
  return <IoniceDialog {...common} />;
}
