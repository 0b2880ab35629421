/**
 * The command tables against themselves: every command (the screen's and the detail view's) is
 * reachable by each of its keys in each of its modes, every command and key is listed in the
 * generated help, and no two commands of one mode share a key (the detail view's keys checked
 * together with the screen's quit and suspend, which run while it is open).
 */
import { describe, expect, it } from 'vitest';
import { exactId, label, type KeySpec } from '../../src/ui/commands/bindings.js';
import type { AnyCommand } from '../../src/ui/commands/command.js';
import { COMMANDS } from '../../src/ui/commands/commands.js';
import { helpGroups } from '../../src/ui/commands/help.js';
import { KEY_MODES, type KeyMode } from '../../src/ui/commands/modes.js';
import { bindingsIn, CommandIndex } from '../../src/ui/commands/resolve.js';
import { commandFor } from '../../src/ui/commands/screenCommands.js';
import { layoutHelp, wrapWords } from '../../src/ui/components/helpLayout.js';
import { statusHints } from '../../src/ui/commands/hints.js';
import { DETAIL_COMMANDS } from '../../src/ui/detail/detailCommands.js';
import type { KeyEvent } from '../../src/ui/input/keys.js';

/** The key event a binding stands for (the catch-alls get a sample). */
function sampleEvent(spec: KeySpec): KeyEvent {
  if ('key' in spec) return { name: spec.key, text: '', ctrl: false };
  if ('text' in spec) return { name: 'text', text: spec.text, ctrl: false };
  if ('ctrl' in spec) return { name: 'text', text: spec.ctrl, ctrl: true };
  return { name: 'text', text: 'x', ctrl: false };
}

const TABLES: readonly (readonly AnyCommand[])[] = [COMMANDS, DETAIL_COMMANDS];
/** The screen's mode while a detail-view mode reads keys. */
const screenModeOf = (mode: KeyMode): KeyMode => (mode === 'detailFilter' ? 'detail' : mode);

describe('command table', () => {
  it('runs every command from each of its keys in each of its modes', () => {
    for (const table of TABLES) {
      const index = new CommandIndex(table);
      for (const c of table) {
        expect(c.modes.length, c.id).toBeGreaterThan(0);
        for (const mode of c.modes) {
          const bindings = bindingsIn(c, mode);
          expect(bindings.length, `${c.id} has no key in ${mode}`).toBeGreaterThan(0);
          for (const b of bindings) expect(index.find(mode, sampleEvent(b))?.command.id, `${c.id} ${label(b)} in ${mode}`).toBe(c.id);
        }
      }
    }
  });

  it('gives no key two commands in one mode', () => {
    for (const mode of KEY_MODES) {
      const seen = new Map<string, string>();
      const commands = [
        ...COMMANDS.flatMap((c) => bindingsIn(c, screenModeOf(mode)).map((b) => [c, b] as const)),
        ...DETAIL_COMMANDS.flatMap((c) => bindingsIn(c, mode).map((b) => [c, b] as const)),
      ];
      for (const [c, b] of commands) {
        const id = exactId(b) ?? ('anyText' in b ? 'any text' : 'any key');
        expect(seen.get(id), `${id} in ${mode}: ${seen.get(id)} and ${c.id}`).toBeUndefined();
        seen.set(id, c.id);
      }
    }
  });

  it('lists every command, with each of its keys, in the help', () => {
    const groups = helpGroups();
    for (const c of TABLES.flat()) {
      const rows = groups.flatMap((g) => g.rows).filter(([, what]) => what === c.help);
      expect(rows.length, `${c.id} is not in the help`).toBeGreaterThan(0);
      for (const b of c.keys) {
        // "Up/Down k/j": a row's keys are space-separated, pairs joined by '/', and '/' may be a key itself.
        const tokens = (keys: string) => keys.split(' ').flatMap((t) => (t === '/' ? [t] : t.split('/')));
        const shown = rows.some(([keys]) => keys === label(b) || tokens(keys).includes(label(b)));
        expect(shown, `${c.id}: ${label(b)} is not in the help`).toBe(true);
      }
    }
  });

  it('keys that do nothing in a mode run no command', () => {
    expect(commandFor('table', { name: 'f12', text: '', ctrl: false })).toBeUndefined();
    expect(commandFor('detail', { name: 'text', text: 'q', ctrl: false })).toBeUndefined();
    expect(commandFor('search', { name: 'text', text: 'q', ctrl: false })?.command.id).toBe('type');
    expect(commandFor('help', { name: 'f10', text: '', ctrl: false })?.command.id).toBe('quit');
    expect(commandFor('tooSmall', { name: 'text', text: 'j', ctrl: false })).toBeUndefined();
  });
});

describe('help layout', () => {
  it('fits every group at 200x57 and names what does not fit at 80x21 (the help then scrolls in one column)', () => {
    const groups = helpGroups();
    const big = layoutHelp(groups, 200, 57, 40);
    expect(big.left).toEqual([]);
    expect(big.columns.flat().filter((l) => 'title' in l)).toHaveLength(groups.length);
    const small = layoutHelp(groups, 80, 21, 40);
    expect(small.columns.length).toBe(2);
    // Every column fits below the title line.
    for (const col of small.columns) expect(col.length).toBeLessThanOrEqual(20);
    expect(small.left.length).toBeGreaterThan(0);
    expect(small.columns.flat().filter((l) => 'keys' in l).length).toBeGreaterThanOrEqual(groups[0].rows.length);
  });
});

describe('wrapWords', () => {
  it('breaks between words, splits only a word longer than the line, and keeps every character', () => {
    expect(wrapWords('the verdict: what limits this host', 12)).toEqual(['the verdict:', 'what limits', 'this host']);
    expect(wrapWords('abcdefghij xy', 4)).toEqual(['abcd', 'efgh', 'ij', 'xy']);
    expect(wrapWords('', 5)).toEqual(['']);
    for (const text of ['one two three four five six', 'x'.repeat(30), 'a bb ccc dddd eeeee']) {
      for (const room of [1, 3, 7, 40]) {
        const pieces = wrapWords(text, room);
        expect(pieces.every((p) => p.length <= room)).toBe(true);
        expect(pieces.join(' ').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      }
    }
  });
});

describe('status line hints', () => {
  it('come from the command table (each hint is a command of that mode, with its F-key where it has one): the same text as before', () => {
    expect(statusHints('table')).toBe('  F1 help  F3 search  F4 filter  F5 tree  F6 sort  F9 kill  F10 quit');
    expect(statusHints('connections')).toBe('  Esc back  F4 filter  F6 sort  I invert  Enter process  F10 quit');
    expect(statusHints('help')).toBe('');
  });
});
