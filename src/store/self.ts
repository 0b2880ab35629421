/** SmoothTask's own cost, measured from process.cpuUsage over the measured wall gap. */
import type { SelfStats } from '../types/snapshot.js';

export class SelfMeter {
  private prev?: { cpuUs: number; t: number };

  constructor(private readonly now: () => number) {}

  /** sampleMs: wall time of the sampling pass just finished. */
  measure(sampleMs: number | undefined): SelfStats {
    const usage = process.cpuUsage();
    const cur = { cpuUs: usage.user + usage.system, t: this.now() };
    const gapMs = this.prev ? cur.t - this.prev.t : 0;
    const cpuPercent = this.prev && gapMs > 0 ? ((cur.cpuUs - this.prev.cpuUs) / 1000 / gapMs) * 100 : undefined;
    this.prev = cur;
    return { pid: process.pid, cpuPercent, rssBytes: process.memoryUsage.rss(), sampleMs };
  }
}
