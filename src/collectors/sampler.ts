/**
 * The one sampling loop. Each tick it reads every due collector: backends in priority order, each
 * given what the earlier ones produced, merged field by field. A backend that throws or times out
 * is isolated by a breaker with exponential backoff and its fields fall to the next backend; the
 * loop itself never throws. Raw samples keep their monotonic read time so the store can derive
 * rates from the measured gap.
 */
import { errorText } from '../util/probe.js';
import type { Backend, Collector, CollectorContext, ProbeResult, Timed } from './contract.js';

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
}

/** What one collector produced on its last read, and how; derive turns it into the collector's part. */
export class CollectorReading<Raw extends object, Part> {
  prev?: Timed<Raw>;
  cur?: Timed<Raw>;
  /** Raw key → backend id that produced it in the current sample. */
  fields: Record<string, string> = {};
  /** Backend that produced the first fields, or null when none could. */
  backend: string | null = null;
  /** Every backend in priority order, with its probe and breaker; filled by Sampler.probe. */
  backends: BackendState[] = [];
  lastError?: string;

  constructor(readonly collector: Collector<Raw, Part>) {}

  /** The collector's derive over the last two samples; undefined before the first. Throws what derive throws. */
  derive(ctx: CollectorContext): Part | undefined {
    return this.cur === undefined ? undefined : this.collector.derive(this.prev, this.cur, ctx);
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

  /** Probe every backend once. Safe to call again (no-op). */
  async probe(): Promise<void> {
    if (this.probed) return;
    this.probed = true;
    for (const reading of this.all) {
      const backends: BackendState[] = [];
      for (const backend of reading.collector.backends) {
        let probe: ProbeResult;
        try {
          probe = await backend.probe(this.ctx);
        } catch (err) {
          probe = { available: false, reason: `probe failed: ${errorText(err)}` };
        }
        backends.push({ backend, probe, failures: 0, resumeAtTick: 0, inFlight: false });
      }
      reading.backends = backends;
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

    for (const state of reading.backends) {
      if (!state.probe.available || state.inFlight || tick < state.resumeAtTick) continue;
      const id = state.backend.id;
      try {
        state.inFlight = true;
        const pending = Promise.resolve()
          .then(() => state.backend.read(this.ctx, raw))
          .finally(() => {
            state.inFlight = false;
          });
        const part = (await withTimeout(pending, state.backend.timeoutMs, `${id} read`)) as Record<string, unknown>;
        const before = new Set(Object.keys(raw).filter((k) => raw[k] !== undefined));
        raw = merge(raw, part);
        for (const key of Object.keys(part)) {
          if (part[key] !== undefined && !before.has(key)) fields[key] = id;
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

    reading.fields = fields;
    reading.backend = first;
    reading.lastError = lastError;
    if (first !== null) {
      reading.prev = reading.cur;
      reading.cur = { t, wall, raw };
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
