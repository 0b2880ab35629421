/** compareText orders as Array.prototype.sort orders strings by default: by UTF-16 code unit. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../../src/util/compareText.js';

describe('compareText', () => {
  it('orders by code unit, whatever the locale would say', () => {
    expect(['b', 'B', 'a', 'é', 'e'].sort(compareText)).toEqual(['B', 'a', 'b', 'e', 'é']);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (xs) => {
        expect([...xs].sort(compareText)).toEqual([...xs].sort());
      }),
    );
  });

  it('says equal only for equal strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(compareText(a, b) === 0).toBe(a === b);
      }),
    );
  });
});
