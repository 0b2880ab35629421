/**
 * scripts/bundle/script-form.mjs: the bundle as a script that runs as the module did, and the
 * built files (scripts/bundle.sh, scripts/train-code-cache.sh) that bin/smoothtask starts from.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import { BUNDLE_BANNER, toScriptForm } from '../../../scripts/bundle/script-form.mjs';
import { buildIdOf } from '../../../src/launch/codeCache.js';

const repo = new URL('../../../', import.meta.url).pathname;
const built = join(repo, 'dist', 'bundle');

type Body = (require: (id: string) => unknown, url: string) => Promise<void>;

describe('toScriptForm', () => {
  it('runs the body as the module ran: strict, with require, its URL and top-level await', async () => {
    const probe: Record<string, unknown> = {};
    const body =
      'const p = require("probe");\np.url = import.meta.url;\np.value = await Promise.resolve(7);\np.strict = (function () { return this === undefined; })();\np.resolved = import.meta.resolve("x");';
    const { text, id } = toScriptForm(`${BUNDLE_BANNER}\n${body}`);
    const run = new vm.Script(text).runInThisContext() as Body;
    const asked: string[] = [];
    const fakeRequire = Object.assign((name: string) => (asked.push(name), probe), { resolve: (name: string) => `resolved ${name}` });
    await run(fakeRequire, 'file:///opt/smoothtask/dist/bundle/smoothtask.mjs');
    expect(asked).toEqual(['probe']);
    expect(probe).toEqual({ url: 'file:///opt/smoothtask/dist/bundle/smoothtask.mjs', value: 7, strict: true, resolved: 'resolved x' });
    expect(buildIdOf(text)).toBe(id);
  });

  it('keeps every line of the bundle on its line, so its source map still applies', () => {
    const lines = ['var a = 1;', 'function f() { return import.meta.url; }', 'await f();'];
    const { text } = toScriptForm([BUNDLE_BANNER, ...lines].join('\n'));
    const out = text.split('\n');
    expect(out.slice(1, 4)).toEqual(['var a = 1;', 'function f() { return __smoothtaskUrl; }', 'await f();']);
  });

  it('names each build by its text', () => {
    const a = toScriptForm(`${BUNDLE_BANNER}\nvar a = 1;`);
    expect(toScriptForm(`${BUNDLE_BANNER}\nvar a = 1;`).id).toBe(a.id);
    expect(toScriptForm(`${BUNDLE_BANNER}\nvar a = 2;`).id).not.toBe(a.id);
  });

  it('refuses a bundle it cannot make a script of, so a change of the bundle step fails the build', () => {
    expect(() => toScriptForm('var a = 1;\n')).toThrow(/banner/);
    expect(() => toScriptForm(`${BUNDLE_BANNER}\nconst d = import.meta.dirname;`)).toThrow(/import\.meta left/);
  });
});

describe('the built start-up files', () => {
  it('the script form is the bundle made a script', () => {
    const bundle = readFileSync(join(built, 'smoothtask.mjs'), 'latin1');
    expect(readFileSync(join(built, 'smoothtask.script.js'), 'latin1')).toBe(toScriptForm(bundle).text);
  });

  it("the build's code cache is for this build, and V8 takes it under bin/smoothtask's flags", () => {
    // The V8 flags bin/smoothtask starts Node with: a cache made under other flags is refused.
    const launcher = readFileSync(join(repo, 'bin', 'smoothtask'), 'utf8');
    const flags = /exec "\$node_bin" (.*) "\$root\/dist\/bundle\/start\.cjs"/.exec(launcher)?.[1].split(' ');
    expect(flags, 'the exec line of bin/smoothtask').toBeDefined();
    const check = `
      import { readFileSync } from 'node:fs';
      import vm from 'node:vm';
      import { buildIdOf, decodeCodeCache } from ${JSON.stringify(join(repo, 'dist', 'launch', 'codeCache.js'))};
      const path = ${JSON.stringify(join(built, 'smoothtask.script.js'))};
      const source = readFileSync(path, 'latin1');
      const cachedData = decodeCodeCache(readFileSync(${JSON.stringify(join(built, 'smoothtask.codecache'))}), buildIdOf(source));
      const script = new vm.Script(source, { filename: path, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
      process.stdout.write(JSON.stringify({ offered: cachedData !== undefined, rejected: script.cachedDataRejected }));`;
    const node = join(repo, 'node_modules', '.bin', 'node');
    const result = spawnSync(node, [...(flags ?? []), '--input-type=module', '-e', check], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ offered: true, rejected: false });
  });

  it('bin/smoothtask starts the CLI through them', () => {
    const result = spawnSync(join(repo, 'bin', 'smoothtask'), ['--version'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^smoothtask \d+\.\d+\.\d+/);
  });
});
