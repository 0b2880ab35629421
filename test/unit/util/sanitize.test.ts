import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { ONE_COLUMN_RANGES } from '../../../src/util/oneColumn.js';
import { blanksAfter, displayWidth, sanitizeBytes, sanitizeText, truncateToWidth } from '../../../src/util/sanitize.js';

describe('sanitizeText', () => {
  it('leaves ordinary text, CJK and emoji alone', () => {
    expect(sanitizeText('nginx: worker process')).toBe('nginx: worker process');
    expect(sanitizeText('日本語😀')).toBe('日本語😀');
  });

  it('escapes ESC, every other C0 control, DEL and C1 controls as \\xHH', () => {
    expect(sanitizeText('\x1b[2J\x1b]0;pwn\x07')).toBe('\\x1b[2J\\x1b]0;pwn\\x07');
    expect(sanitizeText('a\nb\tc\rd\0e')).toBe('a\\x0ab\\x09c\\x0dd\\x00e');
    expect(sanitizeText('del\x7f')).toBe('del\\x7f');
    expect(sanitizeText('csi\u009b31m')).toBe('csi\\x9b31m');
  });

  it('escapes line separators and bidi overrides as \\uHHHH', () => {
    expect(sanitizeText('a\u2028b\u202egnp.exe')).toBe('a\\u2028b\\u202egnp.exe');
  });

  it('replaces lone surrogates with U+FFFD', () => {
    expect(sanitizeText('x\ud800y')).toBe('x\ufffdy');
  });

  it('output never contains a control character and survives a JSON round trip', () => {
    let all = '';
    for (let c = 0; c < 0x100; c++) all += String.fromCharCode(c);
    const safe = sanitizeText(all);
    expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(JSON.parse(JSON.stringify(safe))).toBe(safe);
  });
});

describe('sanitizeBytes', () => {
  it('replaces invalid UTF-8 with U+FFFD and keeps valid multibyte text', () => {
    expect(sanitizeBytes(Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0xc3]))).toBe('bad\ufffd\ufffd\ufffd');
    expect(sanitizeBytes(Buffer.from('日本😀', 'utf8'))).toBe('日本😀');
  });

  it('decodes a view into a larger buffer without reading outside it', () => {
    const big = Buffer.from('xxESC\x1byy', 'latin1');
    expect(sanitizeBytes(big.subarray(2, 6))).toBe('ESC\\x1b');
  });
});

describe('displayWidth and truncateToWidth', () => {
  it('counts CJK and emoji as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('👩‍👩‍👧')).toBe(2);
  });

  it('cuts to the column budget without splitting a wide character or a grapheme', () => {
    expect(truncateToWidth('hello', 10)).toBe('hello');
    expect(truncateToWidth('hello world', 5)).toBe('hello');
    expect(truncateToWidth('日本語', 5)).toBe('日本');
    expect(truncateToWidth('a👩‍👩‍👧b', 2)).toBe('a');
    expect(truncateToWidth('a👩‍👩‍👧b', 3)).toBe('a👩‍👩‍👧');
  });

  it('cuts one-column text (util/oneColumn.ts) where cutting grapheme by grapheme would', () => {
    const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const byGrapheme = (text: string, width: number, ellipsis: string): string => {
      if (width <= 0) return '';
      if (stringWidth(text) <= width) return text;
      const room = width - stringWidth(ellipsis);
      if (room < 0) return truncateToWidth(ellipsis, width);
      let out = '';
      for (const { segment } of graphemes.segment(text)) {
        if (stringWidth(out + segment) > room) break;
        out += segment;
      }
      return out + ellipsis;
    };
    const oneColumn = fc.constantFrom(...ONE_COLUMN_RANGES).chain(([from, to]) => fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c)));
    fc.assert(
      fc.property(fc.string({ unit: oneColumn, maxLength: 60 }), fc.integer({ min: -2, max: 70 }), fc.constantFrom('', '…', '...'), (text, width, ellipsis) => {
        expect(truncateToWidth(text, width, ellipsis)).toBe(byGrapheme(text, width, ellipsis));
        expect(displayWidth(text)).toBe(stringWidth(text));
      }),
    );
  });

  it('puts the ellipsis inside the budget', () => {
    expect(truncateToWidth('日本語テキスト', 5, '…')).toBe('日本…');
    expect(displayWidth(truncateToWidth('日本語テキスト', 5, '…'))).toBeLessThanOrEqual(5);
    expect(truncateToWidth('abcdef', 4, '…')).toBe('abc…');
    expect(truncateToWidth('abc', 0, '…')).toBe('');
  });
});

describe('blanksAfter', () => {
  it('fills a cut text out to its width in columns, wide characters counted twice', () => {
    expect(blanksAfter('ab', 5)).toBe('   ');
    expect(blanksAfter('日本', 5)).toBe(' ');
    expect(blanksAfter('toolong', 3)).toBe('');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.nat(30), (s, width) => {
        const cut = truncateToWidth(s, width);
        expect(displayWidth(cut + blanksAfter(cut, width))).toBe(width);
      }),
    );
  });
});
