/**
 * What the GPU backends read each tick, before derive: one top-level field per backend so the
 * sampler's default merge keeps them apart (NVML devices, sysfs DRM cards, DRM fdinfo clients).
 */
import type { GpuDevice } from '../../types/snapshot.js';
import type { NvmlDeviceSample } from '../../native/nvml.js';
import type { FenceEvents } from '../../native/bpf-fence.js';
import type { DrmEngine } from './parse.js';

/** One /sys/class/drm/cardN as its driver's sysfs files describe it, in GpuDevice's units. */
export interface SysfsCard extends Pick<
  GpuDevice,
  | 'vendor'
  | 'name'
  | 'utilPercent'
  | 'memUtilPercent'
  | 'memUsedBytes'
  | 'memTotalBytes'
  | 'gttUsedBytes'
  | 'gttTotalBytes'
  | 'powerWatts'
  | 'powerLimitWatts'
  | 'temperatureC'
  | 'fanPercent'
  | 'graphicsClockMHz'
  | 'maxGraphicsClockMHz'
  | 'memClockMHz'
  | 'maxMemClockMHz'
> {
  /** 'card0'. */
  card: string;
  /** Kernel driver from device/uevent DRIVER ('amdgpu', 'i915', 'xe', 'nvidia', ...). */
  driver: string;
  /** PCI_SLOT_NAME, e.g. 0000:03:00.0. */
  pciBusId?: string;
  /** device/power/runtime_status is "suspended": nothing else was read, so as not to wake it. */
  suspended?: boolean;
  /** hwmon energy1_input in µJ (Intel): derive turns it into watts over the measured gap. */
  energyUj?: number;
}

/** One DRM client (an open DRM file), deduplicated by drm-client-id. */
export interface DrmClient {
  /** `${pdev ?? driver}/${clientId}`: stable for the client's life, for deltas. */
  key: string;
  pid: number;
  driver: string;
  pdev?: string;
  engines: Record<string, DrmEngine>;
  memoryBytes?: number;
}

export interface GpusRaw {
  nvml: NvmlDeviceSample[];
  cards: SysfsCard[];
  drmClients: DrmClient[];
  /** Per-process DMA fence counters since the eBPF group was loaded (ebpf-fence.ts). */
  fences: FenceEvents;
}
