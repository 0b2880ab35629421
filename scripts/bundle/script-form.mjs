// The bundle as a classic script, so that V8 can keep a code cache of it made after it ran
// (src/launch/start.ts; bench/README.md, "A code cache made after the code ran").
//
// Why: Node's compile cache (NODE_COMPILE_CACHE) stores V8's code cache of an ES module when the
// module is compiled, before it runs, so it holds only the top-level code: every function the
// first frame calls is compiled again at every start. vm.Script can make its cache after the
// code ran (createCachedData), but takes scripts, not modules. The bundle's only module syntax is
// its banner (the import of createRequire) and import.meta; its top-level awaits (Yoga's wasm,
// Ink's module inits) are allowed in an async function. So the script form is the bundle's body
// in an async function of (require, the bundle's URL), on the same lines as in the bundle, so the
// bundle's source map still names the original files.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import vm from 'node:vm';
import { BUILD_ID_PREFIX } from '../../dist/launch/codeCache.js';

/** The first line of the ES module bundle (scripts/bundle/build.mjs). */
export const BUNDLE_BANNER = "import { createRequire as __smoothtaskRequire } from 'node:module'; const require = __smoothtaskRequire(import.meta.url);";

/**
 * The script form of an ES module bundle: a function expression of (require, __smoothtaskUrl)
 * returning the promise of its body, and its build id (a hash of that text). Throws when the
 * bundle has module syntax that a script cannot take, so a change of the bundle cannot slip by.
 */
export function toScriptForm(bundle) {
  const newline = bundle.indexOf('\n');
  if (newline < 0 || bundle.slice(0, newline) !== BUNDLE_BANNER) {
    throw new Error('script-form: the bundle does not start with the banner of scripts/bundle/build.mjs');
  }
  const body = bundle
    .slice(newline + 1)
    .replaceAll('import.meta.url', '__smoothtaskUrl')
    // Only Ink's DEV-mode check for react-devtools-core uses it, in a try block.
    .replaceAll('import.meta.resolve(', 'require.resolve(');
  const left = body.indexOf('import.meta');
  if (left >= 0) throw new Error(`script-form: import.meta left at ${body.slice(left, left + 40)}`);
  const text = `(async function (require, __smoothtaskUrl) {"use strict";\n${body}\n})`;
  const id = createHash('sha256').update(text).digest('hex').slice(0, 32);
  return { text: `${text}\n${BUILD_ID_PREFIX}${id}\n`, id };
}

if (process.argv[1] === import.meta.filename) {
  const [from, to] = process.argv.slice(2);
  const { text } = toScriptForm(readFileSync(from, 'latin1'));
  // A syntax error in the script form fails the build, not a start.
  new vm.Script(text, { filename: to });
  writeFileSync(to, text, 'latin1');
}
