/** A counterexample that test/property/config.test.ts found, kept as a plain case. */
import { expect, it } from 'vitest';
import { parseDuration } from '../../../src/config/duration.js';

it('parseDuration gives undefined, not Infinity, for a number of hundreds of digits', () => {
  expect(parseDuration(`${'9'.repeat(400)}h`)).toBeUndefined();
  expect(parseDuration('1m30s')).toBe(90_000);
});
