/**
 * Per-cgroup stall over the last interval: each PSI line's `total` delta (µs) over the measured
 * gap between two reads of the same cgroup, or avg10 where the cgroup has no earlier read (first
 * read, or the walk reached it only now) or its total went back (removed and made again).
 */
import type { CgroupPressure, CgroupsPanel, CgroupStall, CgroupStallLine, PressureLine, PressureResource } from '../../types/snapshot.js';
import type { CollectorContext, Timed } from '../contract.js';
import type { CgroupRaw, CgroupsRaw } from './cgroupfs.js';

function stallLine(cur: PressureLine, prev: PressureLine | undefined, gapMs: number | undefined): CgroupStallLine {
  const deltaUs = prev === undefined ? undefined : cur.totalUs - prev.totalUs;
  if (deltaUs === undefined || deltaUs < 0 || gapMs === undefined || gapMs <= 0) return { ...cur, stallMsPerSec: cur.avg10 * 10 };
  return { ...cur, stallMsPerSec: deltaUs / gapMs, stalledMs: deltaUs / 1000 };
}

function stall(cur: PressureResource | undefined, prev: PressureResource | undefined, gapMs: number | undefined): CgroupStall | undefined {
  if (cur === undefined) return undefined;
  const out: CgroupStall = {};
  if (cur.some !== undefined) out.some = stallLine(cur.some, prev?.some, gapMs);
  if (cur.full !== undefined) out.full = stallLine(cur.full, prev?.full, gapMs);
  return out;
}

/** The cgroups read, each with its stall; undefined before the backend's first read. */
export function deriveCgroups(prev: Timed<CgroupsRaw> | undefined, cur: Timed<CgroupsRaw>, _ctx: CollectorContext): CgroupsPanel | undefined {
  const { root, cgroups, unread } = cur.raw;
  if (root === undefined || cgroups === undefined || unread === undefined) return undefined;
  // Totals of another mount are not this one's.
  const earlier = prev?.raw.root === root ? new Map<string, CgroupRaw>((prev.raw.cgroups ?? []).map((c) => [c.path, c])) : undefined;
  const gapMs = prev === undefined ? undefined : cur.t - prev.t;
  return {
    root,
    unread,
    cgroups: cgroups.map((c): CgroupPressure => {
      const before = earlier?.get(c.path);
      const out: CgroupPressure = { path: c.path };
      for (const resource of ['cpu', 'io', 'memory'] as const) {
        const s = stall(c[resource], before?.[resource], gapMs);
        if (s !== undefined) out[resource] = s;
      }
      if (c.pids !== undefined) out.pids = c.pids;
      return out;
    }),
  };
}
