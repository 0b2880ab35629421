/**
 * The endpoint's admission limits: scrapes in flight at once (a burst beyond it gets 503 at once
 * rather than queueing), and a per-client token bucket (429 past it). A Prometheus server
 * scraping every few seconds never meets either; a runaway client cannot take the agent's CPU.
 */
import { LRUCache } from 'lru-cache';

export interface Limits {
  /** Requests served at once. */
  maxConcurrent: number;
  /** Requests per second each client address may make, on average. */
  perClientPerSecond: number;
  /** Requests a client may make at once after a quiet spell. */
  perClientBurst: number;
}

export const DEFAULT_LIMITS: Limits = { maxConcurrent: 16, perClientPerSecond: 10, perClientBurst: 50 };

interface Bucket {
  tokens: number;
  at: number;
}

export class Admission {
  private inFlight = 0;
  private readonly buckets = new LRUCache<string, Bucket>({ max: 10_000 });

  constructor(
    private readonly limits: Limits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether this client may make a request now (takes a token when it may). */
  allowClient(address: string): boolean {
    const t = this.now();
    const b = this.buckets.get(address) ?? { tokens: this.limits.perClientBurst, at: t };
    b.tokens = Math.min(this.limits.perClientBurst, b.tokens + ((t - b.at) / 1000) * this.limits.perClientPerSecond);
    b.at = t;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(address, b);
    return ok;
  }

  /** A slot for one request; call the returned release when it is answered. Undefined when full. */
  enter(): (() => void) | undefined {
    if (this.inFlight >= this.limits.maxConcurrent) return undefined;
    this.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
    };
  }
}
