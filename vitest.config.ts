import { defineConfig } from 'vitest/config';
import { inkReplacement } from './scripts/bundle/ink-cell-renderer.mjs';
import { INK_RECONCILER, PROPS_DIFF, withPropsDiff } from './scripts/bundle/ink-props-diff.mjs';

export default defineConfig({
  plugins: [
    {
      // The cell renderer and the caching renderer in Ink, as in the bundle (scripts/bundle/ink-cell-renderer.mjs),
      // from the TypeScript source here, so the tests that run Ink on a terminal (test/ui/run.test.tsx) draw through
      // the same stages. Ink is inlined below so that its own imports pass through this hook.
      name: 'ink-cell-renderer',
      enforce: 'pre',
      resolveId(source, importer) {
        // Ink's own stages for bench/frames.bench.tsx's "before" figures.
        if (process.env.SMOOTHTASK_STOCK_INK === '1') return undefined;
        return inkReplacement(source, importer, 'source');
      },
      // Ink's props diff, as in the bundle (scripts/bundle/ink-props-diff.mjs).
      transform(code, id) {
        if (process.env.SMOOTHTASK_STOCK_INK === '1' || !INK_RECONCILER.test(id)) return undefined;
        return withPropsDiff(code, PROPS_DIFF.source);
      },
    },
  ],
  test: {
    server: { deps: { inline: ['ink'] } },
    // One temporary folder for the run, removed after it (TMPDIR of every test); then a copy of
    // the checkout that the user nobody can read, for the tests that drop to nobody.
    globalSetup: ['test/helpers/temp-root.ts', 'test/helpers/nobody-tree.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/quiet/**'],
          // End-to-end tests drive real terminals and processes; keep them from fighting over 2 cores.
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Tests that load the machine on purpose (stress-ng, swap, fio) and judge it, or judge it
        // idle: after every other test, one file at a time, so neither disturbs the other.
        extends: true,
        test: {
          name: 'quiet',
          include: ['test/quiet/**/*.test.ts'],
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
