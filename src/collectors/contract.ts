/**
 * The collector seam (../../docs/architecture.md): every data source is a Backend with the same
 * shape (probe → read → close), grouped by domain into a Collector whose backends are tried in
 * priority order and merged field by field. The sampler drives them; the store derives rates.
 */
import type { KernelSession } from '../native/kernel-session.js';
import type { CollectorName, HostInfo } from '../types/snapshot.js';
import type { ReadBuffer } from '../util/readfile.js';

/**
 * Whether `procRoot` is the /proc of the machine SmoothTask runs on. The kernel's own interfaces
 * (BPF programs, netlink) describe that machine only: with another root (a recorded host's tree)
 * they would mix this machine's processes and sockets into that one's.
 */
export function isLiveProcRoot(procRoot: string): boolean {
  return procRoot === '/proc';
}

/** What every backend and derive step may read. Roots are parameters so tests can use fixtures. */
export interface CollectorContext {
  /** Usually '/proc'. */
  procRoot: string;
  /** Usually '/sys'. */
  sysRoot: string;
  /** Static host facts: clock ticks, page size, boot time, CPU count. */
  host: HostInfo;
  /** Monotonic clock in ms (performance.now in production). */
  now(): number;
  /** What readers read /proc and /sys files into (created by the Monitor): a Buffer read is valid until the next read. */
  readBuffer: ReadBuffer;
  /** The BPF programs' owner (created by the Monitor); without it the eBPF backends are unavailable. */
  kernel?: KernelSession;
}

/** Result of probing a backend once at start-up. */
export interface ProbeResult {
  available: boolean;
  /** Why, in words a person understands: "eBPF needs CAP_BPF: EPERM from bpf(BPF_PROG_LOAD)". */
  reason?: string;
  /** What to do about it: "run as root, or grant CAP_BPF and CAP_PERFMON". */
  remedy?: string;
}

/**
 * One source of data for a collector.
 * `read` receives what higher-priority backends already produced this tick (`prior`), so a
 * fallback can fill only the gaps (e.g. /proc adds cmdlines to an eBPF process list).
 * A field a backend cannot measure is left undefined, never set to 0.
 */
export interface Backend<Raw extends object> {
  readonly id: string;
  probe(ctx: CollectorContext): ProbeResult | Promise<ProbeResult>;
  read(ctx: CollectorContext, prior: Partial<Raw>): Partial<Raw> | Promise<Partial<Raw>>;
  close?(): void;
  /** A read that can hang (stuck mount, hung driver) is abandoned after this many ms. */
  timeoutMs?: number;
  /**
   * Its probe loads BPF programs (ctx.kernel), which waits for the verifier (bench/README.md has
   * the times): a sampler that defers the kernel (`top`, whose first frame must not wait for it)
   * probes this backend only once that frame is up (Sampler.probeDeferred).
   */
  readonly usesKernel?: true;
}

/** Raw counters with the monotonic time they were read, so rates use the measured gap. */
export interface Timed<Raw> {
  /** Monotonic ms at the start of the read. */
  t: number;
  /** Wall clock ms since epoch at the start of the read. */
  wall: number;
  raw: Partial<Raw>;
}

/** A raw key ('stat'), or a key of the records in a raw list ('processes.cpuTicks'). */
export type RawPath<Raw> = {
  [P in keyof Raw & string]: P | (NonNullable<Raw[P]> extends readonly (infer Item)[] ? `${P}.${keyof Item & string}` : never);
}[keyof Raw & string];

/**
 * Which raw inputs feed each field the screen shows: field → raw paths, in the order derive
 * prefers them. `sources.<collector>.fields` names, per field, the backends that supplied those
 * inputs on the last read. The tables are in src/collectors/feeds.ts, checked there against each
 * collector's part and RawPath; this is how the sampler and the assembler read them.
 */
export type FeedPaths = Readonly<Record<string, readonly string[]>>;

/**
 * One domain. `derive` turns the previous and current raw samples into what the snapshot holds
 * (rates from counters over cur.t - prev.t). It is pure: the store calls it.
 */
export interface Collector<Raw extends object, Out> {
  readonly name: CollectorName;
  /** Read every Nth tick of the sampler (slow-changing domains). Default 1. */
  readonly everyTicks?: number;
  readonly backends: Backend<Raw>[];
  /**
   * Combine a backend's output with what earlier backends produced. The default keeps each
   * top-level field from the first backend that defined it.
   */
  merge?(prior: Partial<Raw>, next: Partial<Raw>): Partial<Raw>;
  /** The raw inputs of each displayed field, for provenance per field. */
  readonly feeds?: FeedPaths;
  derive(prev: Timed<Raw> | undefined, cur: Timed<Raw>, ctx: CollectorContext): Out;
}
