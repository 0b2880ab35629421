import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A copy of the checkout that the user nobody can read, for the tests that drop to nobody.
    globalSetup: ['test/helpers/nobody-tree.ts'],
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
