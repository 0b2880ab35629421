/**
 * The characters that are one terminal column wide and that no character of the set joins into a
 * grapheme, so that a string made only of these is one column and one grapheme per UTF-16 unit:
 * it needs neither string-width's tables nor Intl.Segmenter, whose first instance in a process
 * loads ICU's break rules and locale data (bench/README.md, "No ICU before the first frame").
 * Nearly all the screen draws is in this set: text, panel borders, meter blocks, braille charts.
 * string-width's bundle stand-in (scripts/bundle/string-width-fast.mjs), the cell parser
 * (src/ui/terminal/cells/parse.ts) and the width helpers (sanitize.ts) all read this one list;
 * test/unit/bundle/string-width-fast.test.ts checks every character of it against string-width.
 */

/** Inclusive code point ranges, in ascending order. */
export const ONE_COLUMN_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e], // printable ASCII
  [0xb0, 0xb0], // degree sign
  [0xb5, 0xb5], // micro sign
  [0xb7, 0xb7], // middle dot
  [0xd7, 0xd7], // multiplication sign ("virtual×3")
  [0x2010, 0x2027], // dashes, quotes, bullets, the ellipsis
  [0x2190, 0x21ff], // arrows
  [0x2265, 0x2265], // greater-than or equal ("≥75%")
  [0x2500, 0x25fc], // box drawing, block elements, geometric shapes (U+25FD and U+25FE are emoji, two columns)
  [0x2800, 0x28ff], // braille patterns
];

/**
 * The set as a table over the units below its last range, filled once here and only read after:
 * the cell parser asks for every character of every changed line, and a loop over the ranges
 * showed in a start-up profile where this lookup does not.
 */
const TABLE = ((): Uint8Array => {
  const table = new Uint8Array(ONE_COLUMN_RANGES[ONE_COLUMN_RANGES.length - 1][1] + 1);
  for (const [from, to] of ONE_COLUMN_RANGES) table.fill(1, from, to + 1);
  return table;
})();

/** Whether UTF-16 unit `code` is in the set. */
export function isOneColumn(code: number): boolean {
  return code < TABLE.length && TABLE[code] === 1;
}

const hex = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

/** A string made only of the set's characters (the empty string included). */
export const ONE_COLUMN_ONLY = new RegExp(`^[${ONE_COLUMN_RANGES.map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('')}]*$`);
