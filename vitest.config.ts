import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // A copy of the checkout that the user nobody can read, for the tests that drop to nobody.
    globalSetup: ['test/helpers/nobody-tree.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // End-to-end tests drive real terminals and processes; keep them from fighting over 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
