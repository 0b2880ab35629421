/**
 * A process row's stored values (ROW_COLUMNS order) packed into one blob (proc_rows.v, schema 6).
 * As 27 SQLite columns, a row spent a header byte on every column, NULL or not, and its values
 * were half of it; packed, a NULL or a zero costs two bits and an integer a varint
 * (bench/README.md, "History").
 *
 * Layout: the count of values (a varint: a row written with fewer columns than ROW_COLUMNS has,
 * by an older SmoothTask, reads with the rest NULL), then two bits a value, lowest first, four to
 * a byte (NULL, zero, an integer, another value), then each integer as a zigzag varint and each
 * other value as a tag byte (0, a string: its UTF-8 byte count as a varint and the bytes; 1, a
 * number that is not an integer below 2^52: its 8 bytes of float64, little-endian; 0x20 to 0x7e,
 * a string of that one printable ASCII character, as a process state is) in column order.
 */
import type { RowValues } from './columns.js';

const NULL = 0;
const ZERO = 1;
const INTEGER = 2;
const OTHER = 3;
const TAG_STRING = 0;
const TAG_FLOAT = 1;
/** A tag from here to 0x7e is a one-character string, that printable ASCII character (a process state). */
const FIRST_CHAR = 0x20;
const LAST_CHAR = 0x7e;

/** Zigzag folds the sign into the lowest bit; past 2^52 it would lose precision, so those go as float64. */
const MAX_ZIGZAG = 2 ** 52;
/** Bytes of the longest varint packRow writes (below 2^53, seven bits a byte): a longer one is corrupt. */
const MAX_VARINT_BYTES = 8;

class Writer {
  private buf = new Uint8Array(64);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** An unsigned integer up to 2^53, seven bits a byte, lowest first. */
  varint(n: number): void {
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  codeAt(offset: number, index: number, code: number): void {
    this.buf[offset + (index >> 2)] |= code << ((index & 3) * 2);
  }

  reserve(n: number): number {
    this.room(n);
    const at = this.length;
    this.buf.fill(0, at, at + n);
    this.length += n;
    return at;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function codeOf(v: number | string | null): number {
  if (v === null) return NULL;
  if (v === 0) return ZERO;
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < MAX_ZIGZAG ? INTEGER : OTHER;
}

/** Pack one row's values. */
export function packRow(values: RowValues): Uint8Array {
  const w = new Writer();
  w.varint(values.length);
  const codes = w.reserve(Math.ceil(values.length / 4));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const code = codeOf(v);
    w.codeAt(codes, i, code);
    if (code === INTEGER) {
      const n = v as number;
      w.varint(n >= 0 ? n * 2 : -n * 2 - 1);
    } else if (code === OTHER && typeof v === 'string' && v.length === 1 && v.charCodeAt(0) >= FIRST_CHAR && v.charCodeAt(0) <= LAST_CHAR) {
      w.byte(v.charCodeAt(0));
    } else if (code === OTHER && typeof v === 'string') {
      const text = encoder.encode(v);
      w.byte(TAG_STRING);
      w.varint(text.length);
      w.bytes(text);
    } else if (code === OTHER) {
      const f = new Uint8Array(8);
      new DataView(f.buffer).setFloat64(0, v as number, true);
      w.byte(TAG_FLOAT);
      w.bytes(f);
    }
  }
  return w.done();
}

/** Unpack a row packed by packRow into `columns` values (NULL past what the blob holds). Throws on a blob that is not one. */
export function unpackRow(blob: Uint8Array, columns: number): RowValues {
  let at = 0;
  const varint = (): number => {
    let n = 0;
    let scale = 1;
    for (let bytes = 1; bytes <= MAX_VARINT_BYTES; bytes++) {
      if (at >= blob.length) throw new Error('history: a process row ends inside a number');
      const b = blob[at++];
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
    throw new Error('history: a process row holds a number longer than any it stores');
  };
  const count = varint();
  const codes = at;
  at += Math.ceil(count / 4);
  if (at > blob.length) throw new Error('history: a process row ends inside its value kinds');
  const out: RowValues = new Array<number | string | null>(columns).fill(null);
  for (let i = 0; i < count; i++) {
    const code = (blob[codes + (i >> 2)] >> ((i & 3) * 2)) & 3;
    let v: number | string | null = null;
    if (code === ZERO) v = 0;
    else if (code === INTEGER) {
      const z = varint();
      v = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    } else if (code === OTHER) {
      if (at >= blob.length) throw new Error('history: a process row ends inside a value');
      const tag = blob[at++];
      if (tag === TAG_STRING) {
        const n = varint();
        if (at + n > blob.length) throw new Error('history: a process row ends inside a value');
        v = decoder.decode(blob.subarray(at, at + n));
        at += n;
      } else if (tag === TAG_FLOAT) {
        if (at + 8 > blob.length) throw new Error('history: a process row ends inside a value');
        v = new DataView(blob.buffer, blob.byteOffset + at, 8).getFloat64(0, true);
        at += 8;
      } else if (tag >= FIRST_CHAR && tag <= LAST_CHAR) v = String.fromCharCode(tag);
      else throw new Error(`history: a process row holds a value of unknown kind ${tag}`);
    }
    if (i < columns) out[i] = v;
  }
  if (at !== blob.length) throw new Error('history: a process row has bytes past its values');
  return out;
}
