/**
 * The GPU collector: NVML first (NVIDIA), then sysfs DRM cards (amdgpu, i915, xe), then DRM
 * fdinfo for per-process use on any DRM driver, then eBPF DMA fences (fences and fence busy time
 * per process). Each backend fills its own raw field; derive joins them into one GpuDevice per
 * card, and the fence counters into per-process rates.
 */
import type { Collector } from '../contract.js';
import { deriveGpusPart, type GpusPart } from './derive.js';
import { createDrmFdinfoBackend, type DrmFdinfoOptions } from './drm-fdinfo.js';
import { createEbpfFenceBackend } from './ebpf-fence.js';
import { createNvmlBackend, type NvmlBackendOptions } from './nvml.js';
import type { GpusRaw } from './raw.js';
import { sysfsGpuBackend } from './sysfs.js';

export type { GpusRaw } from './raw.js';
export type { GpusPart } from './derive.js';

export interface GpusCollectorOptions {
  nvml?: NvmlBackendOptions;
  drm?: DrmFdinfoOptions;
}

export function createGpusCollector(options: GpusCollectorOptions = {}): Collector<GpusRaw, GpusPart> {
  return {
    name: 'gpus',
    backends: [createNvmlBackend(options.nvml), sysfsGpuBackend, createDrmFdinfoBackend(options.drm), createEbpfFenceBackend()],
    derive: deriveGpusPart,
  };
}
