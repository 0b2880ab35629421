/**
 * The eBPF DMA fence backend of the gpus collector: per process, fences emitted to a device and
 * the time they took to signal, from dma_fence:dma_fence_emit and dma_fence:dma_fence_signaled
 * (bpf/dma_fence.bpf.c). Works for any driver that fires dma_fence_emit (amdgpu, i915, nouveau,
 * radeon, virtio-gpu, ...), with or without NVML or fdinfo. A machine without such a driver
 * attaches and sees no events: read then returns nothing (so the collector's source still names
 * the device backends' reasons) and the per-process fields stay n/a, never 0.
 * @see https://docs.kernel.org/driver-api/dma-buf.html#dma-fences
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { decodeFenceEvents, type FenceTotals } from '../../native/bpf-fence.js';
import { NO_KERNEL_SESSION } from '../../native/kernel-session.js';
import type { GpusRaw } from './raw.js';

const ATTACHED = 'dma_fence group attached (tp_btf dma_fence_emit, dma_fence_signaled)';

/** What the source line says about the events seen so far. */
export function fenceStatusReason(totals: FenceTotals | undefined): string {
  if (totals === undefined || (totals.emits === 0 && totals.signals === 0)) {
    return `${ATTACHED}, zero fence events so far: per-process fence use is n/a until a driver emits one`;
  }
  if (totals.emits === 0) {
    return `${ATTACHED}: ${totals.signals} fences signaled but none emitted (this driver does not fire dma_fence_emit): per-process fence use is n/a`;
  }
  return `${ATTACHED}: ${totals.emits} fences emitted, ${totals.signals} signaled (${totals.matched} matched to an emit)`;
}

/** The group comes from ctx.kernel, which loads it once and unloads it when the Monitor stops. */
export function createEbpfFenceBackend(): Backend<GpusRaw> {
  // The probe result the sampler keeps: its reason is kept current by read, so the source line
  // says whether any fence was seen yet (the collector's sources show the active backend's reason).
  let status: ProbeResult | undefined;
  return {
    id: 'ebpf-dma-fence',
    usesKernel: true,
    probe(ctx: CollectorContext): ProbeResult {
      if (ctx.kernel === undefined) return { available: false, reason: NO_KERNEL_SESSION };
      const opened = ctx.kernel.open('dma_fence');
      if (!opened.ok) return { available: false, reason: opened.reason, remedy: opened.remedy };
      status = { available: true, reason: fenceStatusReason(undefined) };
      return status;
    },
    read(ctx: CollectorContext): Partial<GpusRaw> {
      if (ctx.kernel === undefined) throw new Error(NO_KERNEL_SESSION);
      const fences = decodeFenceEvents(ctx.kernel.readMap('dma_fence', 'proc_fence'), ctx.kernel.readMap('dma_fence', 'fence_totals'));
      if (status !== undefined) status.reason = fenceStatusReason(fences.totals);
      // No fence emitted yet: nothing measured, so no field (not an empty list that reads as 0).
      return fences.totals.emits === 0 ? {} : { fences };
    },
  };
}
