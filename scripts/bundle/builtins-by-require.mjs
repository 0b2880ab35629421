// Loads Node's built-in modules in the bundle with require(), not as ES modules. An ES import of a
// built-in makes Node build its ES facade, which reads every export once, and some exports are
// lazy getters: node:http's loads undici (the fetch implementation), node:fs's its streams.
// A require() reads an export only when the code uses it. bench/README.md ("Runtime flags and the
// bundle") has the profile. The banner in build.mjs defines `require`.
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** The esbuild plugin: each built-in becomes a CommonJS module that re-exports require()'s. */
export const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
      if (!builtins.has(args.path)) return undefined;
      // The require() inside the module below is Node's own, left as it is.
      if (args.namespace === 'builtin-by-require') return { path: args.path, external: true };
      return { path: args.path.replace(/^node:/, ''), namespace: 'builtin-by-require' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};
