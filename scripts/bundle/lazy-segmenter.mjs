// Gives Ink's text helpers a segmenter made on first use (src/util/lazySegmenter.ts) in place of
// the Intl.Segmenter each makes when its module loads: the first one a process makes loads ICU,
// 12-19 ms before the first frame, which draws only one-column text and needs none
// (bench/README.md, "No ICU before the first frame"). They only call segment() on it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The modules that make a segmenter as they load, under node_modules. */
export const SEGMENTER_MODULES = ['wrap-ansi/index.js', 'slice-ansi/tokenize-ansi.js', '@alcalzone/ansi-tokenize/build/tokenize.js'];

const lazySegmenter = fileURLToPath(new URL('../../dist/util/lazySegmenter.js', import.meta.url));
const MAKES = /\bnew Intl\.Segmenter\b/g;

/**
 * `source` with each `new Intl.Segmenter` made lazy. Throws where it makes none: a new version of
 * the package moved it, and this patch would otherwise be lost without a word.
 */
export function lazySegmenterSource(source, path) {
  if (source.match(MAKES) === null) throw new Error(`lazy-segmenter: ${path} makes no Intl.Segmenter any more; update scripts/bundle/lazy-segmenter.mjs`);
  return `import { LazySegmenter as __LazySegmenter } from ${JSON.stringify(lazySegmenter)};\n${source.replace(MAKES, 'new __LazySegmenter')}`;
}

/** The esbuild plugin. */
export const lazySegmenterPlugin = {
  name: 'lazy-segmenter',
  setup(build) {
    const filter = new RegExp(
      `[\\\\/]node_modules[\\\\/](${SEGMENTER_MODULES.map((m) => m.replace(/[./]/g, (c) => (c === '.' ? '\\.' : '[\\\\/]'))).join('|')})$`,
    );
    build.onLoad({ filter }, async (args) => ({ contents: lazySegmenterSource(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
  },
};
