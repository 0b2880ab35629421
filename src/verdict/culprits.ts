/**
 * Hogs and victims of a limiting resource: the processes that consume most of it, and those
 * that suffer most from it, each ranked by a measured figure. What cannot be known here (a
 * victim measure that needs eBPF, per-cgroup pressure) is said in `missing`, not guessed.
 */
import type { ProcessRow, Snapshot } from '../types/snapshot.js';
import type { Culprit, Culprits, Resource } from './types.js';

/** How many hogs and victims a verdict names per resource. */
const CULPRITS_SHOWN = 5;

interface Measure {
  label: string;
  unit: string;
  of(row: ProcessRow): number | undefined;
  /** What ranks the rows, where it is not the figure shown; undefined leaves a row out. */
  rank?(row: ProcessRow): number | undefined;
}

function top(rows: readonly ProcessRow[], m: Measure, intervalMs?: number): Culprit[] {
  const ranked: { row: ProcessRow; value: number; rank: number }[] = [];
  for (const row of rows) {
    const value = m.of(row);
    const rank = m.rank === undefined ? value : m.rank(row);
    if (value !== undefined && value > 0 && rank !== undefined) ranked.push({ row, value, rank });
  }
  ranked.sort((a, b) => b.rank - a.rank);
  return ranked.slice(0, CULPRITS_SHOWN).map(({ row, value }) => ({
    pid: row.pid,
    startTime: row.startTime,
    comm: row.comm,
    ...(row.user === undefined ? {} : { user: row.user }),
    value,
    unit: m.unit,
    label: m.label,
    ...(intervalMs === undefined ? {} : { waitedMs: (value * intervalMs) / 1000 }),
  }));
}

/** a + b, or undefined unless both were measured: a half-measured sum would rank on a guess. */
function sumOfMeasured(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

const CPU: Measure = { label: 'CPU', unit: '% of a core', of: (r) => r.cpuPercent };
/**
 * A CPU victim waits for a CPU most of the time it wants one: ranked by the share of its runnable
 * time spent in the run queue, wait ÷ (wait + on-CPU), the per-process reading of PSI's "some".
 * Ranked by the wait alone, the hogs themselves (each waiting while the others run) would head
 * the list, above the latency-sensitive process that runs a little and waits long for it.
 */
const RUNQUEUE_WAIT: Measure = {
  label: 'run-queue wait',
  unit: 'ms/s',
  of: (r) => r.runqueueWaitMsPerSec,
  rank: (r) =>
    r.runqueueWaitMsPerSec === undefined || r.cpuPercent === undefined ? undefined : r.runqueueWaitMsPerSec / (r.runqueueWaitMsPerSec + r.cpuPercent * 10),
};
const RSS: Measure = { label: 'resident memory', unit: 'bytes', of: (r) => r.rssBytes };
const DISK: Measure = {
  label: 'disk read + write',
  unit: 'bytes/s',
  of: (r) => sumOfMeasured(r.readBytesPerSec, r.writeBytesPerSec),
};
const NET: Measure = {
  label: 'network sent + received',
  unit: 'bytes/s',
  of: (r) => sumOfMeasured(r.netTxBytesPerSec, r.netRxBytesPerSec),
};
const GPU: Measure = { label: 'GPU', unit: '%', of: (r) => r.gpuPercent };

/** Processes blocked in uninterruptible sleep now (state D): waiting on I/O, most often. */
function blocked(rows: readonly ProcessRow[]): Culprit[] {
  return rows
    .filter((r) => r.state === 'D' && !r.kernelThread)
    .slice(0, CULPRITS_SHOWN)
    .map((r) => ({
      pid: r.pid,
      startTime: r.startTime,
      comm: r.comm,
      ...(r.user === undefined ? {} : { user: r.user }),
      unit: 'state',
      label: 'blocked (D) now',
    }));
}

export function culpritsFor(resource: Resource, s: Snapshot): Culprits {
  const rows = s.processes;
  const missing: string[] = [];
  const none = (why: string) => {
    missing.push(why);
    return [];
  };
  switch (resource) {
    case 'cpu':
    case 'steal': {
      const victims = top(rows, RUNQUEUE_WAIT, s.intervalMs);
      if (!rows.some((r) => r.runqueueWaitMsPerSec !== undefined)) missing.push('run-queue wait per process is not measured (needs eBPF or schedstat)');
      return { resource, hogs: top(rows, CPU), victims, missing };
    }
    case 'memory':
      return { resource, hogs: top(rows, RSS), victims: none('memory stall per process or cgroup is not collected: no memory victims'), missing };
    case 'io':
      return {
        resource,
        hogs: top(rows, DISK),
        victims: blocked(rows),
        missing: rows.some((r) => r.readBytesPerSec !== undefined) ? missing : [...missing, 'per-process I/O bytes are not readable here (needs root)'],
      };
    case 'network':
      return { resource, hogs: top(rows, NET), victims: none('no per-process network wait is measured'), missing };
    case 'gpu':
      return { resource, hogs: top(rows, GPU), victims: none('no per-process GPU wait is measured'), missing };
    case 'thermal':
      return { resource, hogs: [], victims: [], missing: ['heat has no per-process share'] };
  }
}
