/**
 * Hogs and victims of a limiting resource: the processes that consume most of it, and those
 * that suffer most from it, each ranked by a measured figure. What cannot be known here (a
 * victim measure that needs eBPF, per-cgroup pressure without a cgroup v2 hierarchy) is said in
 * `missing`, not guessed.
 */
import type { CgroupStallLine, ProcessRow, Snapshot } from '../types/snapshot.js';
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
 * A process runnable (on a CPU or waiting for one) for this share of a core's time or more is
 * part of the load, not a victim of it: a busy worker among others waits while its siblings
 * run, and ranked with the rest it would push out the process that runs a little and waits
 * long for it. The margin below a whole core is for the sampling edges of the interval.
 */
const ALWAYS_RUNNABLE = 0.9;
/** CPU victims: the processes that waited longest for a CPU, of those not runnable all the time. */
const RUNQUEUE_WAIT: Measure = {
  label: 'run-queue wait',
  unit: 'ms/s',
  of: (r) => r.runqueueWaitMsPerSec,
  rank: (r) =>
    r.runqueueWaitMsPerSec === undefined || r.cpuPercent === undefined || r.runqueueWaitMsPerSec + r.cpuPercent * 10 >= ALWAYS_RUNNABLE * 1000
      ? undefined
      : r.runqueueWaitMsPerSec,
};
const RSS: Measure = { label: 'resident memory', unit: 'bytes', of: (r) => r.rssBytes };
const DISK: Measure = {
  label: 'disk read + write',
  unit: 'bytes/s',
  of: (r) => sumOfMeasured(r.readBytesPerSec, r.writeBytesPerSec),
};
/**
 * I/O hogs: the processes by their disk bytes/s, leaving out kernel threads. A kernel thread's I/O
 * counters charge work it does for a process that was charged already: a loop device's worker
 * dirties the backing file with what the process writing the device wrote, so ranked with the
 * rest it stands beside (or above) the process that caused the I/O, and no action on it helps.
 */
const DISK_HOGS: Measure = { ...DISK, rank: (r) => (r.kernelThread === true ? undefined : DISK.of(r)) };
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

/** Why no cgroup's pressure is in the snapshot, from the cgroups collector's source. */
function cgroupsMissing(s: Snapshot): string | undefined {
  if (s.cgroups !== undefined) return undefined;
  const source = s.sources.cgroups;
  if (source === undefined) return 'per-cgroup pressure is not in this snapshot (taken or recorded without the cgroups collector)';
  return `per-cgroup pressure is not read here: ${source.lastError ?? source.reason ?? 'no read yet'}`;
}

/** Of a cgroup's stall on a resource, the line victims are listed with: `full` where it stalled, else `some`. */
function stallLine(full: CgroupStallLine | undefined, some: CgroupStallLine | undefined): { which: 'full' | 'some'; line: CgroupStallLine } | undefined {
  if (full !== undefined && full.stallMsPerSec > 0) return { which: 'full', line: full };
  if (some !== undefined && some.stallMsPerSec > 0) return { which: 'some', line: some };
  return undefined;
}

/**
 * The processes of the cgroups that stalled most on `resource` in the last interval (PSI `full`,
 * then `some`; src/collectors/cgroups/), each with its cgroup's stall: the share of time its
 * cgroup's processes waited for the resource, which bounds the process's own. Within a cgroup,
 * by `within` (its largest users first). Only cgroups whose pids were read can name victims; a pid
 * of cgroup.procs is matched to the row of that pid in the same snapshot (read in the same tick).
 */
function cgroupVictims(s: Snapshot, resource: 'memory' | 'io', within: Measure): Culprit[] {
  const ranked = (s.cgroups?.cgroups ?? [])
    .flatMap((c) => {
      const stall = c.pids !== undefined && c.pids.length > 0 ? stallLine(c[resource]?.full, c[resource]?.some) : undefined;
      return stall === undefined ? [] : [{ c, stall }];
    })
    .sort(
      (a, b) =>
        (b.c[resource]?.full?.stallMsPerSec ?? 0) - (a.c[resource]?.full?.stallMsPerSec ?? 0) ||
        (b.c[resource]?.some?.stallMsPerSec ?? 0) - (a.c[resource]?.some?.stallMsPerSec ?? 0),
    );
  if (ranked.length === 0) return [];
  const byPid = new Map<number, ProcessRow>();
  for (const row of s.processes) if (!row.kernelThread) byPid.set(row.pid, row);
  const out: Culprit[] = [];
  for (const { c, stall } of ranked) {
    const members = (c.pids ?? []).flatMap((pid) => byPid.get(pid) ?? []).sort((a, b) => (within.of(b) ?? -1) - (within.of(a) ?? -1));
    for (const row of members) {
      if (out.length >= CULPRITS_SHOWN) return out;
      out.push({
        pid: row.pid,
        startTime: row.startTime,
        comm: row.comm,
        ...(row.user === undefined ? {} : { user: row.user }),
        value: stall.line.stallMsPerSec,
        unit: 'ms/s',
        label: `cgroup ${resource} stall (${stall.which})`,
        ...(stall.line.stalledMs === undefined ? {} : { waitedMs: stall.line.stalledMs }),
        cgroup: c.path,
      });
    }
  }
  return out;
}

/** What to say when no cgroup names a victim of `resource`, where the cgroups were read. */
function noCgroupVictims(resource: 'memory' | 'io'): string {
  return `no process found in a cgroup below the v2 root that stalled on ${resource === 'io' ? 'I/O' : 'memory'} in the last interval (the root cgroup's processes share the host's PSI only)`;
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
    case 'memory': {
      const victims = cgroupVictims(s, 'memory', RSS);
      if (victims.length === 0) missing.push(cgroupsMissing(s) ?? noCgroupVictims('memory'));
      return { resource, hogs: top(rows, RSS), victims, missing };
    }
    case 'io': {
      // The cgroups' I/O stall first (a measured wait), then the processes blocked in D now.
      const stalled = cgroupVictims(s, 'io', DISK);
      const listed = new Set(stalled.map((c) => c.pid));
      const victims = [...stalled, ...blocked(listed.size === 0 ? rows : rows.filter((r) => !listed.has(r.pid)))];
      if (stalled.length === 0) missing.push(cgroupsMissing(s) ?? noCgroupVictims('io'));
      if (!rows.some((r) => r.readBytesPerSec !== undefined)) missing.push('per-process I/O bytes are not readable here (needs root)');
      return { resource, hogs: top(rows, DISK_HOGS), victims, missing };
    }
    case 'network':
      return { resource, hogs: top(rows, NET), victims: none('no per-process network wait is measured'), missing };
    case 'gpu':
      return { resource, hogs: top(rows, GPU), victims: none('no per-process GPU wait is measured'), missing };
    case 'thermal':
      return { resource, hogs: [], victims: [], missing: ['heat has no per-process share'] };
  }
}
