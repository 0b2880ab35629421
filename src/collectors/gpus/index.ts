/**
 * The GPU collector: NVML first (NVIDIA), then sysfs DRM cards (amdgpu, i915, xe), then DRM
 * fdinfo for per-process use on any DRM driver. Each backend fills its own raw field; derive
 * joins them into one GpuDevice per card.
 */
import type { Collector } from '../contract.js';
import type { GpuDevice } from '../../types/snapshot.js';
import { deriveGpus } from './derive.js';
import { createDrmFdinfoBackend, type DrmFdinfoOptions } from './drm-fdinfo.js';
import { createNvmlBackend, type NvmlBackendOptions } from './nvml.js';
import type { GpusRaw } from './raw.js';
import { sysfsGpuBackend } from './sysfs.js';

export type { GpusRaw } from './raw.js';

export interface GpusCollectorOptions {
  nvml?: NvmlBackendOptions;
  drm?: DrmFdinfoOptions;
}

export function createGpusCollector(options: GpusCollectorOptions = {}): Collector<GpusRaw, GpuDevice[]> {
  return {
    name: 'gpus',
    backends: [createNvmlBackend(options.nvml), sysfsGpuBackend, createDrmFdinfoBackend(options.drm)],
    derive: deriveGpus,
  };
}

export const gpusCollector: Collector<GpusRaw, GpuDevice[]> = createGpusCollector();
