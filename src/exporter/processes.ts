/**
 * Per-process and per-group series, bounded: the top N processes by CPU and the top N by memory
 * (one set, labels pid, comm, user), and every process group under process-exporter's
 * namedprocess_namegroup_* names (its dashboards work), with SmoothTask's run-queue latency
 * histogram per group. Each series takes a place in the series budget; what does not fit is
 * dropped and counted.
 */
import type { ProcessRow, Snapshot } from '../types/snapshot.js';
import { RUNQ_SLOTS, type GroupAccumulator } from './accumulator.js';
import type { ExpositionWriter, Labels, SeriesBudget } from './exposition.js';
import { groupOf, type ProcessGroupRule } from './groups.js';

export interface ProcessExportOptions {
  /** How many processes by CPU, and how many by memory, get series of their own. */
  topProcesses: number;
  groups: readonly ProcessGroupRule[];
}

/**
 * The n rows with the highest value, highest first: one pass keeping a small sorted list, not a
 * sort of every process (thousands, on every render).
 */
function topBy(rows: readonly ProcessRow[], n: number, value: (p: ProcessRow) => number | undefined): ProcessRow[] {
  const top: { p: ProcessRow; v: number }[] = [];
  if (n <= 0) return [];
  for (const p of rows) {
    const v = value(p);
    if (v === undefined || (top.length === n && v <= top[n - 1].v)) continue;
    let i = top.length;
    while (i > 0 && top[i - 1].v < v) i--;
    top.splice(i, 0, { p, v });
    if (top.length > n) top.pop();
  }
  return top.map((t) => t.p);
}

/** The top N by CPU % then the top N by resident memory, each process once. */
export function topProcesses(rows: readonly ProcessRow[], n: number): ProcessRow[] {
  const chosen = new Set([...topBy(rows, n, (p) => p.cpuPercent), ...topBy(rows, n, (p) => p.rssBytes)]);
  return [...chosen];
}

interface ProcessFamily {
  name: string;
  type: 'counter' | 'gauge';
  help: string;
  pick: (p: ProcessRow) => number | undefined;
}

const PER_PROCESS: readonly ProcessFamily[] = [
  { name: 'smoothtask_process_cpu_seconds_total', type: 'counter', help: 'User and system CPU time since the process started.', pick: (p) => p.cpuTimeSeconds },
  { name: 'smoothtask_process_resident_memory_bytes', type: 'gauge', help: 'Resident set size.', pick: (p) => p.rssBytes },
  {
    name: 'smoothtask_process_network_receive_bytes_per_second',
    type: 'gauge',
    help: 'Bytes received over the last interval, per second (eBPF net group).',
    pick: (p) => p.netRxBytesPerSec,
  },
  {
    name: 'smoothtask_process_network_transmit_bytes_per_second',
    type: 'gauge',
    help: 'Bytes sent over the last interval, per second (eBPF net group).',
    pick: (p) => p.netTxBytesPerSec,
  },
  { name: 'smoothtask_process_gpu_memory_bytes', type: 'gauge', help: 'GPU memory the process holds, over all GPUs.', pick: (p) => p.gpuMemBytes },
  { name: 'smoothtask_process_gpu_utilization_percent', type: 'gauge', help: 'GPU (SM) use by the process, % of one GPU.', pick: (p) => p.gpuPercent },
];

function perProcess(w: ExpositionWriter, rows: readonly ProcessRow[], budget: SeriesBudget): void {
  const labels: Labels[] = rows.map((p) => ({ pid: String(p.pid), comm: p.comm, user: p.user }));
  for (const f of PER_PROCESS) {
    w.family(f.name, f.type, f.help);
    rows.forEach((p, i) => {
      const v = f.pick(p);
      if (v !== undefined && budget.take()) w.sample(labels[i], v);
    });
  }
}

interface GroupNow {
  procs: number;
  threads?: number;
  rss?: number;
  vsz?: number;
}

function add(a: number | undefined, b: number | undefined): number | undefined {
  return b === undefined ? a : (a ?? 0) + b;
}

function groupGauges(w: ExpositionWriter, s: Snapshot, rules: readonly ProcessGroupRule[], budget: SeriesBudget): void {
  const now = new Map<string, GroupNow>();
  for (const p of s.processes) {
    const name = groupOf(p, rules);
    const g = now.get(name) ?? { procs: 0 };
    g.procs += 1;
    g.threads = add(g.threads, p.threads);
    g.rss = add(g.rss, p.rssBytes);
    g.vsz = add(g.vsz, p.vszBytes);
    now.set(name, g);
  }
  w.family('namedprocess_namegroup_num_procs', 'gauge', 'number of processes in this group');
  for (const [name, g] of now) if (budget.take()) w.sample({ groupname: name }, g.procs);
  w.family('namedprocess_namegroup_num_threads', 'gauge', 'Number of threads');
  for (const [name, g] of now) if (g.threads !== undefined && budget.take()) w.sample({ groupname: name }, g.threads);
  w.family('namedprocess_namegroup_memory_bytes', 'gauge', 'number of bytes of memory in use');
  for (const [name, g] of now) {
    if (g.rss !== undefined && budget.take()) w.sample({ groupname: name, memtype: 'resident' }, g.rss);
    if (g.vsz !== undefined && budget.take()) w.sample({ groupname: name, memtype: 'virtual' }, g.vsz);
  }
}

/** Bucket bounds in seconds: slot i's upper edge, 2^(i+1) µs. */
const LE = Array.from({ length: RUNQ_SLOTS }, (_, i) => String(2 ** (i + 1) / 1e6));

function groupCounters(w: ExpositionWriter, acc: GroupAccumulator, budget: SeriesBudget): void {
  w.family('namedprocess_namegroup_cpu_seconds_total', 'counter', 'CPU user and system time of the group in seconds, since SmoothTask started (no mode split)');
  for (const [name, t] of acc.groups) if (budget.take()) w.sample({ groupname: name }, t.cpuSeconds);
  w.family('smoothtask_runqueue_latency_seconds', 'histogram', 'Time from becoming runnable to running, per process group (eBPF sched group).');
  for (const [name, t] of acc.groups) {
    const rq = t.runqueue;
    if (rq === undefined) continue;
    // A histogram is whole or absent: its buckets, sum and count take their places together.
    if (!budget.take(RUNQ_SLOTS + 3)) continue;
    let cumulative = 0;
    for (let i = 0; i < RUNQ_SLOTS; i++) {
      cumulative += rq.slots[i];
      w.sample({ group: name, le: LE[i] }, cumulative, '_bucket');
    }
    w.sample({ group: name, le: '+Inf' }, cumulative, '_bucket');
    w.sample({ group: name }, rq.sumUs / 1e6, '_sum');
    w.sample({ group: name }, cumulative, '_count');
  }
}

export function writeProcessMetrics(w: ExpositionWriter, s: Snapshot, acc: GroupAccumulator, opts: ProcessExportOptions, budget: SeriesBudget): void {
  perProcess(w, topProcesses(s.processes, opts.topProcesses), budget);
  groupGauges(w, s, opts.groups, budget);
  groupCounters(w, acc, budget);
}
