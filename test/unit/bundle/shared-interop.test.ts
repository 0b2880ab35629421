/**
 * scripts/bundle/shared-interop.mjs: esbuild's __toESM made once per CommonJS module. Bundles made
 * by the real esbuild (the version the build uses), run with and without the change.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import { ESBUILD_TO_ESM, sharedInterop } from '../../../scripts/bundle/shared-interop.mjs';

const repo = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'smoothtask-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles `files` (entry.mjs first) as scripts/bundle/build.mjs does: ES module, whitespace minified, for Node. */
async function bundle(files: Record<string, string>): Promise<string> {
  const root = mkdtempSync(join(dir, 'b-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const result = await build({
    entryPoints: [join(root, 'entry.mjs')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    minifyWhitespace: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Runs an ES bundle with no imports of its own as a script; what it exports is what it puts on `out`. */
function run(code: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  vm.runInNewContext(code, { out });
  return out;
}

/** A CommonJS module imported by two ES modules, by default and by name. */
const TWO_IMPORTERS = {
  'lib.cjs': 'exports.a = 1; exports.b = function b() { return 2; }; exports.counter = { n: 0 };',
  'one.mjs': "import lib, { a } from './lib.cjs'; export const one = { lib, a, ns: () => lib };",
  'two.mjs': "import * as all from './lib.cjs'; import lib from './lib.cjs'; export const two = { all, lib };",
  'entry.mjs': "import { one } from './one.mjs'; import { two } from './two.mjs'; out.one = one; out.two = two;",
};

describe('sharedInterop', () => {
  it('finds esbuild’s helper as the build’s esbuild writes it', async () => {
    const code = await bundle(TWO_IMPORTERS);
    expect(code).toContain(ESBUILD_TO_ESM);
    expect(sharedInterop(code)).toContain('__toESMKept');
  });

  it('gives the importers what esbuild’s own helper gives them', async () => {
    const code = await bundle(TWO_IMPORTERS);
    const before = run(code) as { one: { lib: unknown; a: number }; two: { all: Record<string, unknown>; lib: unknown } };
    const after = run(sharedInterop(code)) as typeof before;
    expect(after.one.a).toBe(1);
    expect(after.one.a).toBe(before.one.a);
    expect(Object.keys(after.two.all).sort()).toEqual(Object.keys(before.two.all).sort());
    expect((after.two.all.b as () => number)()).toBe(2);
    expect(after.two.lib).toBe(after.one.lib);
  });

  it('makes one namespace a module and mode, and a new one when the module gained exports', async () => {
    // The bundle's helpers are top-level vars of the script: globals of the context it ran in.
    const context: Record<string, unknown> = { out: {} };
    vm.runInNewContext(sharedInterop(await bundle(TWO_IMPORTERS)), context);
    const toESM = context.__toESM as (mod: unknown, node?: number) => Record<string, unknown>;
    const mod: Record<string, unknown> = { x: 1 };
    const first = toESM(mod, 1);
    expect(toESM(mod, 1)).toBe(first);
    expect(first.default).toBe(mod);
    expect(first.x).toBe(1);
    mod.x = 5;
    expect(first.x).toBe(5);
    expect(toESM(mod, 0)).not.toBe(first);
    mod.y = 2;
    const grown = toESM(mod, 1);
    expect(grown).not.toBe(first);
    expect(grown.y).toBe(2);
    expect(toESM({ x: 1 }, 1)).not.toBe(first);
  });

  it('refuses a bundle without esbuild’s helper, or with two, so a new esbuild cannot slip by', () => {
    expect(() => sharedInterop('var a = 1;')).toThrow(/shared-interop/);
    expect(() => sharedInterop(`${ESBUILD_TO_ESM}\n${ESBUILD_TO_ESM}`)).toThrow(/shared-interop/);
  });

  it('is in the built bundle', () => {
    expect(readFileSync(join(repo, 'dist', 'bundle', 'smoothtask.mjs'), 'latin1').includes('__toESMKept')).toBe(true);
  });
});
