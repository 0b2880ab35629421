/**
 * SmoothTask's own cost over the measured wall gap between two ticks: its process CPU
 * (process.cpuUsage) and its BPF programs' run time (BPF run-time stats), each as % of one core.
 */
import type { SelfStats } from '../types/snapshot.js';

export class SelfMeter {
  private prev?: { cpuUs: number; bpfNs?: bigint; t: number };

  constructor(private readonly now: () => number) {}

  /**
   * sampleMs: wall time of the sampling pass just finished. bpfRunTimeNs: cumulative run time of
   * SmoothTask's loaded BPF programs (KernelSession.bpfRunTimeNs, src/native/kernel-session.ts), undefined without eBPF.
   */
  measure(sampleMs: number | undefined, bpfRunTimeNs?: bigint): SelfStats {
    const usage = process.cpuUsage();
    const cur = { cpuUs: usage.user + usage.system, bpfNs: bpfRunTimeNs, t: this.now() };
    const prev = this.prev;
    const gapMs = prev ? cur.t - prev.t : 0;
    const cpuPercent = prev && gapMs > 0 ? ((cur.cpuUs - prev.cpuUs) / 1000 / gapMs) * 100 : undefined;
    let bpfCpuPercent: number | undefined;
    // A group closed in between lowers the total: that gap has no honest figure.
    if (prev?.bpfNs !== undefined && cur.bpfNs !== undefined && gapMs > 0 && cur.bpfNs >= prev.bpfNs) {
      bpfCpuPercent = (Number(cur.bpfNs - prev.bpfNs) / 1e6 / gapMs) * 100;
    }
    this.prev = cur;
    return { pid: process.pid, cpuPercent, rssBytes: process.memoryUsage.rss(), sampleMs, bpfCpuPercent };
  }
}
