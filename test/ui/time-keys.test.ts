import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/ui/commands/commands.js';
import { REPLAY_NO_ACTIONS } from '../../src/ui/commands/handlers.js';
import { helpGroups } from '../../src/ui/commands/help.js';
import { timeHints } from '../../src/ui/commands/hints.js';
import { parseKey } from '../../src/ui/input/keys.js';
import { uiReducer } from '../../src/ui/state/reducer.js';
import { initialUiState, type UiState } from '../../src/ui/state/uiState.js';
import { screenView, type ViewInput } from './helpers/screenView.js';

function type(state: UiState, keys: string[], e: ViewInput = {}): UiState {
  const view = screenView(e);
  return keys.reduce((s, k) => uiReducer(s, { type: 'key', key: parseKey(k)!, view }), state);
}

describe('time keys', () => {
  it('[ ] { } ( ) queue moves of a sample, a minute and an hour, each key its own move', () => {
    const s = type(initialUiState, ['[', ']', '{', '}', '(', ')'], { time: 'paused' });
    expect(s.timeMoves).toEqual([
      { move: { steps: -1 }, seq: 1 },
      { move: { steps: 1 }, seq: 2 },
      { move: { byMs: -60_000 }, seq: 3 },
      { move: { byMs: 60_000 }, seq: 4 },
      { move: { byMs: -3_600_000 }, seq: 5 },
      { move: { byMs: 3_600_000 }, seq: 6 },
    ]);
    // Carried out up to 4: those leave the queue, and the next key numbers on.
    const done = uiReducer(s, { type: 'timeMovesDone', seq: 4 });
    expect(done.timeMoves.map((m) => m.seq)).toEqual([5, 6]);
    expect(type(done, ['['], { time: 'paused' }).timeMoves.at(-1)).toEqual({ move: { steps: -1 }, seq: 7 });
    // With every move done, the next still numbers on (one done is never taken for a new one).
    const empty = uiReducer(s, { type: 'timeMovesDone', seq: 6 });
    expect(type(empty, [']'], { time: 'paused' }).timeMoves).toEqual([{ move: { steps: 1 }, seq: 7 }]);
  });

  it('in live top a time key pauses first; in replay it leaves the pause alone', () => {
    expect(type(initialUiState, ['['], { time: 'live' }).paused).toBe(true);
    expect(type(initialUiState, ['['], { time: 'replay' }).paused).toBe(false);
  });

  it('work in the connections and verdict views, and are text in the boxes', () => {
    expect(type(initialUiState, ['C', '['], { time: 'paused' }).timeMoves).toHaveLength(1);
    expect(type(initialUiState, ['V', '}'], { time: 'paused' }).timeMoves).toHaveLength(1);
    const s = type(initialUiState, ['/', '[', '('], { time: 'paused' });
    expect(s.search).toBe('[(');
    expect(s.timeMoves).toEqual([]);
  });

  it('T opens the go-to box; Enter asks to go there, Esc leaves without a move', () => {
    const typed = type(initialUiState, ['T', '-', '2', 'h'], { time: 'replay' });
    expect(typed.mode).toBe('goto');
    expect(typed.gotoText).toBe('-2h');
    const gone = type(typed, ['\r'], { time: 'replay' });
    expect(gone.mode).toBe('table');
    expect(gone.timeMoves).toEqual([{ text: '-2h', seq: 1 }]);
    const cancelled = type(typed, ['\x7f', '\x1b'], { time: 'replay' });
    expect(cancelled.mode).toBe('table');
    expect(cancelled.timeMoves).toEqual([]);
    // Nothing typed: Enter only closes the box.
    expect(type(initialUiState, ['T', '\r']).timeMoves).toEqual([]);
    // From live top, going to a time pauses.
    expect(type(initialUiState, ['T', '0', '3', ':', '1', '2', '\r'], { time: 'live' }).paused).toBe(true);
  });

  it('p pauses and resumes top; in replay it says there is nothing to resume', () => {
    expect(type(initialUiState, ['p']).paused).toBe(true);
    expect(type(initialUiState, ['p', 'p']).paused).toBe(false);
    const replay = type(initialUiState, ['p'], { time: 'replay' });
    expect(replay.paused).toBe(false);
    expect(replay.status).toContain('a recording does not run');
  });

  it('refuses the action dialogs in replay with a clear message', () => {
    for (const k of ['K', '\x1b[20~', '\x1b[18~', 'i']) {
      const s = type(initialUiState, [k], { time: 'replay', canDialog: true });
      expect(s.mode).toBe('table');
      expect(s.status).toBe(REPLAY_NO_ACTIONS);
    }
    expect(type(initialUiState, ['K'], { time: 'paused', canDialog: true }).mode).toBe('dialog');
  });

  it('are listed in the help and hinted on the status line from the one command table', () => {
    const table = helpGroups().find((g) => g.mode === 'table')!;
    const keys = table.rows.map(([k]) => k);
    expect(keys).toEqual(expect.arrayContaining(['[/]', '{/}', '(/)', 'T']));
    expect(
      helpGroups()
        .find((g) => g.mode === 'goto')
        ?.rows.map(([k]) => k),
    ).toEqual(expect.arrayContaining(['Enter', 'Esc']));
    expect(timeHints()).toBe('  [] step  {} minute  () hour  T go to  F1 help  F10 quit');
    // No time key is bound to anything else in the table.
    for (const k of ['[', ']', '{', '}', '(', ')', 'T']) {
      const bound = COMMANDS.filter((c) => c.modes.includes('table') && c.keys.some((b) => 'text' in b && b.text === k));
      expect(bound).toHaveLength(1);
    }
  });
});
