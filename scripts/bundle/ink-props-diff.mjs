// Puts src/ui/terminal/propsDiff.ts (compiled to dist/) in place of the `diff` that Ink's
// reconciler defines for itself (propsDiff.ts says why), in the bundle (build.mjs) and in the tests
// (vitest.config.ts). The function is not a module of its own, so the plugin edits
// ink/build/reconciler.js's text as it loads: the definition becomes an import. An Ink whose text
// differs fails the build, rather than keep Ink's function unnoticed.
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** Where the replacement comes from: the compiled file (bundle), the source (tests). */
export const PROPS_DIFF = { built: here('../../dist/ui/terminal/propsDiff.js'), source: here('../../src/ui/terminal/propsDiff.ts') };

/** The module whose text is edited. */
export const INK_RECONCILER = /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/;

/** Ink 8.0.0's definition: from its first line to the line that closes it. */
const DEFINITION = /^const diff = \(before, after\) => \{\n[\s\S]*?\n\};\n/m;

/** Ink's definition, as its text (the tests compare the replacement with it). */
export function inkDiffDefinition(source) {
  const found = DEFINITION.exec(source);
  if (found === null) throw new Error('ink-props-diff: ink/build/reconciler.js has no `const diff = (before, after) => {` definition; check the Ink version');
  return found[0];
}

/** The reconciler's text with the definition replaced by an import of `modulePath`. */
export function withPropsDiff(source, modulePath) {
  const definition = inkDiffDefinition(source);
  return source.replace(definition, `import { propsDiff as diff } from ${JSON.stringify(modulePath)};\n`);
}

/** The esbuild plugin. */
export const inkPropsDiff = {
  name: 'ink-props-diff',
  setup(build) {
    build.onLoad({ filter: INK_RECONCILER }, async (args) => ({
      contents: withPropsDiff(await readFile(args.path, 'utf8'), PROPS_DIFF.built),
      loader: 'js',
    }));
  },
};
