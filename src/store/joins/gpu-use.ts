/**
 * The gpu-use join: GPU use folded into the process rows, by pid. Per-process GPU memory and
 * utilisation come from the devices' process lists (NVML, DRM fdinfo) summed over devices; DMA
 * fence rates come from the eBPF fence counters. The GPU readings carry no start time, so a row
 * is matched by pid alone: both sides are read in the same tick. The fields it fills take their
 * provenance from the gpus collector's.
 */
import type { FenceUse, GpusPart } from '../../collectors/gpus/derive.js';
import type { ProcessRow, Snapshot } from '../../types/snapshot.js';

/** Each process field the join fills, and the gpus field (feeds) whose backends supply it. */
const GPU_USE_FIELDS: Readonly<Record<string, string>> = {
  gpuMemBytes: 'processes',
  gpuPercent: 'processes',
  gpuFencesPerSec: 'fenceUse',
  gpuFenceBusyPercent: 'fenceUse',
};

interface ProcessGpuUse {
  memBytes?: number;
  smPercent?: number;
  fence?: FenceUse;
}

/** GPU use per pid over every device, and the fence use. */
function usePerPid({ devices, fenceUse }: GpusPart): Map<number, ProcessGpuUse> {
  const use = new Map<number, ProcessGpuUse>();
  for (const gpu of devices) {
    for (const p of gpu.processes) {
      const u = use.get(p.pid) ?? {};
      if (p.memBytes !== undefined) u.memBytes = (u.memBytes ?? 0) + p.memBytes;
      if (p.smPercent !== undefined) u.smPercent = (u.smPercent ?? 0) + p.smPercent;
      use.set(p.pid, u);
    }
  }
  for (const f of fenceUse) use.set(f.pid, { ...use.get(f.pid), fence: f });
  return use;
}

/** The rows with their GPU fields filled where the GPU readings measured them; others unchanged. */
export function joinGpuUse(processes: ProcessRow[], gpus: GpusPart): ProcessRow[] {
  const use = usePerPid(gpus);
  if (use.size === 0) return processes;
  return processes.map((row) => {
    const u = use.get(row.pid);
    if (!u) return row;
    return {
      ...row,
      gpuMemBytes: u.memBytes ?? row.gpuMemBytes,
      gpuPercent: u.smPercent ?? row.gpuPercent,
      gpuFencesPerSec: u.fence?.fencesPerSec ?? row.gpuFencesPerSec,
      gpuFenceBusyPercent: u.fence?.fenceBusyPercent ?? row.gpuFenceBusyPercent,
    };
  });
}

/** `sources.processes.fields` with the joined fields' backends (those of the gpus readings). */
export function gpuUseSources(sources: Snapshot['sources']): Snapshot['sources'] {
  const target = sources.processes;
  const from = sources.gpus?.fields;
  if (target === undefined || from === undefined) return sources;
  const fields = { ...target.fields };
  for (const [field, gpuField] of Object.entries(GPU_USE_FIELDS)) {
    if (from[gpuField] !== undefined) fields[field] = from[gpuField];
  }
  return { ...sources, processes: { ...target, fields } };
}
