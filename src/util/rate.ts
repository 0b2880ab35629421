/**
 * Rates from monotonic kernel counters over the measured gap between two reads
 * (docs/architecture.md: never the nominal interval).
 */
import type { Timed } from '../collectors/contract.js';

/** Seconds between two timed reads, or undefined when there is no previous read or no gap. */
export function gapSeconds(prev: Timed<object> | undefined, cur: Timed<object>): number | undefined {
  if (prev === undefined) return undefined;
  const seconds = (cur.t - prev.t) / 1000;
  return seconds > 0 ? seconds : undefined;
}

/**
 * Per-second rate of a counter. Undefined when either side is unmeasured, when there is no gap,
 * or when the counter went backwards (it wrapped, or the device or interface was re-created):
 * that tick has no honest rate, and the next one starts from the new value.
 */
export function counterRate(prev: number | undefined, cur: number | undefined, seconds: number | undefined): number | undefined {
  if (prev === undefined || cur === undefined || seconds === undefined) return undefined;
  const delta = cur - prev;
  if (delta < 0) return undefined;
  // A gap too small to divide by (or a counter that is not a number) gives no rate, not Infinity.
  const rate = delta / seconds;
  return Number.isFinite(rate) ? rate : undefined;
}

/**
 * One read of a cumulative counter: its value, the monotonic ms it was read at, and which backend
 * counted it (two backends may count the same thing from different origins: since a process
 * started, or since a BPF program loaded).
 */
export interface CounterRead {
  value: number;
  readAt: number;
  source: string;
}

/**
 * Per-second rate between two reads of one counter, over their own gap. Undefined when either
 * read is missing, when they come from different sources (their origins differ: the difference
 * would be a jump, not a rate), when `after` is not later than `before`, or when the counter went
 * backwards.
 */
export function readRate(before: CounterRead | undefined, after: CounterRead | undefined): number | undefined {
  if (before === undefined || after === undefined || before.source !== after.source || after.readAt <= before.readAt) return undefined;
  return counterRate(before.value, after.value, (after.readAt - before.readAt) / 1000);
}
