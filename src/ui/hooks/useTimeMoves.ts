/**
 * Carries out the queued moves in time (UiState.timeMoves) on the store's cursor, each once and in
 * order, then drops them from the queue; says on the status line where a move could not go.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Store } from '../../store/store.js';
import { parseTimeSpec, TimeSpecError } from '../../timeline/time.js';
import type { TimeRequest } from '../state/uiState.js';
import { moveText } from '../time/timeText.js';

export interface TimeMoveHandlers {
  store: Store;
  report: (text: string) => void;
  /** The moves up to `seq` are done. */
  done: (seq: number) => void;
}

/** What one move says: '' when it went where it was asked. */
function carryOut(store: Store, request: TimeRequest): string {
  let move;
  if ('text' in request) {
    try {
      // Relative times ("-2h") count back from the clock, as `replay --at` does.
      move = { toMs: parseTimeSpec(request.text, Date.now()) };
    } catch (err) {
      if (err instanceof TimeSpecError) return err.message;
      throw err;
    }
  } else move = request.move;
  return moveText(store.moveTime(move), store.position()?.kind);
}

export function useTimeMoves(moves: readonly TimeRequest[], handlers: TimeMoveHandlers): void {
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });
  // The last move carried out: a render before `done` lands shows the same queue again.
  const handled = useRef(0);
  useEffect(() => {
    const todo = moves.filter((m) => m.seq > handled.current);
    if (todo.length === 0) return;
    const { store, report, done } = latest.current;
    let text = '';
    for (const m of todo) text = carryOut(store, m);
    handled.current = todo[todo.length - 1].seq;
    if (text !== '') report(text);
    done(handled.current);
  }, [moves]);
}
