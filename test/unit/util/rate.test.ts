/** counterRate: a counterexample that test/property's rate properties found, kept as a plain case. */
import { expect, it } from 'vitest';
import { counterRate } from '../../../src/util/rate.js';

it('gives no rate, not Infinity, over a gap too small to divide by', () => {
  expect(counterRate(0, 1, 5e-324)).toBeUndefined();
  expect(counterRate(0, 1, 0.5)).toBe(2);
  expect(counterRate(2, 1, 1)).toBeUndefined();
});
