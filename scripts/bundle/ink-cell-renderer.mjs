// Puts SmoothTask's cell renderer (src/ui/terminal/cells/logUpdate.ts, compiled to dist/) where
// Ink imports its log-update, the stage that turns each frame's text into terminal bytes: Ink's
// own rewrites every changed line whole, the cell renderer only the changed cells (docs/ui.md,
// "The cell renderer"). An esbuild plugin, since esbuild's --alias maps package names, not the
// relative import inside Ink; vitest.config.ts does the same for the tests that run Ink.
import { fileURLToPath } from 'node:url';

/** Where Ink's relative import of its log-update goes instead. */
export const CELL_RENDERER = fileURLToPath(new URL('../../dist/ui/terminal/cells/logUpdate.js', import.meta.url));

/** True for Ink's own import of its log-update module. */
export function isInkLogUpdate(specifier, importer) {
  return specifier === './log-update.js' && /[\\/]node_modules[\\/]ink[\\/]build[\\/]/.test(importer);
}

/** The esbuild plugin. */
export const inkCellRenderer = {
  name: 'ink-cell-renderer',
  setup(build) {
    build.onResolve({ filter: /^\.\/log-update\.js$/ }, (args) => (isInkLogUpdate(args.path, args.importer) ? { path: CELL_RENDERER } : undefined));
  },
};
