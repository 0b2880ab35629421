/**
 * CPU times as percentages of the measured tick delta, per CPU and in total, and the frequency
 * per CPU (its last cpu_frequency event, else cpufreq where readable, else /proc/cpuinfo, else
 * unmeasured), chosen core by core.
 */
import type { CollectorContext, Timed } from '../contract.js';
import type { CpuCore, CpuPanel, CpuSeconds, CpuTimes } from '../../types/snapshot.js';
import type { CpuTicks } from './parse.js';
import type { CpuRaw } from './proc.js';

/**
 * The fields that partition elapsed CPU time. guest and guest_nice are left out: proc(5) says
 * they are already counted in user and nice, so adding them would count guest time twice.
 */
const PARTS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/**
 * Each field's share of the ticks that passed between `prev` and `cur`, in %. A field that
 * went backwards is undefined for this tick (proc(5): iowait "may decrease in certain
 * conditions"); the rest are shares of the fields that did not. When no time passed or the
 * whole line went backwards (CPU re-plugged), every field is undefined.
 */
export function cpuTimesPercent(prev: CpuTicks, cur: CpuTicks): CpuTimes | undefined {
  const deltas: Partial<Record<(typeof PARTS)[number], number>> = {};
  let elapsed = 0;
  for (const part of PARTS) {
    const before = prev[part];
    const after = cur[part];
    if (before === undefined || after === undefined || after < before) continue;
    deltas[part] = after - before;
    elapsed += after - before;
  }
  if (elapsed <= 0) return undefined;
  const times: CpuTimes = {};
  for (const part of PARTS) {
    const delta = deltas[part];
    if (delta !== undefined) times[part] = (delta / elapsed) * 100;
  }
  // Busy is everything but waiting for work; iowait is idle time with I/O outstanding.
  if (times.idle !== undefined && (times.iowait !== undefined || cur.iowait === undefined)) {
    times.busy = 100 - times.idle - (times.iowait ?? 0);
  }
  return times;
}

/** Cumulative seconds per mode: ticks over USER_HZ (proc(5) counts /proc/stat in USER_HZ). */
export function cpuSeconds(ticks: CpuTicks, clockTicks: number): CpuSeconds {
  const seconds: CpuSeconds = {};
  for (const part of PARTS) {
    const n = ticks[part];
    if (n !== undefined) seconds[part] = n / clockTicks;
  }
  return seconds;
}

/** The CpuPanel from two reads; with no previous read the times are undefined, not 0. */
export function deriveCpu(prev: Timed<CpuRaw> | undefined, cur: Timed<CpuRaw>, ctx: CollectorContext): CpuPanel {
  const stat = cur.raw.stat;
  const before = prev?.raw.stat;
  const prevCores = new Map(before?.cores.map((core) => [core.id, core.ticks]));
  const cores: CpuCore[] = (stat?.cores ?? []).map(({ id, ticks }) => {
    const old = prevCores.get(id);
    return {
      id,
      times: old === undefined ? undefined : cpuTimesPercent(old, ticks),
      secondsTotal: cpuSeconds(ticks, ctx.host.clockTicks),
      freqMHz: cur.raw.eventMHz?.[id] ?? cur.raw.scalingMHz?.[id] ?? cur.raw.cpuinfoMHz?.[id],
    };
  });
  const total = before?.total !== undefined && stat?.total !== undefined ? cpuTimesPercent(before.total, stat.total) : undefined;
  return { total, cores };
}
