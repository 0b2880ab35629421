/** The memory panel: memory and swap use, swap and major-fault rates, load averages, uptime. */
import type { CollectorContext, Timed } from '../contract.js';
import type { MemoryPanel } from '../../types/snapshot.js';
import type { MemoryRaw } from './proc.js';
import { counterRate, gapSeconds } from '../../util/rate.js';

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
 * - swap in/out and major faults per second: /proc/vmstat pswpin, pswpout, pgmajfault over the
 *   measured gap (vmstat(8)'s si/so count the same pages).
 * @see https://docs.kernel.org/filesystems/proc.html (meminfo)
 */
export function deriveMemory(prev: Timed<MemoryRaw> | undefined, cur: Timed<MemoryRaw>, _ctx: CollectorContext): MemoryPanel {
  const m = cur.raw.meminfo ?? {};
  const seconds = gapSeconds(prev, cur);
  const [before, now] = [prev?.raw.vmstat, cur.raw.vmstat];
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
    swapInPagesPerSec: counterRate(before?.pswpin, now?.pswpin, seconds),
    swapOutPagesPerSec: counterRate(before?.pswpout, now?.pswpout, seconds),
    majorFaultsPerSec: counterRate(before?.pgmajfault, now?.pgmajfault, seconds),
    load1: cur.raw.loadavg?.load1,
    load5: cur.raw.loadavg?.load5,
    load15: cur.raw.loadavg?.load15,
    uptimeSeconds: cur.raw.uptimeSeconds,
  };
}
