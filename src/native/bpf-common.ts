/**
 * Pieces every decoder of BPF output shares (src/native/bpf-<group>.ts): the layout table type
 * the decoders declare and a test compares with the addon's offsetof table, C strings, u64s
 * without BigInt, ring buffer framing and per-CPU sums, a ring's drops per read and the wall time
 * of an event. Little-endian, as on the machines the objects are built for.
 */
import type { MapBatch } from './bpf.js';

/** One struct of bpf/*.h: sizeof and offsetof of every field, as native/bpf.cc exports them. */
export interface RecordLayout {
  size: number;
  fields: Record<string, number>;
}

/**
 * A NUL-terminated C string of at most `len` bytes at `offset` of `bytes`, decoded as UTF-8
 * (invalid bytes become U+FFFD; callers sanitise for the terminal). Buffer's native decoder, not
 * TextDecoder, over one Buffer for a whole batch: this runs for every task of every pass.
 */
export function cString(bytes: Buffer, offset: number, len: number): string {
  const nul = bytes.indexOf(0, offset);
  return bytes.toString('utf8', offset, nul === -1 || nul > offset + len ? offset + len : nul);
}

/** A Buffer over the same bytes as `view` (no copy). */
export function bytesOf(view: DataView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** A u64 as a Number (exact below 2^53: counters of bytes and ns stay there for 104 days+). */
export function u64(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 0x1_0000_0000;
}

/**
 * floor(u64 at `offset` ÷ `divisor`), exact over the whole u64 range for a divisor under 2^37:
 * long division in 16-bit digits keeps every step below 2^53, so no BigInt is made per record.
 */
export function u64DivFloor(view: DataView, offset: number, divisor: number): number {
  const lo = view.getUint32(offset, true);
  const hi = view.getUint32(offset + 4, true);
  let q = 0;
  let r = 0;
  // The four digits, most significant first, without an array of them: this runs for every
  // process a pass.
  for (let k = 0; k < 4; k++) {
    const word = k < 2 ? hi : lo;
    const cur = r * 0x10000 + (k % 2 === 0 ? word >>> 16 : word & 0xffff);
    const d = Math.floor(cur / divisor);
    r = cur - d * divisor;
    q = q * 0x10000 + d;
  }
  return q;
}

/** Split ring buffer output (native/bpf.cc ringConsume) into records: [u32 size][u32 0][size bytes][pad to 8]. */
export function splitRingRecords(view: DataView): DataView[] {
  const out: DataView[] = [];
  let o = 0;
  while (o + 8 <= view.byteLength) {
    const size = view.getUint32(o, true);
    if (o + 8 + size > view.byteLength) throw new Error(`ring buffer record at ${o} overruns the buffer`);
    out.push(new DataView(view.buffer, view.byteOffset + o + 8, size));
    o += (8 + size + 7) & ~7;
  }
  return out;
}

/** Sum of a per-CPU u64 counter map value (native mapRead: round_up(8) × possible CPUs). */
export function sumPerCpuU64(values: ArrayBuffer, valueSize: number, entry = 0): number {
  const v = new DataView(values, entry * valueSize, valueSize);
  let total = 0;
  for (let o = 0; o + 8 <= valueSize; o += 8) total += u64(v, o);
  return total;
}

/** A one-entry per-CPU u64 counter map (index 0), summed over the CPUs; no entry: 0. */
export function perCpuCounter(counter: MapBatch): number {
  return counter.count === 0 ? 0 : sumPerCpuU64(counter.values, counter.valueSize);
}

/**
 * The drops of one ring buffer between reads, from its per-CPU lost counter map (the kernel side
 * adds to it when a reserve fails). Its owner (a backend) keeps one per ring.
 */
export class RingLoss {
  private lostBefore = 0;

  /** Drops since the last call, given the counter map as read now (no entry: none yet). */
  sinceLastRead(counter: MapBatch): number {
    const lostTotal = perCpuCounter(counter);
    const lost = lostTotal - this.lostBefore;
    this.lostBefore = lostTotal;
    return lost;
  }
}

/**
 * When an event stamped `timeNs` (ns after boot, CLOCK_BOOTTIME) happened, in ms since the epoch;
 * undefined when the boot time (ms since the epoch) is not known.
 */
export function eventWallTime(bootTime: number | undefined, timeNs: bigint): number | undefined {
  return bootTime === undefined ? undefined : bootTime + Number(timeNs) / 1e6;
}
