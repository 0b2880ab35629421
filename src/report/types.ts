/**
 * A usage report over a recording (docs/report-schema.md): one entry per group (process,
 * command, user, cgroup, container or GPU), with what each used between two times. A figure no
 * process of the group had measured is absent, never 0.
 */
import type { ReportGroup } from '../cli/args.js';

export const REPORT_VERSION = 1;

export interface ReportEntry {
  group: string;
  /** Processes (lifetimes) counted, short-lived ones included. */
  processes: number;
  cpuSeconds?: number;
  /** % of the CPU-seconds of every group in the report. */
  cpuSharePercent?: number;
  rssPeakBytes?: number;
  /** Time-weighted over the samples the group's processes were in. */
  rssMeanBytes?: number;
  readBytes?: number;
  writeBytes?: number;
  netTxBytes?: number;
  netRxBytes?: number;
  runqueueWaitSeconds?: number;
  gpuSeconds?: number;
  gpuMemPeakBytes?: number;
  /** Alerts that started firing on one of its processes. */
  alertsFired: number;
  /** ISO 8601. */
  firstSeen: string;
  lastSeen: string;
}

export interface Report {
  reportVersion: typeof REPORT_VERSION;
  db: string;
  host?: string;
  by: ReportGroup;
  /** The window asked for, clamped to the recording; ISO 8601. */
  from: string;
  to: string;
  recording: { first: string; last: string; samples: number };
  samples: number;
  /** Median interval between the window's samples, ms. */
  intervalMs: number;
  /** Groups by CPU-seconds, most first; at most `top` when asked. */
  groups: ReportEntry[];
  /** Groups left out by --top. */
  omitted: number;
  /** What the sampling could not see, in words, and the short-lived processes eBPF saw. */
  coverage: { shortLived: number; shortLivedCpuSeconds?: number; lostEvents: number; samplesWithoutExitEvents: number; note: string };
  /** Alerts that fired on no process (system, filesystems, GPUs). */
  systemAlertsFired: number;
  /**
   * Seconds of the window spent under each verdict: the resource that limited the host first
   * ('cpu', 'memory', 'io', ...), 'headroom', or 'unjudged' for samples recorded without a verdict.
   */
  verdictSeconds: Record<string, number>;
}
