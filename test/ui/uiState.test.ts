import { describe, expect, it } from 'vitest';
import { TEST_PROCESSES } from './helpers/snapshots.js';
import { parseKey } from '../../src/ui/input/keys.js';
import { uiReducer } from '../../src/ui/state/reducer.js';
import { scrollFor } from '../../src/ui/state/selection.js';
import { initialUiState, type UiState } from '../../src/ui/state/uiState.js';
import { screenView, type ViewInput } from './helpers/screenView.js';

function type(state: UiState, keys: string[], e: ViewInput = {}): UiState {
  const view = screenView(e);
  return keys.reduce((s, k) => uiReducer(s, { type: 'key', key: parseKey(k)!, view }), state);
}

describe('ui reducer', () => {
  it('only q, F10 and Ctrl-C do anything while the terminal is too small', () => {
    const s = type(initialUiState, ['j', '/', 't'], { tooSmall: true });
    expect(s).toEqual(initialUiState);
    expect(type(initialUiState, ['q'], { tooSmall: true }).request?.kind).toBe('quit');
  });

  it('text typed into search and filter is text, not commands', () => {
    const s = type(initialUiState, ['\\', 'q', 't', 'H']);
    expect(s.filter).toBe('qtH');
    expect(s.request).toBeUndefined();
    expect(s.tree).toBe(false);
  });

  it('moving in an empty view selects nothing and does not throw', () => {
    const s = type(initialUiState, ['j', 'G', '\x1b[6~'], { rows: [] });
    expect(s.selectedKey).toBeUndefined();
  });

  it('scrolls just enough to keep the selection on screen', () => {
    expect(scrollFor(0, 5, 3, 10)).toBe(3);
    expect(scrollFor(6, 2, 3, 10)).toBe(2);
    expect(scrollFor(9, 9, 3, 10)).toBe(7);
    const s = type(initialUiState, ['j', 'j', 'j', 'j']);
    expect(s.scrollTop).toBe(2);
  });

  it('Enter opens the detail view of the selected process; keys then belong to it until closeDetail', () => {
    const s = type(initialUiState, ['j', '\r']);
    expect(s.mode).toBe('detail');
    expect(s.detail).toEqual({ pid: 500, startTime: 5000 });
    expect(type(s, ['\x1b', 'j', 'q'])).toEqual(s);
    expect(uiReducer(s, { type: 'closeDetail' }).mode).toBe('table');
    expect(type(initialUiState, ['\r'], { canDetail: false }).mode).toBe('table');
  });

  it('space tags and moves down; the dialog gets the tagged processes, then the tags are spent', () => {
    let s = type(initialUiState, [' ', ' '], { canDialog: true });
    expect([...s.tags.tagged]).toEqual(['400:4000', '500:5000']);
    s = type(s, ['\x1b[20~'], { canDialog: true });
    expect(s.mode).toBe('dialog');
    expect(s.dialog?.kind).toBe('signal');
    expect(s.dialog?.targets.map((t) => t.pid).sort()).toEqual([400, 500]);
    expect(type(s, ['q', 'j'], { canDialog: true })).toEqual(s);
    const cancelled = uiReducer(s, { type: 'closeDialog', message: '', acted: false });
    expect(cancelled.mode).toBe('table');
    expect(cancelled.tags.tagged.size).toBe(2);
    const done = uiReducer(s, { type: 'closeDialog', message: 'sent', acted: true });
    expect(done.tags.tagged.size).toBe(0);
    expect(done.status).toBe('sent');
  });

  it('tags of processes that exited are dropped', () => {
    const s = type(initialUiState, [' '], { canDialog: true });
    const pruned = uiReducer(s, { type: 'pruneTags', alive: TEST_PROCESSES.filter((p) => p.pid !== 400) });
    expect(pruned.tags.tagged.size).toBe(0);
    expect(uiReducer(pruned, { type: 'pruneTags', alive: TEST_PROCESSES })).toBe(pruned);
  });

  it('each request is distinct, so the same action twice runs twice', () => {
    const a = type(initialUiState, ['\x1a']);
    const b = type(a, ['\x1a']);
    expect(a.request?.kind).toBe('suspend');
    expect(b.request?.seq).toBe((a.request?.seq ?? 0) + 1);
  });

  it('the user picker: u opens it on the current user, j/k move, Enter picks, Esc/q/u close', () => {
    let s = type(initialUiState, ['u']);
    expect(s.mode).toBe('users');
    expect(s.userCursor).toBe(0);
    s = type(s, ['j', 'j', 'k', '\x1b[B']);
    expect(s.userCursor).toBe(2);
    const picked = type(s, ['\r']);
    expect(picked.mode).toBe('table');
    expect(picked.user).toBe('postgres');
    expect(type(picked, ['u']).userCursor).toBe(2);
    for (const key of ['\x1b', 'q', 'u']) {
      expect(type(s, [key]).mode).toBe('table');
      expect(type(s, [key]).user).toBeUndefined();
    }
  });

  it('the alert history: a opens it, keys scroll within the resolved alerts, Esc/q/a close', () => {
    let s = type(initialUiState, ['a']);
    expect(s.mode).toBe('alerts');
    s = type(s, ['j', 'j', 'j']);
    expect(s.alertOffset).toBe(1);
    expect(type(s, ['g']).alertOffset).toBe(0);
    expect(type(s, ['k', 'G']).alertOffset).toBe(1);
    for (const key of ['\x1b', 'q', 'a']) expect(type(s, [key]).mode).toBe('table');
    expect(type(initialUiState, ['a'], { canAlerts: false }).status).toBe('alert history not available');
  });

  it('search moves to the first match as typed, F3/Down to the next; n repeats it from the table', () => {
    let s = type(initialUiState, ['/', 'p', 'o', 's']);
    expect(s.mode).toBe('search');
    expect(s.selectedKey).toBe('500:5000');
    s = type(s, ['\x1bOR']);
    expect(s.selectedKey).toBe('501:5010');
    s = type(s, ['\r', 'n']);
    expect(s.mode).toBe('table');
    expect(s.selectedKey).toBe('500:5000');
    expect(type(initialUiState, ['n']).status).toBe('no search: press /');
  });
});
