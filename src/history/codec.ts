/**
 * How the panels and chunks are stored: JSON, raw-deflate compressed with a preset dictionary
 * (zlib's, as zstd's trained dictionaries do it) taken from a whole sample of the same recording.
 * A sample's panels repeat the same keys, labels, sources and threshold origins every time, which
 * a compressor working on one sample alone cannot exploit; against the dictionary only what moved
 * costs bytes (bench/README.md, History). Every blob names its dictionary, so any sample still
 * decompresses on its own: replay opens a moment without reading the ones before it.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Deflate looks back at most 32 KiB: a longer dictionary is used only by its tail. */
const DICTIONARY_BYTES = 32 * 1024;

/**
 * A sample whose panels compress to more than this many times the first later sample's under the same
 * dictionary (and by more than MIN_GROWTH bytes) starts a new one: the machine changed (a verdict
 * with new evidence, devices added) and the old dictionary no longer matches it.
 */
const ROTATE_RATIO = 2;
const MIN_GROWTH = 512;

/** JSON compressed, with a dictionary or without (schema 1's blobs, dictionaries themselves). */
export function pack(json: string | Buffer, dictionary?: Buffer): Buffer {
  return deflateRawSync(json, dictionary === undefined ? undefined : { dictionary });
}

export function unpack<T>(data: Uint8Array, dictionary?: Buffer): T {
  return JSON.parse(inflateRawSync(data, dictionary === undefined ? undefined : { dictionary }).toString('utf8')) as T;
}

interface Dictionary {
  id: number;
  bytes: Buffer;
  /**
   * The compressed size of the panels of the first sample after the one that made it (that one
   * compresses against itself, to almost nothing): what later samples are compared with.
   */
  baseline?: number;
}

/** The writer's side: the dictionary in use, made from the first sample it writes and renewed when it stops matching. */
export class DictionaryPacker {
  private current: Dictionary | undefined;
  /** Made in the transaction in flight; adopted by commit(). */
  private pending: Dictionary | undefined;
  private readonly insert: StatementSync;

  constructor(db: DatabaseSync) {
    this.insert = db.prepare('INSERT INTO dictionaries (data) VALUES (?)');
  }

  /**
   * Compress one sample's panels and its chunks (the JSON texts) that `changed` marks, or all of
   * them when this sample makes a new dictionary: a sample's chunks always share its dictionary,
   * which is what lets retention tell which dictionaries are still used (retention.ts). Call
   * inside the sample's transaction: a new dictionary is inserted there, and `commit()` adopts it
   * only once that transaction has committed.
   */
  packSample(panels: string, chunks: readonly string[], changed: readonly boolean[]): { dict: number; panels: Buffer; chunks: (Buffer | undefined)[] } {
    const current = this.current;
    const packed = current === undefined ? undefined : pack(panels, current.bytes);
    if (current !== undefined && packed !== undefined && current.baseline === undefined) this.pending = { ...current, baseline: packed.length };
    const baseline = this.pending?.baseline ?? current?.baseline;
    if (
      current === undefined ||
      packed === undefined ||
      (baseline !== undefined && packed.length > ROTATE_RATIO * baseline && packed.length - baseline > MIN_GROWTH)
    ) {
      const bytes = dictionaryOf([...chunks, panels]);
      // Stored as the bytes themselves: the trim may split a character, and the reader must get back exactly these.
      const made = { id: Number(this.insert.run(pack(bytes)).lastInsertRowid), bytes };
      this.pending = made;
      return { dict: made.id, panels: pack(panels, bytes), chunks: chunks.map((c) => pack(c, bytes)) };
    }
    return { dict: current.id, panels: packed, chunks: chunks.map((c, i) => (changed[i] ? pack(c, current.bytes) : undefined)) };
  }

  /** The transaction committed: a dictionary made in it is the one in use. */
  commit(): void {
    if (this.pending !== undefined) this.current = this.pending;
    this.pending = undefined;
  }

  /** The transaction rolled back: a dictionary made in it is gone. */
  rollback(): void {
    this.pending = undefined;
  }
}

/** The dictionary a sample makes: its JSON texts, the panels last (deflate finds the nearest matches cheapest), trimmed to the window. */
function dictionaryOf(texts: readonly string[]): Buffer {
  const all = Buffer.from(texts.join('\n'), 'utf8');
  return all.length <= DICTIONARY_BYTES ? all : all.subarray(all.length - DICTIONARY_BYTES);
}

/** The reader's side: dictionaries by id, each read and decompressed once. */
export class Dictionaries {
  private readonly cache = new Map<number, Buffer>();
  private readonly select: StatementSync;

  constructor(db: DatabaseSync) {
    this.select = db.prepare('SELECT data FROM dictionaries WHERE id = ?');
  }

  /** The stored JSON behind a blob written with dictionary `dict` (null: schema 1, none). */
  unpack<T>(data: Uint8Array, dict: number | null): T {
    if (dict === null) return unpack<T>(data);
    let bytes = this.cache.get(dict);
    if (bytes === undefined) {
      const row = this.select.get(dict) as { data: Uint8Array } | undefined;
      if (row === undefined) throw new Error(`history: dictionary ${dict} is missing from the recording`);
      bytes = inflateRawSync(row.data);
      this.cache.set(dict, bytes);
    }
    return unpack<T>(data, bytes);
  }
}
