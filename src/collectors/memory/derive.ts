/** The memory panel from one read: memory and swap use, load averages, uptime. */
import type { CollectorContext, Timed } from '../contract.js';
import type { MemoryPanel } from '../../types/snapshot.js';
import type { MemoryRaw } from './proc.js';

function difference(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}

/**
 * MemoryPanel from /proc/meminfo and friends. Choices, as free(1) (procps-ng ≥ 4.0.1) makes them:
 * - used = MemTotal − MemAvailable. MemAvailable is the kernel's own estimate of what can be
 *   given to new work without swapping (free pages, reclaimable cache and slab), so "used" is
 *   what cannot; summing other fields would disagree with the kernel's accounting. On kernels
 *   before 3.14 (no MemAvailable) available and used are undefined rather than guessed.
 * - cached = Cached + SReclaimable: reclaimable slab (dentries, inodes) is cache in all but name.
 * - swap used = SwapTotal − SwapFree.
 * @see https://docs.kernel.org/filesystems/proc.html (meminfo)
 */
export function deriveMemory(_prev: Timed<MemoryRaw> | undefined, cur: Timed<MemoryRaw>, _ctx: CollectorContext): MemoryPanel {
  const m = cur.raw.meminfo ?? {};
  const cached = m.Cached === undefined ? undefined : m.Cached + (m.SReclaimable ?? 0);
  return {
    totalBytes: m.MemTotal,
    availableBytes: m.MemAvailable,
    usedBytes: difference(m.MemTotal, m.MemAvailable),
    freeBytes: m.MemFree,
    buffersBytes: m.Buffers,
    cachedBytes: cached,
    dirtyBytes: m.Dirty,
    swapTotalBytes: m.SwapTotal,
    swapUsedBytes: difference(m.SwapTotal, m.SwapFree),
    load1: cur.raw.loadavg?.load1,
    load5: cur.raw.loadavg?.load5,
    load15: cur.raw.loadavg?.load15,
    uptimeSeconds: cur.raw.uptimeSeconds,
  };
}
