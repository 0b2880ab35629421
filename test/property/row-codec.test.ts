/**
 * The process row codec (src/history/row-codec.ts): any row of values a collector could give (NULL,
 * zero, integers of either sign up to 2^53, fractions, strings of any Unicode) comes back as it
 * went in; a row packed with fewer columns reads with the rest NULL; a truncated blob is refused,
 * never read as other values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROW_COLUMNS } from '../../src/history/columns.js';
import { packRow, unpackRow } from '../../src/history/row-codec.js';

const value = fc.oneof(
  fc.constant(null),
  fc.constant(0),
  fc.integer({ min: -200, max: 200 }),
  fc.maxSafeInteger(),
  fc.maxSafeInteger().map((n) => -n),
  fc.double({ noNaN: true }),
  fc.string({ unit: 'grapheme' }),
  // Process states: one printable ASCII character, packed into the tag byte itself.
  fc.constantFrom('R', 'S', 'D', 'Z', 'T', 't', 'I', 'X', 'x', ' ', '~'),
);

describe('process row codec', () => {
  it('gives back every row as it went in', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: ROW_COLUMNS.length, maxLength: ROW_COLUMNS.length }), (row) => {
        expect(unpackRow(packRow(row), ROW_COLUMNS.length)).toEqual(row.map((v) => (Object.is(v, -0) ? 0 : v)));
      }),
    );
  });

  it('reads a row of fewer columns with the rest NULL, and one of more with the columns it knows', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.integer({ min: 0, max: 40 }), (row, columns) => {
        const expected = Array.from({ length: columns }, (_, i) => (i < row.length ? row[i] : null)).map((v) => (Object.is(v, -0) ? 0 : v));
        expect(unpackRow(packRow(row), columns)).toEqual(expected);
      }),
    );
  });

  it('refuses a number longer than any it writes, and bytes past the values, at once', () => {
    // Two values: a zero, then an integer whose varint never ends within eight bytes.
    const endless = Uint8Array.from([2, 0b1001, ...new Array<number>(160).fill(0x80), 0x00]);
    expect(() => unpackRow(endless, 2)).toThrow(/longer than any it stores/);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 27 }), fc.uint8Array({ minLength: 1, maxLength: 8 }), (row, extra) => {
        expect(() => unpackRow(Uint8Array.from([...packRow(row), ...extra]), row.length)).toThrow(/history: a process row/);
      }),
    );
  });

  it('refuses a blob cut short inside a value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.maxSafeInteger(), fc.string({ minLength: 1 }), fc.double({ noNaN: true, min: 0.5, max: 1e300 })), { minLength: 1, maxLength: 27 }),
        (row) => {
          const blob = packRow(row);
          expect(() => unpackRow(blob.subarray(0, blob.length - 1), row.length)).toThrow(/history: a process row/);
        },
      ),
    );
  });
});
