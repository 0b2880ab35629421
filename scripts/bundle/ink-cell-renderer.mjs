// Puts SmoothTask's two stages into Ink, in the bundle (build.mjs) and in the tests
// (vitest.config.ts), both from src/ui/terminal/cells/ (compiled to dist/): the cell renderer
// (logUpdate.ts) where Ink imports its log-update, the stage that turns each frame's text into
// terminal bytes (Ink's rewrites every changed line whole, the cell renderer only the changed
// cells), and inkRenderer.ts where Ink imports its renderer, which draws the laid-out tree into a
// cell grid kept across frames instead of Ink's grid of objects (docs/ui.md, "The cell
// renderer"). And src/ui/terminal/throttle.ts where Ink imports es-toolkit's throttle, which held
// the first frame with data back by a whole throttle window (throttle.ts says why). And
// src/ui/terminal/squashTextNodes.ts where Ink imports its squash-text-nodes, which cleaned every
// text's string again on every frame (squashTextNodes.ts says why). And src/ui/terminal/inkDom.ts
// where Ink imports its dom.js, which dirtied the layout on every change of a text, even one that
// kept its size (inkDom.ts says why). And src/ui/terminal/inkText.ts where Ink's index imports its
// Text, which made a new transform and style on every render (inkText.ts says why). An esbuild
// plugin, since esbuild's --alias maps package names, not the relative imports inside Ink.
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** Ink's imports that are replaced, and by what: the compiled file (bundle), the source (tests). */
export const REPLACEMENTS = {
  './log-update.js': { built: here('../../dist/ui/terminal/cells/logUpdate.js'), source: here('../../src/ui/terminal/cells/logUpdate.ts') },
  './renderer.js': { built: here('../../dist/ui/terminal/cells/inkRenderer.js'), source: here('../../src/ui/terminal/cells/inkRenderer.ts') },
  'es-toolkit/compat': { built: here('../../dist/ui/terminal/throttle.js'), source: here('../../src/ui/terminal/throttle.ts') },
  './squash-text-nodes.js': { built: here('../../dist/ui/terminal/squashTextNodes.js'), source: here('../../src/ui/terminal/squashTextNodes.ts') },
  './dom.js': { built: here('../../dist/ui/terminal/inkDom.js'), source: here('../../src/ui/terminal/inkDom.ts') },
  './components/Text.js': { built: here('../../dist/ui/terminal/inkText.js'), source: here('../../src/ui/terminal/inkText.ts') },
};

/** The replacement for `specifier` imported from `importer`, when it is one of Ink's own imports above. */
export function inkReplacement(specifier, importer, kind) {
  if (!Object.hasOwn(REPLACEMENTS, specifier) || !/[\\/]node_modules[\\/]ink[\\/]build[\\/]/.test(importer ?? '')) return undefined;
  return REPLACEMENTS[specifier][kind];
}

/** The esbuild plugin. */
export const inkCellRenderer = {
  name: 'ink-cell-renderer',
  setup(build) {
    build.onResolve({ filter: /^(\.\/(log-update|renderer|squash-text-nodes|dom|components\/Text)\.js|es-toolkit\/compat)$/ }, (args) => {
      const path = inkReplacement(args.path, args.importer, 'built');
      return path === undefined ? undefined : { path };
    });
    // Our own imports of those files (inkDom.js imports squashTextNodes.js) are resolved here too.
    // esbuild marks a file it resolved itself as strict, by the tsconfig.json above it, and one a
    // plugin resolved not, by the first resolution to finish: so which of the two came first
    // decided whether the bundle had a "use strict" more (about one bundle in twelve of the same
    // code).
    const built = new Set(Object.values(REPLACEMENTS).map((r) => r.built));
    const names = [...built].map((path) => basename(path, '.js')).join('|');
    build.onResolve({ filter: new RegExp(`^\\.\\.?/(.*/)?(${names})\\.js$`) }, (args) => {
      const path = join(args.resolveDir, args.path);
      return built.has(path) ? { path } : undefined;
    });
  },
};
