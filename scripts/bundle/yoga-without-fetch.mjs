// Stands in for `yoga-layout` in the bundle (scripts/bundle.sh). Yoga's Emscripten loader reads
// its own wasm, which it carries as a data: URL, with fetch() whenever fetch exists, and the first
// fetch() makes Node load undici, megabytes of heap and RSS (bench/README.md) for a
// monitor that never fetches anything unless a webhook fires. Without fetch the loader decodes the
// same base64 with atob. Module evaluation is sequential and nothing else runs while this awaits,
// so fetch is back before any other code can look for it.
import { loadYoga } from '../../node_modules/yoga-layout/dist/src/load.js';

export * from '../../node_modules/yoga-layout/dist/src/load.js';

const fetchBefore = globalThis.fetch;
globalThis.fetch = undefined;
let yoga;
try {
  yoga = await loadYoga();
} finally {
  globalThis.fetch = fetchBefore;
}
export default yoga;
