// Stands in for `string-width` in the bundle (scripts/bundle.sh): the same answer, sooner, for
// the text SmoothTask draws. string-width counts printable ASCII by its length but sends any other
// string through Intl.Segmenter and its emoji and East Asian width tables, and nearly every line of
// the screen has a panel border, a meter block or a braille chart in it: CPU and garbage on every
// frame (bench/README.md). Every character of src/util/oneColumn.ts is one column wide, and a
// string of them only is one column per character; test/unit/bundle/string-width-fast.test.ts
// checks each against string-width. Anything else goes to string-width itself, which is loaded on
// first need: its module builds a segmenter and its tables, which would delay the first frame.
import stripAnsi from 'strip-ansi';
// The compiled module (scripts/build.sh compiles before it bundles), so that the bundle holds one
// copy of the set, the one the cell parser and the width helpers import.
import { ONE_COLUMN_ONLY } from '../../dist/util/oneColumn.js';

export { ONE_COLUMN_ONLY };

/** string-width's signature, answering strings of ONE_COLUMN_ONLY characters itself and the rest with `slow`. */
export function withOneColumnFastPath(slow) {
  return function fastStringWidth(input, options) {
    if (typeof input !== 'string' || options !== undefined) return slow(input, options);
    // Styled text: string-width strips the escapes first too (ESC and CSI introduce them).
    const text = input.includes('\u001B') || input.includes('\u009B') ? stripAnsi(input) : input;
    return ONE_COLUMN_ONLY.test(text) ? text.length : slow(text);
  };
}

let stringWidth;
// require(), not import: esbuild then bundles string-width as a module evaluated on first call.
export default withOneColumnFastPath((input, options) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy require above
  stringWidth ??= require('../../node_modules/string-width/index.js').default;
  return stringWidth(input, options);
});
