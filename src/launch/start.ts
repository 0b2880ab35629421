/**
 * The CLI's entry (bin/smoothtask runs dist/bundle/start.cjs, this file bundled as CommonJS): it
 * compiles the bundle's script form (scripts/bundle/script-form.mjs) with the code cache the build
 * made beside it, then runs it. The cache holds the functions a start of `top` ran, not only the
 * top-level code that Node's compile cache keeps, so a start compiles little (bench/README.md,
 * "A code cache made after the code ran"). Without a cache, or with one V8 will not take (another
 * Node, other flags, another build), the bundle compiles as it would have.
 *
 * The build makes the cache (scripts/train-code-cache.sh): it runs `top` once with
 * SMOOTHTASK_CODE_CACHE_OUT naming the file, and on exit this writes V8's cache of everything
 * compiled by then.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { buildIdOf, decodeCodeCache, encodeCodeCache } from './codeCache.js';

/** The script form's function: (require, the bundle's URL) → the promise of the CLI's run. */
type BundleBody = (require: NodeJS.Require, bundleUrl: string) => Promise<void>;

function readCache(path: string, id: string | undefined): Buffer | undefined {
  if (id === undefined) return undefined;
  try {
    return decodeCodeCache(readFileSync(path), id);
  } catch {
    return undefined; // no cache (not built, or unreadable): compile as without one
  }
}

/** On exit, V8's cache of all the script's functions compiled by then, written whole or not at all. */
function writeCacheOnExit(script: vm.Script, id: string, path: string): void {
  process.on('exit', () => {
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, encodeCodeCache(id, script.createCachedData()));
    renameSync(partial, path);
  });
}

function start(): Promise<void> {
  const here = dirname(process.argv[1]);
  const scriptPath = join(here, 'smoothtask.script.js');
  // The script form stands for the ES module bundle beside it: paths and the history writer's
  // file (history-writer.mjs) are resolved from the bundle's URL, as they were.
  const bundleUrl = pathToFileURL(join(here, 'smoothtask.mjs')).href;
  const source = readFileSync(scriptPath, 'latin1'); // the bundle is ASCII (scripts/bundle/ascii.mjs)
  const id = buildIdOf(source);
  const script = new vm.Script(source, {
    filename: scriptPath,
    cachedData: readCache(join(here, 'smoothtask.codecache'), id),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const out = process.env.SMOOTHTASK_CODE_CACHE_OUT;
  if (out !== undefined && out !== '' && id !== undefined) writeCacheOnExit(script, id, out);
  const body = script.runInThisContext() as BundleBody;
  return body(createRequire(bundleUrl), bundleUrl);
}

// A rejection ends the process as an ES module's top-level rejection would: Node prints it, exit 1.
void start();
