/**
 * The header the addon's table outputs begin with (native/procscan.cc, native/procfiles.cc): four
 * little-endian u32s, the number of items, the size of one entry, where the bytes after the
 * entries start, and their length. Read and checked here once for both readers.
 */

/** The header's size: the entries start after it. */
export const TABLE_HEADER_BYTES = 16;

/** A table output, checked: its view, its bytes, how many items, and where its trailing bytes start. */
export interface NativeTable {
  view: DataView;
  bytes: Buffer;
  count: number;
  dataStart: number;
}

/**
 * Reads `buffer`'s header and checks that its entries are `entryBytes` each, `entriesPerItem` to
 * an item, ending where the trailing bytes start; throws naming `what` when they are not (an addon
 * built from other sources than this TypeScript).
 */
export function readTable(buffer: ArrayBuffer, what: string, entryBytes: number, entriesPerItem: number): NativeTable {
  const view = new DataView(buffer);
  const count = view.getUint32(0, true);
  const size = view.getUint32(4, true);
  const dataStart = view.getUint32(8, true);
  const expected = TABLE_HEADER_BYTES + count * entriesPerItem * entryBytes;
  if (size !== entryBytes || dataStart !== expected) {
    throw new Error(`${what} output has ${size}-byte entries ending at ${dataStart}, not ${entryBytes}-byte entries ending at ${expected}`);
  }
  return { view, bytes: Buffer.from(buffer), count, dataStart };
}
