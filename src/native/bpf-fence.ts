/**
 * The DMA fence group (bpf/dma_fence.bpf.c): per process, fences emitted to a device and the
 * summed time from dma_fence_emit to dma_fence_signaled, plus event totals. Decoders are pure
 * functions over the batch-read map buffers (layouts in bpf/dma_fence.h); each checks the value
 * size the kernel reports against the size it decodes, and every offset comes from FENCE_LAYOUTS,
 * which a test compares field by field with the addon's offsetof table.
 * @see https://docs.kernel.org/driver-api/dma-buf.html#dma-fences
 */
import { u64, type RecordLayout } from './bpf-common.js';
import type { MapBatch } from './bpf.js';

/** The structs of bpf/dma_fence.h: sizeof and offsetof of every field. */
export const FENCE_LAYOUTS = {
  st_fence_key: { size: 16, fields: { context: 0, seqno: 8 } },
  st_fence_emit: { size: 16, fields: { emit_ns: 0, tgid: 8, pad: 12 } },
  st_fence_stats: { size: 24, fields: { emitted: 0, signaled: 8, busy_ns: 16 } },
  st_fence_totals: { size: 24, fields: { emits: 0, signals: 8, matched: 16 } },
} as const satisfies Record<string, RecordLayout>;

const ST = FENCE_LAYOUTS.st_fence_stats.fields;
const TO = FENCE_LAYOUTS.st_fence_totals.fields;
/** sizeof(struct st_fence_stats) and sizeof(struct st_fence_totals). */
export const FENCE_STATS_SIZE = FENCE_LAYOUTS.st_fence_stats.size;
export const FENCE_TOTALS_SIZE = FENCE_LAYOUTS.st_fence_totals.size;

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
    out.push({ pid: k.getUint32(i * 4, true), emitted: u64(v, o + ST.emitted), signaled: u64(v, o + ST.signaled), busyNs: u64(v, o + ST.busy_ns) });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** fence_totals (one-entry array) → the totals; all zero when the entry is missing. */
export function decodeFenceTotals(batch: MapBatch): FenceTotals {
  checkSize('fence_totals', batch, FENCE_TOTALS_SIZE);
  if (batch.count === 0) return { emits: 0, signals: 0, matched: 0 };
  const v = new DataView(batch.values);
  return { emits: u64(v, TO.emits), signals: u64(v, TO.signals), matched: u64(v, TO.matched) };
}

/** The group's two maps, decoded (batches as read through the KernelSession). */
export function decodeFenceEvents(procFence: MapBatch, fenceTotals: MapBatch): FenceEvents {
  return { procs: decodeFenceStats(procFence), totals: decodeFenceTotals(fenceTotals) };
}
