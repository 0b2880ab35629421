/**
 * The bundle's stand-in for string-width (scripts/bundle/string-width-fast.mjs) must give
 * string-width's answer for every string: checked here for every character of its fast path, for
 * the mixed, styled and wide strings that must still reach string-width, and once bundled as
 * scripts/bundle.sh bundles it (string-width itself loaded on first need).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { isOneColumn, ONE_COLUMN_RANGES } from '../../../src/util/oneColumn.js';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import { ONE_COLUMN_ONLY, withOneColumnFastPath } from '../../../scripts/bundle/string-width-fast.mjs';

type Width = (input: unknown, options?: object) => number;
const width = (withOneColumnFastPath as (slow: typeof stringWidth) => Width)(stringWidth);
const wrapper = new URL('../../../scripts/bundle/string-width-fast.mjs', import.meta.url).pathname;

describe('string-width-fast', () => {
  it('takes the fast path for every character string-width counts as one column, and only those', () => {
    for (const [from, to] of ONE_COLUMN_RANGES) {
      for (let cp = from; cp <= to; cp++) {
        const ch = String.fromCodePoint(cp);
        expect((ONE_COLUMN_ONLY as RegExp).test(ch), cp.toString(16)).toBe(true);
        expect(stringWidth(ch), cp.toString(16)).toBe(1);
      }
    }
    for (const outside of [0x1f, 0x7f, 0xad, 0x200b, 0x2028, 0x25fd, 0x25fe, 0x3042, 0x1f600]) {
      expect((ONE_COLUMN_ONLY as RegExp).test(String.fromCodePoint(outside)), outside.toString(16)).toBe(false);
    }
  });

  it("is the cell parser's set: isOneColumn and the pattern agree on every UTF-16 unit", () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (isOneColumn(code) !== (ONE_COLUMN_ONLY as RegExp).test(String.fromCharCode(code))) expect.fail(code.toString(16));
    }
  });

  it("gives string-width's answer for screen lines, styled text and what it must hand on", () => {
    const samples = [
      '',
      'plain ascii 123',
      '│ CPU [proc] ▕█████▋        ▏ 21.0% ││ Mem ▕█▋ ▏',
      '╭─ Network ─╮ ⣀⣠⣤⣶⣿ ↑ 1.2 MB/s ↓ 3 kB/s … 40°C 12 µs',
      '\u001b[31m│ red border\u001b[39m ▲ PID',
      '日本語 wide',
      'emoji 😀 and ◽',
      'e\u0301 combining',
      'soft\u00adhyphen zero\u200bwidth',
      '\u001b]0;title\u0007osc',
    ];
    for (const s of samples) expect(width(s), JSON.stringify(s)).toBe(stringWidth(s));
    expect(width(42)).toBe(stringWidth(42 as unknown as string));
    expect(width('─ ambiguous', { ambiguousIsNarrow: false })).toBe(stringWidth('─ ambiguous', { ambiguousIsNarrow: false }));
  });

  it('bundled, answers both paths, string-width included', async () => {
    const out = await build({ entryPoints: [wrapper], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent' });
    const dir = mkdtempSync(join(tmpdir(), 'st-sw-'));
    try {
      const file = join(dir, 'string-width-fast.bundle.mjs');
      writeFileSync(file, out.outputFiles[0].text);
      const bundled = (await import(pathToFileURL(file).href)).default as Width;
      for (const s of ['│ ▕█▋ ⣿ … 40°C', '日本語 😀', '\u001b[31m│ red\u001b[39m']) expect(bundled(s), s).toBe(stringWidth(s));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
