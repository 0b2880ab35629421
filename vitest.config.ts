import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The cell renderer in place of Ink's log-update, as in the bundle (scripts/bundle/ink-cell-renderer.mjs):
// from the TypeScript source here, so the tests that run Ink on a terminal (test/ui/run.test.tsx)
// draw through the same renderer. Ink is inlined so that its own imports pass through this hook.
const cellRenderer = fileURLToPath(new URL('./src/ui/terminal/cells/logUpdate.ts', import.meta.url));

export default defineConfig({
  plugins: [
    {
      name: 'ink-cell-renderer',
      enforce: 'pre',
      resolveId(source, importer) {
        if (source === './log-update.js' && importer !== undefined && /[\\/]node_modules[\\/]ink[\\/]build[\\/]/.test(importer)) return cellRenderer;
        return undefined;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // A copy of the checkout that the user nobody can read, for the tests that drop to nobody.
    globalSetup: ['test/helpers/nobody-tree.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // End-to-end tests drive real terminals and processes; keep them from fighting over 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
    server: { deps: { inline: ['ink'] } },
  },
});
