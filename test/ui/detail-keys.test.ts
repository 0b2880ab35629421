/**
 * The detail view's keyboard and drawing rules without a terminal: sections by Tab/number/arrows,
 * link cursor and Enter, the files filter, environment behind a key with secrets masked until
 * revealed, no actions once the process exited; and the dialogs' confirmation steps.
 */
import { describe, expect, it } from 'vitest';
import { detailKey } from '../../src/ui/detail/detailCommands.js';
import { initialDetailState, sectionId, type DetailKeyEnv } from '../../src/ui/detail/detailState.js';
import { environmentLines } from '../../src/ui/detail/EnvironmentSection.js';
import { networkLines } from '../../src/ui/detail/NetworkSection.js';
import { wrapText } from '../../src/ui/detail/lines.js';
import { afterChoose, confirmStageKey } from '../../src/ui/dialogs/confirmStage.js';
import { reniceKey } from '../../src/ui/dialogs/ReniceDialog.js';
import { chosenPriority, ioniceKey } from '../../src/ui/dialogs/IoniceDialog.js';
import { signalDialogKey } from '../../src/ui/dialogs/SignalDialog.js';
import type { KeyEvent } from '../../src/ui/input/keys.js';

const k = (name: KeyEvent['name'], text = ''): KeyEvent => ({ name, text, ctrl: false });
const t = (text: string) => k('text', text);
const env: DetailKeyEnv = { links: 3, lines: 100, pageLines: 20, gone: false };

describe('detail keys', () => {
  it('switches sections by Tab, arrows and numbers, wrapping around', () => {
    let s = detailKey(initialDetailState, k('tab'), env).state;
    expect(sectionId(s)).toBe('threads');
    s = detailKey(s, t('8'), env).state;
    expect(sectionId(s)).toBe('environment');
    s = detailKey(s, k('right'), env).state;
    expect(sectionId(s)).toBe('overview');
    s = detailKey(s, k('left'), env).state;
    expect(sectionId(s)).toBe('environment');
  });
  it('moves over links in the overview and opens one with Enter; Esc goes back', () => {
    let s = detailKey(initialDetailState, k('down'), env).state;
    s = detailKey(s, k('down'), env).state;
    s = detailKey(s, k('down'), env).state;
    expect(s.linkCursor).toBe(2);
    expect(detailKey(s, k('enter'), env).effect).toEqual({ kind: 'openLink', index: 2 });
    expect(detailKey(s, k('escape'), env).effect).toEqual({ kind: 'back' });
  });
  it('scrolls other sections within bounds', () => {
    let s = detailKey(initialDetailState, t('2'), env).state;
    s = detailKey(s, k('pagedown'), env).state;
    expect(s.scroll).toBe(20);
    s = detailKey(s, k('end'), env).state;
    expect(s.scroll).toBe(80);
    s = detailKey(s, k('home'), env).state;
    expect(s.scroll).toBe(0);
    expect(detailKey(s, k('up'), env).state.scroll).toBe(0);
  });
  it('edits the files filter with / and clears it with Esc (without leaving the view)', () => {
    let s = detailKey(initialDetailState, t('3'), env).state;
    s = detailKey(s, t('/'), env).state;
    for (const ch of 'sock') s = detailKey(s, t(ch), env).state;
    expect(s.filter).toBe('sock');
    s = detailKey(s, t('3'), env).state;
    expect(s.filter).toBe('sock3');
    const esc = detailKey(s, k('escape'), env);
    expect(esc.effect).toBeUndefined();
    expect(esc.state.filter).toBe('');
  });
  it('reads the environment only after e, and reveals secrets only after v', () => {
    let s = detailKey(initialDetailState, t('8'), env).state;
    expect(detailKey(s, t('v'), env).state.reveal).toBe(false);
    s = detailKey(s, t('e'), env).state;
    expect(s.envRequested).toBe(true);
    s = detailKey(s, t('v'), env).state;
    expect(s.reveal).toBe(true);
  });
  it('opens the action dialogs, but not for a process that exited', () => {
    expect(detailKey(initialDetailState, t('K'), env).state.dialog).toBe('signal');
    expect(detailKey(initialDetailState, k('f9'), env).state.dialog).toBe('signal');
    expect(detailKey(initialDetailState, t('r'), env).state.dialog).toBe('renice');
    expect(detailKey(initialDetailState, t('i'), env).state.dialog).toBe('ionice');
    const gone = detailKey(initialDetailState, t('K'), { ...env, gone: true });
    expect(gone.state.dialog).toBeUndefined();
    expect(gone.effect).toEqual({ kind: 'status', text: 'the process has exited: no actions' });
  });
});

describe('section drawing', () => {
  it('masks secret-looking values until revealed', () => {
    const vars = [
      { name: 'HOME', value: '/root' },
      { name: 'API_TOKEN', value: 'abc123' },
    ];
    const masked = environmentLines(vars, false).map((l) => l.text);
    expect(masked).toContain('API_TOKEN=********');
    expect(masked.join('\n')).not.toContain('abc123');
    expect(environmentLines(vars, true).map((l) => l.text)).toContain('API_TOKEN=abc123');
  });
  it('shows socket bytes only where the store has them', () => {
    const sockets = [{ fd: 4, inode: 9, proto: 'tcp' as const, local: '127.0.0.1:1', remote: '127.0.0.1:2', state: 'ESTABLISHED' }];
    expect(networkLines(sockets, []).at(-1)?.text).toBe('TX/RX bytes need the eBPF connections backend');
    const withBytes = networkLines(sockets, [
      { proto: 'tcp', local: '127.0.0.1:1', remote: '127.0.0.1:2', state: 'ESTABLISHED', pid: 5, txBytes: 2048, rxBytes: 10 },
    ]);
    expect(withBytes[1].text).toMatch(/2\.00K\s+10B/);
  });
  it('wraps a long command line by columns', () => {
    expect(wrapText('a'.repeat(25), 10, '  ')).toEqual(['a'.repeat(10), '  ' + 'a'.repeat(8), '  ' + 'a'.repeat(7)]);
    expect(wrapText('日本語テキスト', 6)).toEqual(['日本語', 'テキス', 'ト']);
    expect(wrapText('--alpha --beta --gamma', 10)).toEqual(['--alpha ', '--beta ', '--gamma']);
  });
});

describe('dialog steps', () => {
  it('y confirms, anything else cancels; the typed confirmation needs the exact text', () => {
    expect(confirmStageKey({ kind: 'confirm' }, t('y'), '1').run).toBe(true);
    expect(confirmStageKey({ kind: 'confirm' }, t('n'), '1').close).toBe(true);
    const typed = afterChoose(true);
    expect(typed).toEqual({ kind: 'typed', input: '' });
    let step = confirmStageKey(typed, t('4'), '42');
    step = confirmStageKey(step.stage, k('enter'), '42');
    expect(step.run).toBeUndefined();
    expect(step.stage).toMatchObject({ kind: 'typed', input: '', error: expect.stringContaining('nothing was sent') });
    step = confirmStageKey(step.stage, t('42'), '42');
    expect(confirmStageKey(step.stage, k('enter'), '42').run).toBe(true);
    expect(confirmStageKey(step.stage, k('escape'), '42').close).toBe(true);
  });
  it('signal list starts on SIGTERM and Enter moves to confirmation', () => {
    const s = { cursor: 0, stage: { kind: 'choose' as const } };
    expect(signalDialogKey(s, k('up'), false, '1').state.cursor).toBe(0);
    expect(signalDialogKey(s, k('enter'), true, '1').state.stage.kind).toBe('typed');
    expect(signalDialogKey(s, k('escape'), false, '1').close).toBe(true);
  });
  it('renice refuses out-of-range values before anything is sent', () => {
    let s = { text: '', stage: { kind: 'choose' as const } } as Parameters<typeof reniceKey>[0];
    s = reniceKey(s, t('25'), false, '1').state;
    const step = reniceKey(s, k('enter'), false, '1');
    expect(step.state.error).toBe('nice must be a whole number from -20 (most CPU) to 19 (least CPU)');
    expect(step.state.stage.kind).toBe('choose');
    s = { text: '19', stage: { kind: 'choose' } };
    expect(reniceKey(s, k('up'), false, '1').state.text).toBe('19');
  });
  it('ionice cycles classes and drops the level for idle', () => {
    let s = { classIndex: 2, level: 4, stage: { kind: 'choose' as const } } as Parameters<typeof ioniceKey>[0];
    expect(chosenPriority(s)).toEqual({ ioClass: 'best-effort', level: 4 });
    s = ioniceKey(s, k('right'), false, '1').state;
    expect(chosenPriority(s)).toEqual({ ioClass: 'idle' });
    s = ioniceKey(s, t('7'), false, '1').state;
    expect(s.level).toBe(7);
  });
});
