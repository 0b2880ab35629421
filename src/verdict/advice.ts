/**
 * What to do about a limiting resource: for each of its top hogs, one action with the effect it is
 * expected to have, computed from the scheduler's own numbers where there are some. Advice is
 * only words and a target; the screen applies it through the action dialogs (with their
 * confirmations) and the advisor policy through the same action code, never anything else.
 */
import type { ProcessRow, Snapshot } from '../types/snapshot.js';
import type { Culprits, Resource } from './types.js';

/** The nice value a CPU hog is moved to: where CFS gives it a ninth of a nice-0 task's share. */
export const ADVISED_NICE = 10;

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

export type AdviceAction = { kind: 'renice'; nice: number } | { kind: 'ionice'; ioClass: 'idle' } | { kind: 'signal'; signal: 'SIGSTOP' };

export interface Advice {
  resource: Resource;
  pid: number;
  startTime: number;
  comm: string;
  user?: string;
  action: AdviceAction;
  /** The value the action changes, as it is now, where the snapshot holds it (nice). */
  from?: number;
  /** What the action is expected to do, with the figure it rests on. */
  effect: string;
}

function pct(n: number): string {
  return `${Math.round(n)}%`;
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
    effect: `CFS weight ${before} → ${after} (kernel sched_prio_to_weight): sharing a CPU with one nice-0 task it gets ${pct((100 * after) / (after + NICE0_WEIGHT))} of it instead of ${pct((100 * before) / (before + NICE0_WEIGHT))}`,
  };
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

/** One piece of advice per top hog of each limiting resource; none for SmoothTask itself or kernel threads. */
export function adviceFor(culprits: readonly Culprits[], s: Snapshot): Advice[] {
  const rows = new Map(s.processes.map((r) => [r.pid, r]));
  const out: Advice[] = [];
  for (const c of culprits) {
    for (const hog of c.hogs.slice(0, ADVISED_HOGS)) {
      const row = rows.get(hog.pid);
      if (row === undefined || row.startTime !== hog.startTime || row.kernelThread === true || row.pid === s.self.pid) continue;
      const advice =
        c.resource === 'cpu'
          ? (reniceAdvice('cpu', row) ?? stopAdvice('cpu', row))
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
