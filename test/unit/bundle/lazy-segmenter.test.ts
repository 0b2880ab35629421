/**
 * scripts/bundle/lazy-segmenter.mjs: bundled as scripts/bundle.sh bundles them, Ink's text helpers
 * make no Intl.Segmenter when they load, and make one, with the same answers as the packages
 * themselves, when they first need it. src/util/lazySegmenter.ts is what they get instead.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tokenize } from '@alcalzone/ansi-tokenize';
import { build } from 'esbuild';
import sliceAnsi from 'slice-ansi';
import { describe, expect, it } from 'vitest';
import wrapAnsi from 'wrap-ansi';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import { lazySegmenterPlugin, lazySegmenterSource, SEGMENTER_MODULES } from '../../../scripts/bundle/lazy-segmenter.mjs';
import { LazySegmenter } from '../../../src/util/lazySegmenter.js';
import { countSegmenters, RealSegmenter } from '../../helpers/segmenters.js';

const repo = new URL('../../../', import.meta.url).pathname;

describe('LazySegmenter', () => {
  it('makes its segmenter on the first segment() and gives what Intl.Segmenter gives', () => {
    const count = countSegmenters();
    const lazy = new LazySegmenter(undefined, { granularity: 'grapheme' });
    expect(count.made).toBe(0);
    const text = 'a👩‍👩‍👧e\u0301日本';
    const segments = (s: Intl.Segments) => [...s].map(({ segment, index }) => [segment, index]);
    expect(segments(lazy.segment(text))).toEqual(segments(new RealSegmenter(undefined, { granularity: 'grapheme' }).segment(text)));
    lazy.segment('again');
    expect(count.made).toBe(1);
  });
});

describe('lazy-segmenter bundle plugin', () => {
  it('refuses a module that makes no segmenter any more, so a package update cannot drop the patch unseen', () => {
    expect(() => lazySegmenterSource('export const x = 1;', 'wrap-ansi/index.js')).toThrow(/makes no Intl.Segmenter/);
  });

  it('bundled, the helpers make no segmenter as they load and answer as the packages do', async () => {
    expect(SEGMENTER_MODULES.length).toBeGreaterThan(0);
    const out = await build({
      stdin: {
        contents:
          "export { default as wrapAnsi } from 'wrap-ansi'; export { default as sliceAnsi } from 'slice-ansi'; export { tokenize } from '@alcalzone/ansi-tokenize';",
        resolveDir: repo,
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      alias: { 'string-width': join(repo, 'scripts/bundle/string-width-fast.mjs') },
      plugins: [lazySegmenterPlugin],
    });
    const text = out.outputFiles[0].text;
    expect(text).not.toMatch(/new Intl\.Segmenter\(void 0/);
    const dir = mkdtempSync(join(tmpdir(), 'st-lazy-segmenter-'));
    try {
      const file = join(dir, 'helpers.bundle.mjs');
      writeFileSync(file, text);
      const count = countSegmenters();
      const bundled = (await import(pathToFileURL(file).href)) as { wrapAnsi: typeof wrapAnsi; sliceAnsi: typeof sliceAnsi; tokenize: typeof tokenize };
      expect(count.made).toBe(0);
      const styled = '\u001b[31m日本語テキスト\u001b[39m and 👩‍👩‍👧 e\u0301';
      expect(bundled.wrapAnsi(styled, 5, { hard: true })).toBe(wrapAnsi(styled, 5, { hard: true }));
      expect(bundled.sliceAnsi(styled, 2, 9)).toBe(sliceAnsi(styled, 2, 9));
      expect(bundled.tokenize(styled)).toEqual(tokenize(styled));
      expect(count.made).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
