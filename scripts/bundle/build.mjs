// The esbuild call behind scripts/bundle.sh (its header says why each option is there). A script
// rather than the esbuild command line because the cell renderer goes in through a plugin
// (ink-cell-renderer.mjs), which the command line cannot load, as do the others.
import { build } from 'esbuild';
import { builtinsByRequire } from './builtins-by-require.mjs';
import { inkCellRenderer } from './ink-cell-renderer.mjs';
import { inkPropsDiff } from './ink-props-diff.mjs';
import { lazySegmenterPlugin } from './lazy-segmenter.mjs';
import { BUNDLE_BANNER } from './script-form.mjs';

await build({
  entryPoints: ['dist/main.js'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  outfile: 'dist/bundle/smoothtask.mjs',
  sourcemap: 'external',
  minifyWhitespace: true,
  // React, react-reconciler and scheduler pick their production builds at build time, so the
  // development builds (checks on every render, and the larger part of their source) are left out.
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: {
    'react-devtools-core': './scripts/bundle/no-react-devtools.mjs',
    'yoga-layout': './scripts/bundle/yoga-without-fetch.mjs',
    'string-width': './scripts/bundle/string-width-fast.mjs',
    'cli-truncate': './scripts/bundle/cli-truncate-fast.mjs',
  },
  plugins: [inkCellRenderer, inkPropsDiff, builtinsByRequire, lazySegmenterPlugin],
  banner: { js: BUNDLE_BANNER },
  logLevel: 'warning',
});

// The history writer runs in a worker thread (src/history/history-writer.ts), loaded from its own
// file beside the CLI's.
await build({
  entryPoints: ['dist/history/history-writer.js'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  outfile: 'dist/bundle/history-writer.mjs',
  minifyWhitespace: true,
  logLevel: 'warning',
});

// The entry bin/smoothtask runs (src/launch/start.ts): CommonJS, so Node starts it without its ES
// module loader, and small, so Node's compile cache covers it whole.
await build({
  entryPoints: ['dist/launch/start.js'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  outfile: 'dist/bundle/start.cjs',
  minifyWhitespace: true,
  logLevel: 'warning',
});
