/**
 * The /metrics body of the latest published snapshot (`store.getLatest()`, so a frozen screen
 * still exports fresh data), rendered once per snapshot and format and kept with its gzip form:
 * many scrapes of one snapshot cost one render. Gzip runs on libuv's thread pool, off the loop
 * that samples.
 */
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import type { Store } from '../store/store.js';
import type { Snapshot } from '../types/snapshot.js';
import { GroupAccumulator } from './accumulator.js';
import { CONTENT_TYPES, ExpositionWriter, SeriesBudget, type ExpositionFormat } from './exposition.js';
import { writeGpuMetrics } from './gpus.js';
import type { ProcessGroupRule } from './groups.js';
import { writeHostMetrics } from './host.js';
import { writeProcessMetrics } from './processes.js';
import { writeStatusMetrics } from './status.js';

const gzipAsync = promisify(gzip);

export interface MetricsOptions {
  /** Processes by CPU, and by memory, with series of their own. */
  topProcesses: number;
  /** The most per-process and per-group series in one body; the rest are dropped and counted. */
  maxSeries: number;
  groups: readonly ProcessGroupRule[];
}

export const DEFAULT_METRICS_OPTIONS: MetricsOptions = { topProcesses: 20, maxSeries: 10_000, groups: [] };

export interface RenderedBody {
  body: Buffer;
  contentType: string;
  /** 'gzip' when the body is compressed. */
  encoding?: 'gzip';
}

/**
 * Renders one snapshot in one format. `droppedTotal` is handed the series this render dropped
 * and gives the running total to write.
 */
export function renderSnapshot(
  s: Snapshot,
  format: ExpositionFormat,
  acc: GroupAccumulator,
  opts: MetricsOptions,
  droppedTotal: (dropped: number) => number,
): string {
  const w = new ExpositionWriter(format);
  const budget = new SeriesBudget(opts.maxSeries);
  writeHostMetrics(w, s);
  writeGpuMetrics(w, s);
  writeStatusMetrics(w, s);
  writeProcessMetrics(w, s, acc, { topProcesses: opts.topProcesses, groups: opts.groups }, budget);
  w.family('smoothtask_exporter_series_dropped_total', 'counter', 'Per-process and per-group series left out by the series cap, over the snapshots rendered.');
  w.sample(undefined, droppedTotal(budget.dropped));
  return w.finish();
}

interface CachedBody {
  text: Buffer;
  gzip?: Promise<Buffer>;
}

/** The exporter's renderer over one store: its accumulator runs on every published snapshot. */
export class MetricsRenderer {
  readonly accumulator: GroupAccumulator;
  private cachedFor: Snapshot | undefined;
  private readonly bodies = new Map<ExpositionFormat, CachedBody>();
  private droppedTotal = 0;
  /** Renders done, for tests and the benchmark: scrapes of one snapshot share one. */
  renders = 0;

  constructor(
    private readonly store: Pick<Store, 'getLatest' | 'addProcessor'>,
    private readonly opts: MetricsOptions = DEFAULT_METRICS_OPTIONS,
  ) {
    this.accumulator = new GroupAccumulator(opts.groups);
    store.addProcessor(this.accumulator.add);
  }

  private cached(format: ExpositionFormat): CachedBody | undefined {
    const s = this.store.getLatest();
    if (s === undefined) return undefined;
    if (s !== this.cachedFor) {
      this.cachedFor = s;
      this.bodies.clear();
    }
    let body = this.bodies.get(format);
    if (body === undefined) {
      // The first format rendered for a snapshot counts its drops; another drops the same series.
      const count = this.bodies.size === 0 ? (n: number): number => (this.droppedTotal += n) : (): number => this.droppedTotal;
      const text = renderSnapshot(s, format, this.accumulator, this.opts, count);
      this.renders += 1;
      body = { text: Buffer.from(text) };
      this.bodies.set(format, body);
    }
    return body;
  }

  /** The body for this format, gzipped when asked; undefined before the first snapshot. */
  async body(format: ExpositionFormat, gzipped: boolean): Promise<RenderedBody | undefined> {
    const cached = this.cached(format);
    if (cached === undefined) return undefined;
    const contentType = CONTENT_TYPES[format];
    if (!gzipped) return { body: cached.text, contentType };
    // The fastest level: a scrape's CPU is what counts, and on this text it costs a quarter of
    // the default level's CPU for a slightly larger body (bench/README.md, scrape cost).
    cached.gzip ??= gzipAsync(cached.text, { level: constants.Z_BEST_SPEED });
    return { body: await cached.gzip, contentType, encoding: 'gzip' };
  }
}
