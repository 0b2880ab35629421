/**
 * "Sum this process over these samples": the one piece of code that integrates stored process
 * rows, used by reports (src/report/aggregate.ts) over the raw parts of their window and by the
 * hourly roll-up (hours.ts) over each hour, so a report made of hours and raw rows equals one made
 * of raw rows alone. The rules: a row stays in force until the process's next one (the row before
 * the run carries into it); a kept sample of a thinned step stands for its whole step, with the
 * step's means (proc_minutes); counters are summed as the difference of their cumulative values,
 * from the row before the window (or the first value in it, or zero for a process started in the
 * window) to the last value, and a counter that went back counts from zero.
 */
import { fromStored } from './columns.js';
import type { MinuteRecord } from './minutes.js';
import type { ProcRecord, RowRecord } from './read.js';

/** The cumulative columns a report sums as differences. */
export const COUNTER_COLUMNS = ['cpuTimeSeconds', 'readBytes', 'writeBytes', 'netTxBytes', 'netRxBytes', 'runqueueWaitMs'] as const;
export type CounterColumn = (typeof COUNTER_COLUMNS)[number];

/** The stored columns the sums read of a process row. */
export type SumRow = Pick<RowRecord, 'proc_id' | 'sample_id' | CounterColumn | 'rssBytes' | 'gpuPercent' | 'gpuMemBytes'>;

/** The stretch bounds a sum needs of a procs row. */
export type StretchBounds = Pick<ProcRecord, 'id' | 'first_sample' | 'end_sample'>;

/** proc_minutes rows of a run, by proc_id then the kept sample's id. */
export type MinutesOf = ReadonlyMap<number, ReadonlyMap<number, MinuteRecord>>;

/** Consecutive samples by id, each standing for its gap: the time since the sample before it. */
export class SampleRun {
  readonly ids: readonly number[];
  /** cumulative[i]: the time from the run's start to the end of sample i. */
  private readonly cumulative: number[] = [];

  constructor(ids: readonly number[], gaps: readonly number[]) {
    this.ids = ids;
    gaps.reduce((acc, g, i) => (this.cumulative[i] = acc + g), 0);
  }

  /** Index of the last sample with id < bound (or <= bound when inclusive); -1 when none. */
  indexBelow(bound: number, inclusive: boolean): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inclusive ? this.ids[mid] <= bound : this.ids[mid] < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The time samples fromIdx..toIdx stand for. */
  heldMs(fromIdx: number, toIdx: number): number {
    return toIdx < fromIdx ? 0 : this.cumulative[toIdx] - (fromIdx === 0 ? 0 : this.cumulative[fromIdx - 1]);
  }
}

/** One process over a run: its stretches that overlap it (in order), the row in force before its first sample, its rows in it (in order). */
export interface ProcessInRun {
  stretches: StretchBounds[];
  before?: SumRow;
  rows: SumRow[];
}

/**
 * What one stretch (procs row) adds over a run, in stored units: the first and last non-null
 * value of each counter among its rows in the run, the RSS held times the time it was held and
 * that time, the GPU-seconds, the peaks. Undefined where nothing was measured.
 */
export interface StretchSums {
  procId: number;
  first: Partial<Record<CounterColumn, number>>;
  last: Partial<Record<CounterColumn, number>>;
  rssMs: number;
  rssByteMs: number;
  rssPeak?: number;
  gpuSeconds?: number;
  gpuMemPeak?: number;
}

const peakOf = (was: number | undefined, v: number | string | null): number | undefined => (v === null ? was : Math.max(was ?? 0, v as number));

/** A size and a rate held for `ms`: the time-weighted RSS, the GPU-seconds, the peaks. */
function credit(s: StretchSums, rss: number | string | null, gpuPercent: number | string | null, gpuMem: number | string | null, ms: number): void {
  if (ms <= 0) return;
  if (rss !== null) {
    s.rssPeak = peakOf(s.rssPeak, rss);
    s.rssMs += ms;
    s.rssByteMs += (rss as number) * ms;
  }
  if (gpuPercent !== null) s.gpuSeconds = (s.gpuSeconds ?? 0) + (fromStored('gpuPercent', gpuPercent as number) / 100) * (ms / 1000);
  s.gpuMemPeak = peakOf(s.gpuMemPeak, gpuMem);
}

/** Sum one process over the run's samples: one StretchSums per stretch, in the stretches' order. */
export function sumProcess(run: SampleRun, p: ProcessInRun, minutes: MinutesOf): StretchSums[] {
  const out = new Map<number, StretchSums>();
  const of = (procId: number): StretchSums => {
    let s = out.get(procId);
    if (s === undefined) out.set(procId, (s = { procId, first: {}, last: {}, rssMs: 0, rssByteMs: 0 }));
    return s;
  };
  for (const stretch of p.stretches) of(stretch.id);
  for (const r of p.rows) {
    const s = of(r.proc_id);
    for (const c of COUNTER_COLUMNS) {
      const v = r[c];
      if (v === null) continue;
      s.first[c] ??= v as number;
      s.last[c] = v as number;
    }
  }
  const lifeStart = Math.max(p.stretches[0].first_sample, run.ids[0]);
  const lastStretch = p.stretches[p.stretches.length - 1];
  const fromIdx = run.indexBelow(lifeStart, false) + 1;
  const toIdx = lastStretch.end_sample === null ? run.ids.length - 1 : run.indexBelow(lastStretch.end_sample, false);
  // The rows in force over the run, each with the samples it covers.
  const inForce: { row: SumRow; from: number; to: number }[] = [];
  let current = p.before;
  let currentFrom = fromIdx;
  for (const r of p.rows) {
    const idx = run.indexBelow(r.sample_id, true);
    if (current !== undefined) inForce.push({ row: current, from: currentFrom, to: idx - 1 });
    current = r;
    currentFrom = idx;
  }
  if (current !== undefined) inForce.push({ row: current, from: currentFrom, to: toIdx });
  for (const { row, from, to } of inForce) {
    const lo = Math.max(from, fromIdx);
    const hi = Math.min(to, toIdx);
    if (hi < lo) continue;
    const s = of(row.proc_id);
    // A kept sample of a thinned step stands for the whole step: its means over its own gap.
    const m = run.ids[lo] === row.sample_id ? minutes.get(row.proc_id)?.get(row.sample_id) : undefined;
    if (m === undefined) credit(s, row.rssBytes, row.gpuPercent, row.gpuMemBytes, run.heldMs(lo, hi));
    else {
      credit(s, m.rssBytesMean, m.gpuPercentMean, m.gpuMemBytesMean, run.heldMs(lo, lo));
      credit(s, row.rssBytes, row.gpuPercent, row.gpuMemBytes, run.heldMs(lo + 1, hi));
    }
  }
  // The peaks of thinned steps, those of a process that ended within one included.
  for (const stretch of p.stretches) {
    const s = of(stretch.id);
    for (const m of minutes.get(stretch.id)?.values() ?? []) {
      s.rssPeak = peakOf(s.rssPeak, m.rssBytesMax);
      s.gpuMemPeak = peakOf(s.gpuMemPeak, m.gpuMemBytesMax);
    }
  }
  return [...out.values()];
}

/** A process's totals over a window, in stored units: the counters' differences, the rest as StretchSums. */
export type ProcessTotals = Omit<StretchSums, 'procId' | 'first' | 'last'> & { counters: Partial<Record<CounterColumn, number>> };

/**
 * A process's totals over a window from its pieces' sums in sample order (raw runs and hours):
 * each counter from the row before the window (`baseline`), else its first value in the window
 * (zero when the process started in the window), to its last value.
 */
export function processTotals(parts: readonly StretchSums[], baseline: SumRow | undefined, startedInWindow: boolean): ProcessTotals {
  const totals: ProcessTotals = { counters: {}, rssMs: 0, rssByteMs: 0 };
  for (const c of COUNTER_COLUMNS) {
    const from = baseline?.[c];
    let base = from === null || from === undefined ? undefined : (from as number);
    let end: number | undefined;
    for (const part of parts) {
      const first = part.first[c];
      if (first === undefined) continue;
      base ??= startedInWindow ? 0 : first;
      end = part.last[c];
    }
    if (base === undefined) continue;
    end ??= base;
    // A counter that went back started again (its source changed): count from zero.
    totals.counters[c] = end >= base ? end - base : end;
  }
  for (const part of parts) {
    totals.rssMs += part.rssMs;
    totals.rssByteMs += part.rssByteMs;
    if (part.rssPeak !== undefined) totals.rssPeak = Math.max(totals.rssPeak ?? 0, part.rssPeak);
    if (part.gpuSeconds !== undefined) totals.gpuSeconds = (totals.gpuSeconds ?? 0) + part.gpuSeconds;
    if (part.gpuMemPeak !== undefined) totals.gpuMemPeak = Math.max(totals.gpuMemPeak ?? 0, part.gpuMemPeak);
  }
  return totals;
}
