/**
 * The one sampling loop. Each tick it reads every due collector: backends in priority order, each
 * given what the earlier ones produced, merged field by field. A backend that throws or times out
 * is isolated by a breaker with exponential backoff and its fields fall to the next backend; the
 * loop itself never throws. Raw samples keep their monotonic read time so the store can derive
 * rates from the measured gap.
 */
import { errorText } from '../util/probe.js';
import type { Backend, Collector, CollectorContext, FeedPaths, ProbeResult, Timed } from './contract.js';

/** Breaker: after n consecutive failures a backend sits out 2^(n-1) ticks, at most this many. */
const MAX_BACKOFF_TICKS = 32;

export interface BackendState {
  backend: Backend<object>;
  probe: ProbeResult;
  failures: number;
  /** Tick number before which the breaker keeps this backend out. */
  resumeAtTick: number;
  lastError?: string;
  /** A read still running (timed out but not finished): never start a second one. */
  inFlight: boolean;
  /** Not probed yet: it loads BPF programs and the sampler was told to defer those. */
  deferred?: true;
}

const DEFERRED: ProbeResult = { available: false, reason: 'loads BPF programs once the first frame is up' };

/**
 * What the store reads of a collector's last read, whatever its raw shape: how the read went
 * (backends, provenance, errors, when) and derive over its samples.
 */
export interface PartReading<Part> {
  readonly collector: { readonly feeds?: FeedPaths };
  readonly cur?: { readonly wall: number };
  readonly fields: Readonly<Record<string, string>>;
  readonly backend: string | null;
  readonly backends: readonly BackendState[];
  readonly lastError?: string;
  /** Wall time of the last read through every backend, ms (monotonic clock). */
  readonly readMs?: number;
  derive(ctx: CollectorContext): Part | undefined;
}

/** What one collector produced on its last read, and how; derive turns it into the collector's part. */
export class CollectorReading<Raw extends object, Part> implements PartReading<Part> {
  prev?: Timed<Raw>;
  cur?: Timed<Raw>;
  /** The backend that led the read `cur` holds. */
  curBackend?: string;
  /**
   * Raw path → backend id that supplied it in the current sample: each top-level raw key from the
   * first backend that defined it; each record key of a raw list that the collector's feeds name
   * ('processes.cpuTicks') from the backend that supplied it for the most rows (sampled).
   */
  fields: Record<string, string> = {};
  /** Backend that produced the first fields, or null when none could. */
  backend: string | null = null;
  /** Every backend in priority order, with its probe and breaker; filled by Sampler.probe. */
  backends: BackendState[] = [];
  lastError?: string;
  readMs?: number;

  /** The record paths the feeds name ('processes.cpuTicks'): provenance is kept for these. */
  readonly recordPaths: readonly RecordPath[];

  constructor(readonly collector: Collector<Raw, Part>) {
    const paths: RecordPath[] = [];
    for (const path of Object.values(collector.feeds ?? {}).flat()) {
      const dot = path.indexOf('.');
      if (dot < 0 || paths.some((p) => p.path === path)) continue;
      paths.push({ path, list: path.slice(0, dot), key: path.slice(dot + 1) });
    }
    this.recordPaths = paths;
  }

  /**
   * The last derive and the samples it was made from. A collector read every Nth tick (or one
   * whose read failed) keeps the same samples between reads, and derive over them gives the same
   * part; the part itself is kept, so what the screen memoises on (the rows array) stays the same
   * object until the next read.
   */
  private derived?: { prev?: Timed<Raw>; cur: Timed<Raw>; part: Part };

  /** The collector's derive over the last two samples; undefined before the first. Throws what derive throws. */
  derive(ctx: CollectorContext): Part | undefined {
    if (this.cur === undefined) return undefined;
    if (this.derived?.cur === this.cur && this.derived.prev === this.prev) return this.derived.part;
    const part = this.collector.derive(this.prev, this.cur, ctx);
    this.derived = { prev: this.prev, cur: this.cur, part };
    return part;
  }
}

/** Collectors by name, each with its own raw and part types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a set holds collectors of different raw shapes
export type CollectorSet = { readonly [name: string]: Collector<any, unknown> };

/** A reading per collector of the set, typed as the collector is. */
export type ReadingsOf<S extends CollectorSet> = {
  [K in keyof S]: S[K] extends Collector<infer Raw, infer Part> ? CollectorReading<Raw, Part> : never;
};

function defaultMerge(prior: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const out = { ...prior };
  for (const [key, value] of Object.entries(next)) {
    if (out[key] === undefined && value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Rows looked at per raw list to tell which backend supplied a record key: enough to find the
 * backend behind most rows, bounded however many processes there are.
 */
const PROVENANCE_SAMPLE_ROWS = 64;

/** A record path a collector's feeds name, split once: its raw list and the key in each record. */
interface RecordPath {
  path: string;
  list: string;
  key: string;
}

/**
 * For each tracked record path, in order, how many of the sampled rows have it defined. Runs
 * before and after every backend's read: counts in an array, no key strings made.
 */
function definedRows(paths: readonly RecordPath[], raw: Record<string, unknown>): number[] {
  const out = new Array<number>(paths.length);
  for (let p = 0; p < paths.length; p++) {
    const records: unknown = raw[paths[p].list];
    let n = 0;
    if (Array.isArray(records)) {
      const { key } = paths[p];
      const stride = Math.max(1, Math.ceil(records.length / PROVENANCE_SAMPLE_ROWS));
      for (let i = 0; i < records.length; i += stride) if (records[i]?.[key] !== undefined) n++;
    }
    out[p] = n;
  }
  return out;
}

function withTimeout<T>(value: T | Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (!(value instanceof Promise) || ms === undefined) return Promise.resolve(value);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([value, timeout]).finally(() => clearTimeout(timer));
}

export class Sampler<S extends CollectorSet> {
  private readonly readings: ReadingsOf<S>;
  /** The same readings, as the loop handles them (raw as plain records). */
  private readonly all: CollectorReading<object, unknown>[];
  private tick = 0;
  private probed = false;

  constructor(
    collectors: S,
    readonly ctx: CollectorContext,
  ) {
    const readings: Record<string, CollectorReading<object, unknown>> = {};
    for (const [name, collector] of Object.entries(collectors)) readings[name] = new CollectorReading(collector);
    this.all = Object.values(readings);
    // Each entry is the reading of the collector under the same key, which is what ReadingsOf says;
    // TypeScript cannot follow a mapped type through a loop over its keys.
    this.readings = readings as ReadingsOf<S>;
  }

  /**
   * Probe every backend once. Safe to call again (no-op). With `deferKernel` the backends that
   * load BPF programs are left unavailable, saying so, until probeDeferred().
   */
  async probe({ deferKernel = false }: { deferKernel?: boolean } = {}): Promise<void> {
    if (this.probed) return;
    this.probed = true;
    for (const reading of this.all) {
      const backends: BackendState[] = [];
      for (const backend of reading.collector.backends) {
        const deferred = deferKernel && backend.usesKernel === true;
        const probe = deferred ? DEFERRED : await this.probeOne(backend);
        backends.push({ backend, probe, failures: 0, resumeAtTick: 0, inFlight: false, ...(deferred ? { deferred } : {}) });
      }
      reading.backends = backends;
    }
  }

  /** Probe the backends probe() deferred; true when one of them is now available. */
  async probeDeferred(): Promise<boolean> {
    let opened = false;
    for (const reading of this.all) {
      for (const state of reading.backends) {
        if (state.deferred !== true) continue;
        state.probe = await this.probeOne(state.backend);
        delete state.deferred;
        opened ||= state.probe.available;
      }
    }
    return opened;
  }

  private async probeOne(backend: Backend<object>): Promise<ProbeResult> {
    try {
      return await backend.probe(this.ctx);
    } catch (err) {
      return { available: false, reason: `probe failed: ${errorText(err)}` };
    }
  }

  /** Read every collector that is due this tick. Never throws. */
  async sample(): Promise<ReadingsOf<S>> {
    await this.probe();
    const tick = this.tick++;
    // Collectors are read side by side so one waiting on a slow async source (a hung NVML call,
    // a stuck statfs) delays only itself until its timeout, not the collectors after it.
    const due = this.all.filter((r) => tick % (r.collector.everyTicks ?? 1) === 0 || !r.cur);
    await Promise.all(due.map((reading) => this.readCollector(reading, tick)));
    return this.readings;
  }

  private async readCollector(reading: CollectorReading<object, unknown>, tick: number): Promise<void> {
    const t = this.ctx.now();
    const wall = Date.now();
    let raw: Record<string, unknown> = {};
    const fields: Record<string, string> = {};
    let first: string | null = null;
    let lastError: string | undefined;
    const merge = (reading.collector.merge ?? defaultMerge) as typeof defaultMerge;

    /** Record path → backend id → sampled rows whose value that backend supplied. */
    const rowsBy = new Map<string, Map<string, number>>();

    for (const state of reading.backends) {
      if (!state.probe.available || state.inFlight || tick < state.resumeAtTick) continue;
      const id = state.backend.id;
      // Counted before the read: a backend may fill the earlier backend's records in place.
      const rowsBefore = definedRows(reading.recordPaths, raw);
      try {
        state.inFlight = true;
        const pending = Promise.resolve()
          .then(() => state.backend.read(this.ctx, raw))
          .finally(() => {
            state.inFlight = false;
          });
        const part = (await withTimeout(pending, state.backend.timeoutMs, `${id} read`)) as Record<string, unknown>;
        // A field is this backend's where it gave a value that none before it had.
        for (const key in part) if (part[key] !== undefined && raw[key] === undefined) fields[key] = id;
        raw = merge(raw, part);
        const rowsAfter = definedRows(reading.recordPaths, raw);
        for (let p = 0; p < rowsAfter.length; p++) {
          const supplied = rowsAfter[p] - rowsBefore[p];
          const { path } = reading.recordPaths[p];
          if (supplied > 0) rowsBy.set(path, (rowsBy.get(path) ?? new Map<string, number>()).set(id, supplied));
        }
        if (first === null && Object.keys(part).length > 0) first = id;
        state.failures = 0;
        state.lastError = undefined;
      } catch (err) {
        state.failures += 1;
        state.lastError = errorText(err);
        state.resumeAtTick = tick + Math.min(2 ** (state.failures - 1), MAX_BACKOFF_TICKS) + 1;
        lastError = `${id}: ${state.lastError}`;
      }
    }

    // A record key is the backend's that supplied it for the most rows (the earlier one on a tie).
    for (const [path, counts] of rowsBy) fields[path] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    reading.fields = fields;
    reading.backend = first;
    reading.lastError = lastError;
    reading.readMs = this.ctx.now() - t;
    if (first !== null) {
      // No rate is made across two sources: when another backend led this read than the last
      // (eBPF opened after the first frame, or a fallback while a breaker is open), the counters
      // of the last read are not a baseline for these (CPU ticks from /proc against eBPF's
      // nanoseconds of run time).
      reading.prev = reading.curBackend === first ? reading.cur : undefined;
      reading.cur = { t, wall, raw };
      reading.curBackend = first;
    }
  }

  /** Close every backend (unload BPF programs, release NVML). Idempotent. */
  close(): void {
    for (const reading of this.all) {
      for (const state of reading.backends) {
        try {
          state.backend.close?.();
        } catch {
          // A backend that fails to close must not keep the others loaded.
        }
      }
      reading.backends = [];
    }
    this.probed = false;
  }
}
