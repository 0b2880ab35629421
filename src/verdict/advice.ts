/**
 * What to do about a limiting resource: for each of its top hogs, one action with the effect it is
 * expected to have, computed from the scheduler's own numbers where there are some. Advice is
 * only words and a target; the screen applies it through the action dialogs (with their
 * confirmations) and the advisor policy through the same action code, never anything else.
 */
import { weightEffect, WEIGHT_DEFAULT, type WeightController } from '../actions/cgweight.js';
import { SCHED_IDLE_WEIGHT } from '../actions/schedpolicy.js';
import type { ProcessRow, Snapshot } from '../types/snapshot.js';
import { rowsByPid } from '../util/rowsByPid.js';
import type { Culprits, Resource } from './types.js';

/** The nice value a CPU hog is moved to: where CFS gives it a ninth of a nice-0 task's share. */
export const ADVISED_NICE = 10;

/** The cgroup weight (v2 units, default 100) a cgroup of hogs is lowered to: a tenth of a default sibling's. */
export const ADVISED_CGROUP_WEIGHT = 10;

/** Hogs of one resource that must share a cgroup for its weight to be advised: one process is reniced alone. */
const HOGS_PER_CGROUP = 2;

/** Hogs per resource that get advice (the view numbers advice 1-9). */
const ADVISED_HOGS = 3;

/**
 * CFS load weight per nice value, -20..19: sched_prio_to_weight in kernel/sched/core.c. A
 * runnable task's CPU share against the others is its weight over the sum of theirs.
 */
const NICE_WEIGHT = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277, 1024, 820, 655, 526, 423,
  335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];

const NICE0_WEIGHT = 1024;

export function niceWeight(nice: number): number | undefined {
  return NICE_WEIGHT[nice + 20];
}

export type AdviceAction =
  | { kind: 'renice'; nice: number }
  | { kind: 'ionice'; ioClass: 'idle' }
  | { kind: 'signal'; signal: 'SIGSTOP' }
  /** sched_setscheduler(SCHED_IDLE, 0): the main thread, as renice does. */
  | { kind: 'sched'; policy: 'idle' }
  /** Lower the weight of the cgroup that holds `controller` for the process (v2 units, 1..10000). */
  | { kind: 'weight'; controller: WeightController; weight: number };

export interface Advice {
  resource: Resource;
  pid: number;
  startTime: number;
  comm: string;
  user?: string;
  action: AdviceAction;
  /** The value the action changes, as it is now, where the snapshot holds it (nice; for SCHED_IDLE the nice it leaves). */
  from?: number;
  /** For a weight action: the cgroup the hogs share, as the process table shows it. */
  cgroup?: string;
  /** What the action is expected to do, with the figure it rests on. */
  effect: string;
}

function pct(n: number): string {
  return n < 1 ? `${n.toFixed(1)}%` : `${Math.round(n)}%`;
}

/** A CPU share against one nice-0 task, for a CFS weight. */
function shareAgainstNice0(weight: number): string {
  return pct((100 * weight) / (weight + NICE0_WEIGHT));
}

function reniceAdvice(resource: Resource, row: ProcessRow): Advice | undefined {
  const from = row.nice;
  if (from === undefined || from >= ADVISED_NICE) return undefined;
  const before = niceWeight(from);
  const after = niceWeight(ADVISED_NICE);
  if (before === undefined || after === undefined) return undefined;
  return {
    resource,
    ...who(row),
    action: { kind: 'renice', nice: ADVISED_NICE },
    from,
    effect: `CFS weight ${before} → ${after} (kernel sched_prio_to_weight): sharing a CPU with one nice-0 task it gets ${shareAgainstNice0(after)} of it instead of ${shareAgainstNice0(before)}`,
  };
}

/** For a hog reniced already (nice ≥ ADVISED_NICE): SCHED_IDLE, the lowest CFS weight, before stopping it. */
function schedIdleAdvice(row: ProcessRow): Advice | undefined {
  const before = row.nice === undefined ? undefined : niceWeight(row.nice);
  if (row.nice === undefined || row.nice < ADVISED_NICE || before === undefined) return undefined;
  return {
    resource: 'cpu',
    ...who(row),
    action: { kind: 'sched', policy: 'idle' },
    from: row.nice,
    effect: `CFS weight ${before} → ${SCHED_IDLE_WEIGHT} (SCHED_IDLE, WEIGHT_IDLEPRIO in kernel/sched/sched.h): sharing a CPU with one nice-0 task it gets ${shareAgainstNice0(SCHED_IDLE_WEIGHT)} of it instead of ${shareAgainstNice0(before)}; it still runs whenever the CPU would idle`,
  };
}

/** The cgroup SmoothTask runs in, as the table shows it: never advised (nor any cgroup above it). */
function ownCgroup(s: Snapshot, rows: ReadonlyMap<number, ProcessRow>): string | undefined {
  return rows.get(s.self.pid)?.cgroup;
}

/**
 * Where at least HOGS_PER_CGROUP of a resource's hogs share a cgroup (a build, a service, a
 * container), lowering that cgroup's weight reaches all of them and any they start: one piece of
 * advice, aimed at the first of them (the action finds the cgroup from its /proc/PID/cgroup).
 * Never for the root cgroup or SmoothTask's own.
 */
function weightAdvice(resource: 'cpu' | 'io', hogs: readonly ProcessRow[], own: string | undefined): Advice[] {
  const byCgroup = new Map<string, ProcessRow[]>();
  for (const row of hogs) {
    if (row.cgroup === undefined || row.cgroup === '/') continue;
    if (own !== undefined && (own === row.cgroup || own.startsWith(`${row.cgroup}/`))) continue;
    byCgroup.set(row.cgroup, [...(byCgroup.get(row.cgroup) ?? []), row]);
  }
  const io = resource === 'io' ? '; only where the kernel offers I/O weights (BFQ, or io.weight with blk-iocost): the dialog says n/a where it does not' : '';
  return [...byCgroup]
    .filter(([, rows]) => rows.length >= HOGS_PER_CGROUP)
    .map(([cgroup, rows]) => ({
      resource,
      ...who(rows[0]),
      action: { kind: 'weight' as const, controller: resource, weight: ADVISED_CGROUP_WEIGHT },
      cgroup,
      effect: `${rows.length} of the top hogs share cgroup ${cgroup}: weight ${ADVISED_CGROUP_WEIGHT} (the default is ${WEIGHT_DEFAULT}) reaches them all; ${weightEffect(resource, ADVISED_CGROUP_WEIGHT)}${io}`,
    }));
}

function stopAdvice(resource: Resource, row: ProcessRow): Advice {
  const uses: Record<Resource, string> = {
    cpu: row.cpuPercent === undefined ? 'the CPU it uses' : `the ${pct(row.cpuPercent)} of a core it uses`,
    steal: 'the CPU it uses',
    memory: 'nothing it holds (its memory stays resident), but it stops allocating more',
    io: 'the disk bandwidth it uses',
    network: 'the network bandwidth it uses',
    gpu: row.gpuPercent === undefined ? 'the GPU work it submits' : `the ${pct(row.gpuPercent)} of the GPU it uses`,
    thermal: 'the heat it causes',
  };
  return {
    resource,
    ...who(row),
    action: { kind: 'signal', signal: 'SIGSTOP' },
    effect: `pauses it until SIGCONT (signal dialog, or \`smoothtask advisor undo\`): frees ${uses[resource]}`,
  };
}

function ioniceAdvice(row: ProcessRow): Advice {
  return {
    resource: 'io',
    ...who(row),
    action: { kind: 'ionice', ioClass: 'idle' },
    effect: 'I/O class idle: the BFQ and mq-deadline schedulers serve it only when no other process waits for the disk (the `none` scheduler ignores classes)',
  };
}

function who(row: ProcessRow): Pick<Advice, 'pid' | 'startTime' | 'comm' | 'user'> {
  return { pid: row.pid, startTime: row.startTime, comm: row.comm, ...(row.user === undefined ? {} : { user: row.user }) };
}

/**
 * One piece of advice per top hog of each limiting resource, after the weight of a cgroup several
 * of them share (CPU and I/O); none for SmoothTask itself or kernel threads.
 */
export function adviceFor(culprits: readonly Culprits[], s: Snapshot): Advice[] {
  const rows = rowsByPid(s.processes, [s.self.pid, ...culprits.flatMap((c) => c.hogs.map((hog) => hog.pid))]);
  const own = ownCgroup(s, rows);
  const out: Advice[] = [];
  for (const c of culprits) {
    const hogs = c.hogs.map((hog) => {
      const row = rows.get(hog.pid);
      return row === undefined || row.startTime !== hog.startTime || row.kernelThread === true || row.pid === s.self.pid ? undefined : row;
    });
    const eligible = hogs.filter((r) => r !== undefined);
    if (c.resource === 'cpu' || c.resource === 'io') out.push(...weightAdvice(c.resource, eligible, own));
    for (const row of hogs.slice(0, ADVISED_HOGS)) {
      if (row === undefined) continue;
      const advice =
        c.resource === 'cpu'
          ? (reniceAdvice('cpu', row) ?? schedIdleAdvice(row) ?? stopAdvice('cpu', row))
          : c.resource === 'io'
            ? ioniceAdvice(row)
            : c.resource === 'thermal' || c.resource === 'steal'
              ? undefined
              : stopAdvice(c.resource, row);
      if (advice !== undefined) out.push(advice);
    }
  }
  return out;
}
