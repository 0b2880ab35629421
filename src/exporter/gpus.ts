/**
 * GPU metrics. NVIDIA GPUs under dcgm-exporter's names, units and labels (gpu, UUID, device,
 * modelName, Hostname; framebuffer in MiB), so DCGM dashboards read them unchanged; other
 * vendors' GPUs under smoothtask_gpu_* (dcgm-exporter never reports them, and a DCGM name on an
 * AMD card would promise DCGM's semantics).
 * @see https://github.com/NVIDIA/dcgm-exporter/blob/main/etc/default-counters.csv
 */
import type { GpuDevice, Snapshot } from '../types/snapshot.js';
import type { ExpositionWriter, Labels } from './exposition.js';

const MIB = 1024 * 1024;

interface GpuFamily {
  name: string;
  help: string;
  pick: (g: GpuDevice) => number | undefined;
}

const mib = (n: number | undefined): number | undefined => (n === undefined ? undefined : n / MIB);

const DCGM: readonly GpuFamily[] = [
  { name: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilization (in %).', pick: (g) => g.utilPercent },
  { name: 'DCGM_FI_DEV_MEM_COPY_UTIL', help: 'Memory utilization (in %).', pick: (g) => g.memUtilPercent },
  { name: 'DCGM_FI_DEV_FB_USED', help: 'Framebuffer memory used (in MiB).', pick: (g) => mib(g.memUsedBytes) },
  {
    name: 'DCGM_FI_DEV_FB_FREE',
    help: 'Framebuffer memory free (in MiB).',
    // The driver's free (without its reserved memory, as DCGM reads it), else total − used.
    pick: (g) => mib(g.memFreeBytes ?? (g.memTotalBytes !== undefined && g.memUsedBytes !== undefined ? g.memTotalBytes - g.memUsedBytes : undefined)),
  },
  { name: 'DCGM_FI_DEV_POWER_USAGE', help: 'Power draw (in W).', pick: (g) => g.powerWatts },
  { name: 'DCGM_FI_DEV_GPU_TEMP', help: 'GPU temperature (in C).', pick: (g) => g.temperatureC },
  { name: 'DCGM_FI_DEV_SM_CLOCK', help: 'SM clock frequency (in MHz).', pick: (g) => g.smClockMHz },
  { name: 'DCGM_FI_DEV_MEM_CLOCK', help: 'Memory clock frequency (in MHz).', pick: (g) => g.memClockMHz },
];

const OTHER: readonly GpuFamily[] = [
  { name: 'smoothtask_gpu_utilization_percent', help: 'GPU busy, % of the interval (vendor driver counters).', pick: (g) => g.utilPercent },
  { name: 'smoothtask_gpu_memory_used_bytes', help: 'GPU memory in use (VRAM).', pick: (g) => g.memUsedBytes },
  { name: 'smoothtask_gpu_memory_total_bytes', help: 'GPU memory (VRAM) size.', pick: (g) => g.memTotalBytes },
  { name: 'smoothtask_gpu_power_watts', help: 'GPU power draw.', pick: (g) => g.powerWatts },
  { name: 'smoothtask_gpu_temperature_celsius', help: 'GPU temperature.', pick: (g) => g.temperatureC },
];

function dcgmLabels(g: GpuDevice, hostname: string): Labels {
  return { gpu: String(g.index), UUID: g.uuid, device: `nvidia${g.index}`, modelName: g.name, Hostname: hostname };
}

function otherLabels(g: GpuDevice): Labels {
  return { gpu: String(g.index), vendor: g.vendor, name: g.name, source: g.source };
}

export function writeGpuMetrics(w: ExpositionWriter, s: Snapshot): void {
  const nvidia = s.gpus.filter((g) => g.vendor === 'nvidia');
  const others = s.gpus.filter((g) => g.vendor !== 'nvidia');
  for (const f of DCGM) {
    w.family(f.name, 'gauge', f.help);
    for (const g of nvidia) w.sample(dcgmLabels(g, s.host.hostname), f.pick(g));
  }
  for (const f of OTHER) {
    w.family(f.name, 'gauge', f.help);
    for (const g of others) w.sample(otherLabels(g), f.pick(g));
  }
}
