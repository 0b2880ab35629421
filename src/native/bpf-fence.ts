/**
 * The DMA fence group (bpf/dma_fence.bpf.c): per process, fences emitted to a device and the
 * summed time from dma_fence_emit to dma_fence_signaled, plus event totals. Decoders are pure
 * functions over the batch-read map buffers (layouts in bpf/dma_fence.h); each checks the value
 * size the kernel reports against the size it decodes, so a layout change fails loudly.
 * @see https://docs.kernel.org/driver-api/dma-buf.html#dma-fences
 */
import type { BpfGroup, MapBatch } from './bpf.js';

/** sizeof(struct st_fence_stats) and sizeof(struct st_fence_totals). */
export const FENCE_STATS_SIZE = 24;
export const FENCE_TOTALS_SIZE = 24;

/** One process's fence counters since the group was loaded (struct st_fence_stats). */
export interface FenceProcStats {
  pid: number;
  /** dma_fence_emit events while this process was current. */
  emitted: number;
  /** Of those, fences seen signaled. */
  signaled: number;
  /** Sum of (signaled - emitted) ns over the signaled fences. */
  busyNs: number;
}

/** Every event since load (struct st_fence_totals). */
export interface FenceTotals {
  emits: number;
  /** Every dma_fence_signaled, including fences never seen emitted. */
  signals: number;
  /** Signals of a fence whose emit was recorded. */
  matched: number;
}

export interface FenceEvents {
  procs: FenceProcStats[];
  totals: FenceTotals;
}

/** A u64 as a Number (exact below 2^53: 104 days of busy ns). */
function u64(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 0x1_0000_0000;
}

function checkSize(map: string, batch: MapBatch, size: number): void {
  if (batch.count > 0 && batch.valueSize !== size) {
    throw new Error(`${map}: value size ${batch.valueSize}, decoder expects ${size} (bpf/dma_fence.h changed?)`);
  }
}

/** proc_fence (key: u32 tgid) → one entry per process, by pid. */
export function decodeFenceStats(batch: MapBatch): FenceProcStats[] {
  checkSize('proc_fence', batch, FENCE_STATS_SIZE);
  const k = new DataView(batch.keys);
  const v = new DataView(batch.values);
  const out: FenceProcStats[] = [];
  for (let i = 0; i < batch.count; i++) {
    const o = i * FENCE_STATS_SIZE;
    out.push({ pid: k.getUint32(i * 4, true), emitted: u64(v, o), signaled: u64(v, o + 8), busyNs: u64(v, o + 16) });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** fence_totals (one-entry array) → the totals; all zero when the entry is missing. */
export function decodeFenceTotals(batch: MapBatch): FenceTotals {
  checkSize('fence_totals', batch, FENCE_TOTALS_SIZE);
  if (batch.count === 0) return { emits: 0, signals: 0, matched: 0 };
  const v = new DataView(batch.values);
  return { emits: u64(v, 0), signals: u64(v, 8), matched: u64(v, 16) };
}

/** Read the group's maps once. */
export function readFenceEvents(group: BpfGroup): FenceEvents {
  return { procs: decodeFenceStats(group.readMap('proc_fence')), totals: decodeFenceTotals(group.readMap('fence_totals')) };
}
