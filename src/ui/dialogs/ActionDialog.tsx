/**
 * One entry point for the action dialogs, for the detail view and the process table alike:
 * `kind` picks signal, renice or ionice; `targets` is one process or a tagged set
 * (src/actions/tagging.ts actionTargets). The dialog closes itself and reports the results.
 */
import type { Viewer } from '../../actions/confirm.js';
import type { ActionResult, ActionTarget } from '../../actions/target.js';
import { IoniceDialog } from './IoniceDialog.js';
import { ReniceDialog } from './ReniceDialog.js';
import { SignalDialog } from './SignalDialog.js';

export type ActionKind = 'signal' | 'renice' | 'ionice';

export interface ActionDialogProps {
  kind: ActionKind;
  targets: readonly ActionTarget[];
  /** Usually '/proc'. */
  procRoot: string;
  /** SmoothTask's pid and uid (currentViewer()). */
  viewer: Viewer;
  width: number;
  height: number;
  /** The first target's nice, where known: where the renice dialog starts. */
  currentNice?: number;
  /** Called once when the dialog closes: the results, empty when cancelled. */
  onClose: (results: ActionResult[]) => void;
}

export function ActionDialog({ kind, targets, procRoot, viewer, width, height, currentNice, onClose }: ActionDialogProps) {
  const common = { targets, procRoot, viewer, width, onClose };
  if (kind === 'signal') return <SignalDialog {...common} height={height} />;
  if (kind === 'renice') return <ReniceDialog {...common} currentNice={currentNice} />;
  return <IoniceDialog {...common} />;
}
