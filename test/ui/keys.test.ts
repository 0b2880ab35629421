import { describe, expect, it } from 'vitest';
import { parseKey, parseKeys } from '../../src/ui/input/keys.js';

describe('parseKey', () => {
  it('names F-keys in xterm, VT220 and Linux console forms', () => {
    expect(parseKey('\x1bOP')?.name).toBe('f1');
    expect(parseKey('\x1b[11~')?.name).toBe('f1');
    expect(parseKey('\x1b[[E')?.name).toBe('f5');
    expect(parseKey('\x1b[17~')?.name).toBe('f6');
    expect(parseKey('\x1b[20~')?.name).toBe('f9');
    expect(parseKey('\x1b[21~')?.name).toBe('f10');
  });

  it('names navigation keys, with or without modifiers', () => {
    expect(parseKey('\x1b[A')?.name).toBe('up');
    expect(parseKey('\x1bOB')?.name).toBe('down');
    expect(parseKey('\x1b[1;5A')?.name).toBe('up');
    expect(parseKey('\x1b[5~')?.name).toBe('pageup');
    expect(parseKey('\x1b[6;2~')?.name).toBe('pagedown');
    expect(parseKey('\x1b[H')?.name).toBe('home');
    expect(parseKey('\x1b[4~')?.name).toBe('end');
    expect(parseKey('\r')?.name).toBe('enter');
    expect(parseKey('\x7f')?.name).toBe('backspace');
    expect(parseKey('\x1b')?.name).toBe('escape');
  });

  it('gives text and control letters, and drops what is not a key', () => {
    expect(parseKey('q')).toEqual({ name: 'text', text: 'q', ctrl: false });
    expect(parseKey('\x03')).toEqual({ name: 'text', text: 'c', ctrl: true });
    expect(parseKey('\x1a')).toEqual({ name: 'text', text: 'z', ctrl: true });
    expect(parseKey('ab\x07c')).toEqual({ name: 'text', text: 'abc', ctrl: false });
    expect(parseKey('\x1b[?1;2c')).toBeUndefined();
    expect(parseKey('')).toBeUndefined();
  });
});

describe('parseKeys', () => {
  it('splits a run of typed text, Enter included, into one key per character', () => {
    expect(parseKeys('/sle\r').map((k) => (k.name === 'text' ? k.text : k.name))).toEqual(['/', 's', 'l', 'e', 'enter']);
    expect(parseKeys('名前').map((k) => k.text)).toEqual(['名', '前']);
    expect(parseKeys('a\x03').at(-1)).toEqual({ name: 'text', text: 'c', ctrl: true });
    expect(parseKeys('\x1b[21~')).toEqual([{ name: 'f10', text: '', ctrl: false }]);
    expect(parseKeys('\x1b[?1;2c')).toEqual([]);
  });
});
