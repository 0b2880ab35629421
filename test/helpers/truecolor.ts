/**
 * Chalk at truecolor for one test file, and its level put back after: Ink colours through chalk,
 * which found no colour on the test's pipes, and a test that compares styles needs them drawn.
 */
import chalk from 'chalk';
import { afterAll, beforeAll } from 'vitest';

export function truecolorInThisFile(): void {
  let level: typeof chalk.level;
  beforeAll(() => {
    level = chalk.level;
    chalk.level = 3;
  });
  afterAll(() => {
    chalk.level = level;
  });
}
