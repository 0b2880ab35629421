/**
 * The header both native table outputs begin with (src/native/table.ts): read, and refused when
 * its entry size or the end of its entries disagree with what the TypeScript expects.
 */
import { describe, expect, it } from 'vitest';
import { readTable, TABLE_HEADER_BYTES } from '../../../src/native/table.js';

function table(count: number, entryBytes: number, dataStart: number, trailing = 0): ArrayBuffer {
  const buffer = new ArrayBuffer(Math.max(dataStart, TABLE_HEADER_BYTES) + trailing);
  const view = new DataView(buffer);
  view.setUint32(0, count, true);
  view.setUint32(4, entryBytes, true);
  view.setUint32(8, dataStart, true);
  view.setUint32(12, trailing, true);
  return buffer;
}

describe('readTable', () => {
  it('reads the count and where the trailing bytes start', () => {
    const t = readTable(table(3, 12, TABLE_HEADER_BYTES + 3 * 2 * 12, 5), 'procfiles', 12, 2);
    expect(t.count).toBe(3);
    expect(t.dataStart).toBe(TABLE_HEADER_BYTES + 72);
    expect(t.bytes.length).toBe(TABLE_HEADER_BYTES + 72 + 5);
  });

  it('refuses another entry size or another end of the entries, naming the output', () => {
    expect(() => readTable(table(3, 16, TABLE_HEADER_BYTES + 3 * 16), 'procscan', 12, 1)).toThrow(/procscan output has 16-byte entries/);
    expect(() => readTable(table(3, 12, TABLE_HEADER_BYTES + 12), 'procscan', 12, 1)).toThrow(/not 12-byte entries ending at 52/);
  });
});
