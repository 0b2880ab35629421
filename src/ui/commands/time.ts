/**
 * The time commands: step a sample, a minute or an hour back or forward, and go to a typed time,
 * over the timeline the screen shows (a recording in `replay`, the samples held in `top`). Pure:
 * each queues a move of the store's cursor for App, and in live `top` pauses first, so the
 * first step back is the sample before the one on screen.
 */
import type { TimeMove } from '../../store/store.js';
import type { TimeRequest, UiState } from '../state/uiState.js';
import type { CommandHandler } from './command.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** `s` with one more move queued. */
function queue(s: UiState, body: { move: TimeMove } | { text: string }): UiState {
  const request: TimeRequest = { ...body, seq: s.timeSeq + 1 };
  return { ...s, timeMoves: [...s.timeMoves, request], timeSeq: request.seq };
}

/** Paused in `top` (a recording is never live, so replay leaves the flag alone). */
function paused(s: UiState, time: 'live' | 'paused' | 'replay'): UiState {
  return time === 'replay' || s.paused ? s : { ...s, paused: true };
}

function moveBy(move: TimeMove): CommandHandler {
  return (s, view) => queue(paused(s, view.time), { move });
}

export const stepBack = moveBy({ steps: -1 });
export const stepForward = moveBy({ steps: 1 });
export const minuteBack = moveBy({ byMs: -MINUTE_MS });
export const minuteForward = moveBy({ byMs: MINUTE_MS });
export const hourBack = moveBy({ byMs: -HOUR_MS });
export const hourForward = moveBy({ byMs: HOUR_MS });

/** T: the go-to-time box, empty. */
export const startGoto: CommandHandler = (s) => ({ ...s, mode: 'goto', gotoText: '' });

/** Enter in the go-to box: go there (read by the request, with the clock), and close the box. */
export const acceptGoto: CommandHandler = (s, view) => {
  if (s.gotoText.trim() === '') return { ...s, mode: 'table' };
  return queue({ ...paused(s, view.time), mode: 'table' }, { text: s.gotoText });
};

/** p: pause or resume `top`; a recording has nothing to resume. */
export const togglePause: CommandHandler = (s, view) => {
  if (view.time === 'replay') return { ...s, status: 'replay: a recording does not run; [ ] step through it, T goes to a time' };
  return { ...s, paused: !s.paused, status: s.paused ? 'resumed' : 'paused: [ ] step through the samples held, p resumes' };
};
