// Stands in for `cli-truncate` in the bundle (build.mjs), as string-width-fast.mjs does for
// string-width: Ink cuts every `wrap="truncate"` line that is too wide with it, and cli-truncate
// slices through slice-ansi, which segments with Intl.Segmenter; the first segmenter loads ICU
// (src/ui/terminal/truncateEnd.ts says what that cost). A cut at the end with the default
// ellipsis of one-column text is answered by truncateOneColumnEnd; anything else goes to
// cli-truncate itself, loaded on first need. test/unit/terminal/truncateEnd.test.ts checks both.
// The compiled module: scripts/build.sh compiles before it bundles.
import { truncateOneColumnEnd } from '../../dist/ui/terminal/truncateEnd.js';

/** cli-truncate's signature, answering end cuts of one-column text itself and the rest with `slow`. */
export function withOneColumnEndCut(slow) {
  return function fastCliTruncate(text, columns, options) {
    const plainEnd = options === undefined || (Object.keys(options).length === 1 && options.position === 'end');
    const fast = plainEnd && typeof text === 'string' ? truncateOneColumnEnd(text, columns) : undefined;
    return fast ?? slow(text, columns, options);
  };
}

let cliTruncate;
// require(), not import: esbuild then bundles cli-truncate as a module evaluated on first call.
export default withOneColumnEndCut((text, columns, options) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy require above
  cliTruncate ??= require('../../node_modules/cli-truncate/index.js').default;
  return cliTruncate(text, columns, options);
});
