/**
 * Wires the parts together for every face (top, snapshot, doctor): host facts → CollectorContext,
 * the sampler over the registry's collectors, the store, and the tick loop. The loop schedules
 * each tick from the previous tick's start, so a slow pass delays the next but never stacks.
 */
import { performance } from 'node:perf_hooks';
import { isLiveProcRoot, type CollectorContext } from '../collectors/contract.js';
import { readHostFacts } from '../collectors/host/index.js';
import { createRegistry, type Registry } from '../collectors/registry.js';
import { Sampler } from '../collectors/sampler.js';
import { FREE_HEAP_KEPT_BYTES, freeHeapReleaser, type FreeHeapReleaser } from '../native/heap.js';
import { heapPacer, type HeapPacer } from './heap-pacer.js';
import { KernelSession } from '../native/kernel-session.js';
import { assembleSnapshot } from '../store/assemble.js';
import { SelfMeter } from '../store/self.js';
import { Store } from '../store/store.js';
import type { MemoryBound } from '../timeline/memory.js';
import type { ConfigStatus, Snapshot } from '../types/snapshot.js';
import { ReadBuffer } from '../util/readfile.js';
import { verdictProcessor } from '../verdict/processor.js';
import { nextIntervalMs } from './pacing.js';

export interface MonitorOptions {
  intervalMs: number;
  /** The config file's reload state, read on every tick into `snapshot.config`. */
  configStatus: () => ConfigStatus;
  procRoot?: string;
  sysRoot?: string;
  historyLength?: number;
  /** Samples the store keeps for stepping while paused (top); none without it. */
  held?: MemoryBound;
  /** The collectors; the app's registry unless a test brings its own. */
  registry?: () => Registry;
  /**
   * Leave the BPF programs unloaded until openDeferred(): the first passes read /proc, so a
   * screen's first frame does not wait for the verifier (`top`).
   */
  deferKernel?: boolean;
  /** Gives the C heap's free pages back after each pass; the addon's (src/native/heap.ts) unless a test brings its own. */
  freeHeap?: FreeHeapReleaser;
  /** Collects V8's heap after a pass when it grew enough (heap-pacer.ts); V8's gc() where exposed, unless a test brings its own. */
  heapPacer?: HeapPacer;
}

/** One sampling pass: what it published, and when it began (ctx.now()). */
interface Pass {
  snapshot: Snapshot;
  start: number;
}

export class Monitor {
  readonly store: Store;
  private readonly selfMeter: SelfMeter;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Set by stop(): nothing is read after it, the deferred backends' first read included. */
  private stopped = false;
  private busy: Promise<Pass> | undefined;
  /** openDeferred's first read of what it loaded, while in flight. */
  private priming: Promise<void> | undefined;
  /** The interval in force: the configured one, stretched while passes are slow (pacing.ts). */
  private effectiveMs: number;

  private constructor(
    readonly ctx: CollectorContext,
    readonly sampler: Sampler<Registry>,
    readonly intervalMs: number,
    historyLength: number | undefined,
    private readonly configStatus: () => ConfigStatus,
    held: MemoryBound | undefined,
    private readonly freeHeap: FreeHeapReleaser | undefined,
    private readonly heapPacer: HeapPacer | undefined,
  ) {
    this.effectiveMs = intervalMs;
    this.store = new Store(historyLength, held);
    this.store.addProcessor(verdictProcessor());
    this.selfMeter = new SelfMeter(ctx.now);
  }

  static async create(opts: MonitorOptions): Promise<Monitor> {
    const procRoot = opts.procRoot ?? '/proc';
    const sysRoot = opts.sysRoot ?? '/sys';
    const readBuffer = new ReadBuffer();
    const host = readHostFacts(readBuffer, procRoot, sysRoot);
    const kernel = isLiveProcRoot(procRoot) ? new KernelSession({ pidNamespace: host.pidNamespace }) : undefined;
    const ctx: CollectorContext = { procRoot, sysRoot, host, readBuffer, now: () => performance.now(), kernel };
    const sampler = new Sampler((opts.registry ?? createRegistry)(), ctx);
    await sampler.probe({ deferKernel: opts.deferKernel });
    const freeHeap = opts.freeHeap ?? freeHeapReleaser();
    const pacer = opts.heapPacer ?? heapPacer(ctx.now());
    return new Monitor(ctx, sampler, opts.intervalMs, opts.historyLength, opts.configStatus, opts.held, freeHeap, pacer);
  }

  /**
   * One sampling pass, published to the store. Concurrent calls share the pass in flight; one
   * called while openDeferred's first read is in flight starts after it.
   */
  async tick(): Promise<Snapshot> {
    return (await this.pass()).snapshot;
  }

  private pass(): Promise<Pass> {
    this.busy ??= this.runPass().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  private async runPass(): Promise<Pass> {
    await this.priming;
    const start = this.ctx.now();
    const takenAt = Date.now();
    this.ctx.kernel?.nextTick();
    const readings = await this.sampler.sample();
    const self = this.selfMeter.measure(this.ctx.now() - start, this.ctx.kernel?.bpfRunTimeNs());
    const snapshot = this.store.publish(assembleSnapshot(readings, this.ctx, { intervalMs: this.effectiveMs, self, config: this.configStatus(), takenAt }));
    this.freeHeap?.(FREE_HEAP_KEPT_BYTES);
    this.heapPacer?.(this.ctx.now());
    return { snapshot, start };
  }

  /**
   * Load what create() deferred (deferKernel: the BPF programs) and, when any of it loaded, read everything once without publishing it: the sampler makes no rate
   * across /proc's readings and eBPF's, so a published pass would be a sample without process CPU%
   * on the screen, in the samples held and in the recording. That read is the next pass's
   * baseline, and the loop's next pass comes an interval after it, so its rates span a whole
   * interval.
   */
  async openDeferred(): Promise<void> {
    if (!(await this.sampler.probeDeferred())) return;
    await this.busy;
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const started = this.ctx.now();
    this.ctx.kernel?.nextTick();
    this.priming = this.sampler.sample().then(() => undefined);
    await this.priming;
    this.priming = undefined;
    if (this.running) this.schedule(started);
  }

  /** Resolves when no sampling pass is in flight (at once when none is). */
  async idle(): Promise<void> {
    await this.priming;
    await this.busy;
  }

  /** The interval in force now (snapshot.intervalMs): the configured one unless passes are slow. */
  get effectiveIntervalMs(): number {
    return this.effectiveMs;
  }

  /** Tick now and then every interval until stop(); the interval stretches while passes are slow. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    // The pass's own start, the instant its takenAt was read, so stamps are an interval apart too.
    const { start } = await this.pass();
    if (!this.running) return;
    this.effectiveMs = nextIntervalMs(this.intervalMs, this.effectiveMs, this.ctx.now() - start);
    this.schedule(start);
  }

  /** The loop's next pass, an interval after the pass that began at `started`. */
  private schedule(started: number): void {
    this.runAt(started + this.effectiveMs);
  }

  /**
   * Run the loop at `due` on the monotonic clock. libuv times its timers on a coarse clock that
   * can lag this one by a millisecond or two, so a timer may fire that much early; it is armed
   * again for what is left, or passes would begin less than an interval apart.
   */
  private runAt(due: number): void {
    if (this.timer) clearTimeout(this.timer);
    const left = due - this.ctx.now();
    this.timer = setTimeout(() => (this.ctx.now() < due ? this.runAt(due) : void this.loop()), Math.max(0, left));
  }

  /** Stop the loop and close every backend (unloads BPF programs). Idempotent. */
  stop(): void {
    this.running = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.sampler.close();
    this.ctx.kernel?.close();
  }
}
