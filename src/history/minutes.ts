/**
 * What a thinned step keeps of the samples it replaces (docs/history-schema.md, Retention): for
 * each process, the mean and max over the step of its rates and sizes (table proc_minutes), and
 * for the sample, of every chart series (sample_minutes). summarise.ts writes them before the
 * step's samples are dropped; replay shows the means at the kept sample, reports take the peaks.
 * Means and maxima are in the columns' stored units, as proc_rows holds them (columns.ts STORED_UNITS).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ProcessRow } from '../types/snapshot.js';
import { fromStored } from './columns.js';

/** The process columns a thinned step keeps the mean and max of: rates, and the sizes whose peak matters. */
export const MINUTE_COLUMNS = [
  'cpuPercent',
  'gpuPercent',
  'readBytesPerSec',
  'writeBytesPerSec',
  'netTxBytesPerSec',
  'netRxBytesPerSec',
  'runqueueWaitMsPerSec',
  'rssBytes',
  'gpuMemBytes',
] as const;

export type MinuteColumn = (typeof MINUTE_COLUMNS)[number];

/** The rates a replayed row shows as the step's mean (sizes show the kept sample's value). */
const RATE_COLUMNS: readonly MinuteColumn[] = MINUTE_COLUMNS.filter((c) => c !== 'rssBytes' && c !== 'gpuMemBytes');

/** One row of proc_minutes: `samples` is how many samples the step held the process in. */
export type MinuteRecord = { proc_id: number; sample_id: number; samples: number } & Record<`${MinuteColumn}Mean` | `${MinuteColumn}Max`, number | null>;

/** Series key → [mean, max] over the step (sample_minutes.series, JSON, raw-deflate). */
export type SeriesStats = Record<string, [number, number]>;

/** A replayed row at a kept sample shows the step's mean rates (it is changed and returned). */
export function withMeans(row: ProcessRow, m: MinuteRecord | undefined): ProcessRow {
  if (m === undefined) return row;
  const out = row as unknown as Record<string, number | undefined>;
  for (const c of RATE_COLUMNS) {
    const mean = m[`${c}Mean`];
    if (mean !== null) out[c] = fromStored(c, mean);
  }
  return row;
}

export function packSeries(stats: SeriesStats): Uint8Array {
  return deflateRawSync(JSON.stringify(stats));
}

export function unpackSeries(data: Uint8Array): SeriesStats {
  return JSON.parse(inflateRawSync(data).toString('utf8')) as SeriesStats;
}
