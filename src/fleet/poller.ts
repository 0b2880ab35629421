/**
 * The fleet's one loop: every interval it sends the overview's batched queries, builds the rows
 * and publishes a FleetSnapshot; while a host is open it also fetches that host's detail. It is
 * the screen's store (getSnapshot and subscribe fit React's useSyncExternalStore) and never
 * throws into it: a failed refresh keeps the last rows and their time, says why, and the next
 * interval retries.
 */
import { HOST_SPAN_S, hostCharts, hostChartsQuery, hostGpus, hostGpusQuery, hostProcesses, hostProcessesQuery } from './host.js';
import { fleetRows, type OverviewAnswers } from './model.js';
import type { PromClient } from './prometheus/client.js';
import { PromError } from './prometheus/errors.js';
import { lastUpQuery, overviewBatches, type OverviewBatch } from './queries.js';
import type { FleetSnapshot, FleetStatus, HostDetail } from './types.js';

export interface FleetPollerOptions {
  intervalMs: number;
  /** PromQL rate window ("1m"): a few scrape intervals. */
  rateWindow: string;
  /** Clock (ms since the epoch); Date.now outside tests. */
  now?: () => number;
}

/** The store-like face the screen reads. */
export interface FleetStore {
  getSnapshot(): FleetSnapshot;
  subscribe(listener: () => void): () => void;
}

/** What the screen may ask of the poller. */
export interface FleetActions {
  openHost(host: string): void;
  closeHost(): void;
}

/** Chart points per hour: one per 30 s, two per braille cell on a 60-cell chart. */
const HOST_STEP_S = 30;

const asPromError = (err: unknown): PromError => (err instanceof PromError ? err : new PromError('error', err instanceof Error ? err.message : String(err)));

/** The status after a round of queries: all answered, some (partial), or none (the first failure's kind). */
export function roundStatus(failures: readonly { id: string; error: PromError }[], warnings: readonly string[], total: number): Omit<FleetStatus, 'since'> {
  if (failures.length === total && total > 0) return { state: failures[0].error.kind, message: failures[0].error.message };
  const parts = [...failures.map((f) => `${f.id}: ${f.error.message}`), ...warnings.map((w) => `warning: ${w}`)];
  return parts.length === 0 ? { state: 'ok', message: '' } : { state: 'partial', message: parts.join('; ') };
}

export class FleetPoller implements FleetStore, FleetActions {
  private snapshot: FleetSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly batches: OverviewBatch[];
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private openedHost: string | undefined;

  constructor(
    private readonly client: PromClient,
    private readonly opts: FleetPollerOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.batches = overviewBatches(opts.rateWindow);
    this.snapshot = { rows: [], status: { state: 'connecting', message: '', since: this.now() }, queriesPerRefresh: 0, publishedAt: this.now() };
  }

  getSnapshot = (): FleetSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Refresh now, then every interval (measured from each refresh's start) until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  openHost = (host: string): void => {
    this.openedHost = host;
    const status: FleetStatus = { state: 'connecting', message: '', since: this.now() };
    this.publish({ ...this.snapshot, host: { host, status, charts: {}, stepS: HOST_STEP_S, gpus: [], processes: [] } });
    void this.refreshHost(host);
  };

  closeHost = (): void => {
    this.openedHost = undefined;
    const { host: _closed, ...rest } = this.snapshot;
    this.publish(rest);
  };

  private async loop(): Promise<void> {
    if (!this.running) return;
    const started = this.now();
    const host = this.openedHost;
    try {
      await Promise.all([this.refresh(), host === undefined ? undefined : this.refreshHost(host)]);
    } catch (err) {
      // A bug in turning answers into rows must not end the loop (or the screen): say it, retry.
      const status = this.nextStatus(this.snapshot.status, { state: 'error', message: asPromError(err).message });
      this.publish({ ...this.snapshot, status });
    }
    if (!this.running) return;
    this.timer = setTimeout(() => void this.loop(), Math.max(0, this.opts.intervalMs - (this.now() - started)));
  }

  /** One overview refresh: the batches in parallel, then rows (or the reason there are none). */
  async refresh(): Promise<void> {
    const settled = await Promise.allSettled(this.batches.map((b) => this.client.instant(b.query)));
    const answers: OverviewAnswers = {};
    const failures: { id: string; error: PromError }[] = [];
    const warnings: string[] = [];
    settled.forEach((s, i) => {
      const id = this.batches[i].id;
      if (s.status === 'fulfilled') {
        answers[id] = s.value.result;
        warnings.push(...s.value.warnings);
      } else failures.push({ id, error: asPromError(s.reason) });
    });
    let queriesPerRefresh = settled.length;
    const down = (answers.targets ?? []).flatMap((s) => (s.value[1] !== '1' && s.metric.instance !== undefined ? [s.metric.instance] : []));
    if (down.length > 0) {
      queriesPerRefresh += 1;
      try {
        const last = await this.client.instant(lastUpQuery(down));
        answers.lastUp = last.result;
        warnings.push(...last.warnings);
      } catch (err) {
        failures.push({ id: 'lastUp', error: asPromError(err) });
      }
    }
    // Without the targets there are no rows to fill: the refresh failed as that query did.
    const targetsFailed = failures.find((f) => f.id === 'targets');
    const next =
      targetsFailed !== undefined
        ? { state: targetsFailed.error.kind, message: targetsFailed.error.message }
        : roundStatus(failures, warnings, queriesPerRefresh);
    const status = this.nextStatus(this.snapshot.status, next);
    if (targetsFailed !== undefined) return this.publish({ ...this.snapshot, status, queriesPerRefresh });
    const rows = fleetRows(
      answers,
      this.snapshot.rows,
      failures.map((f) => f.id),
    );
    this.publish({ ...this.snapshot, rows, rowsAt: this.now(), status, queriesPerRefresh });
  }

  private async refreshHost(host: string): Promise<void> {
    // Ends now, not at a step boundary: a host that appeared a few seconds ago still has a point.
    const end = Math.floor(this.now() / 1000);
    const start = end - HOST_SPAN_S;
    const count = HOST_SPAN_S / HOST_STEP_S + 1;
    const w = this.opts.rateWindow;
    const [charts, gpus, procs] = await Promise.allSettled([
      this.client.range(hostChartsQuery(host, w), start, end, HOST_STEP_S),
      this.client.instant(hostGpusQuery(host)),
      this.client.instant(hostProcessesQuery(host, w)),
    ]);
    const current = this.snapshot.host;
    if (this.openedHost !== host || current === undefined || current.host !== host) return;
    const failures: { id: string; error: PromError }[] = [];
    const warnings: string[] = [];
    const next: HostDetail = { ...current };
    if (charts.status === 'fulfilled') {
      next.charts = hostCharts(charts.value.result, start, HOST_STEP_S, count);
      warnings.push(...charts.value.warnings);
    } else failures.push({ id: 'history', error: asPromError(charts.reason) });
    if (gpus.status === 'fulfilled') next.gpus = hostGpus(gpus.value.result);
    else failures.push({ id: 'gpus', error: asPromError(gpus.reason) });
    if (procs.status === 'fulfilled') next.processes = hostProcesses(procs.value.result);
    else failures.push({ id: 'processes', error: asPromError(procs.reason) });
    next.status = this.nextStatus(current.status, roundStatus(failures, warnings, 3));
    if (failures.length < 3) next.at = this.now();
    this.publish({ ...this.snapshot, host: next });
  }

  /** The status after a round; `since` moves only when the state changes. */
  private nextStatus(prev: FleetStatus, next: Omit<FleetStatus, 'since'>): FleetStatus {
    return { ...next, since: prev.state === next.state ? prev.since : this.now() };
  }

  private publish(next: FleetSnapshot): void {
    this.snapshot = { ...next, publishedAt: this.now() };
    for (const l of this.listeners) l();
  }
}
