/**
 * The key loop every action dialog shares: each key goes through the dialog's pure key function
 * against the state the previous key left (useKeyState); a confirmed step runs the action once and
 * shows its results; a close reports the results (none when cancelled) to `onClose` after render.
 */
import { useEffect, useState } from 'react';
import type { ActionResult } from '../../actions/target.js';
import { useKeyState } from '../detail/useKeyState.js';
import { useKeys } from '../hooks/useKeys.js';
import type { KeyEvent } from '../input/keys.js';
import type { DialogStep, Stage } from './confirmStage.js';

export function useActionDialog<S extends { stage: Stage }>(
  initial: S | (() => S),
  keyStep: (s: S, key: KeyEvent) => DialogStep<S>,
  run: (s: S) => ActionResult[],
  onClose: (results: ActionResult[]) => void,
): S {
  const [state, current, setState] = useKeyState<S>(initial);
  const [closing, setClosing] = useState<ActionResult[] | undefined>();
  useEffect(() => {
    if (closing !== undefined) onClose(closing);
  }, [closing, onClose]);

  useKeys((key) => {
    const s = current();
    const step = keyStep(s, key);
    if (step.close) return setClosing(s.stage.kind === 'done' ? s.stage.results : []);
    if (step.apply) return setState({ ...s, stage: { kind: 'done', results: run(s) } });
    setState(step.state);
  });
  return state;
}
