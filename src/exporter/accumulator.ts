/**
 * What the exporter must carry from one snapshot to the next: per process group, the CPU seconds
 * of its processes (a counter that does not fall when a member exits) and the run-queue latency
 * histogram (the snapshot holds one interval's counts; Prometheus wants them cumulative). It runs
 * as a store processor, so every published snapshot is counted once, whether or not anyone
 * scrapes it and while the screen is frozen.
 */
import type { Snapshot } from '../types/snapshot.js';
import { processKey } from '../util/processKey.js';
import { groupOf, type ProcessGroupRule } from './groups.js';

/** The sched group's log2 slots: slot i counts waits of [2^i, 2^(i+1)) µs (bpf/sched.h). */
export const RUNQ_SLOTS = 32;

export interface GroupRunqueue {
  /** Waits per slot, cumulative since the exporter started. */
  slots: number[];
  /** Their total, µs. */
  sumUs: number;
}

export interface GroupTotals {
  /** The snapshot (counted from 1) that last listed a member: groups gone for long are dropped. */
  seenIn: number;
  /** User + system CPU seconds of the group's processes since the exporter started. */
  cpuSeconds: number;
  /** Absent until a member's interval carried a run-queue histogram (eBPF sched group). */
  runqueue?: GroupRunqueue;
}

/** Snapshots after which a group without members is forgotten (10 minutes at 1 s). */
const FORGET_AFTER = 600;

export class GroupAccumulator {
  readonly groups = new Map<string, GroupTotals>();
  private lastRows: Snapshot['processes'] | undefined;
  private lastReadAt: number | undefined;
  private lastTakenAt: number | undefined;
  private cpuBefore = new Map<string, number>();
  private counted = 0;

  constructor(private readonly rules: readonly ProcessGroupRule[]) {}

  private totals(group: string): GroupTotals {
    let t = this.groups.get(group);
    if (t === undefined) {
      t = { seenIn: this.counted, cpuSeconds: 0 };
      this.groups.set(group, t);
    }
    t.seenIn = this.counted;
    return t;
  }

  /** Count one published snapshot; a store processor (returns it unchanged). */
  add = (s: Snapshot): Snapshot => {
    // A tick whose processes read failed (or a collector read every Nth tick) carries the last
    // read's rows again, which must not be counted twice: a new read has a new read time. (Not
    // the rows' identity alone: a join, such as GPU use, maps them into a new array every tick.)
    const readAt = s.sources.processes?.lastReadAt;
    if (readAt !== undefined ? readAt === this.lastReadAt : s.processes === this.lastRows) return s;
    const first = this.lastRows === undefined;
    this.counted += 1;
    const takenAt = Date.parse(s.takenAt);
    const cpuNow = new Map<string, number>();
    for (const p of s.processes) {
      const group = groupOf(p, this.rules);
      const t = this.totals(group);
      if (p.cpuTimeSeconds !== undefined) {
        const key = processKey(p.pid, p.startTime);
        cpuNow.set(key, p.cpuTimeSeconds);
        const before = this.cpuBefore.get(key);
        // A process first seen now counts all its CPU time if it started after the last
        // snapshot; one that was already running when the exporter started counts from here.
        const startedSince = !first && p.startedAt !== undefined && this.lastTakenAt !== undefined && p.startedAt >= this.lastTakenAt;
        if (before !== undefined && p.cpuTimeSeconds >= before) t.cpuSeconds += p.cpuTimeSeconds - before;
        else if (before === undefined && startedSince) t.cpuSeconds += p.cpuTimeSeconds;
      }
      const hist = p.runqueue?.histogram;
      if (hist !== undefined && hist.length === RUNQ_SLOTS) {
        let waits = 0;
        for (const n of hist) waits += n;
        // Counts without their sum would make _sum lie: such an interval is left out.
        if (waits > 0 && p.runqueue?.waitSumUs === undefined) continue;
        t.runqueue ??= { slots: new Array<number>(RUNQ_SLOTS).fill(0), sumUs: 0 };
        for (let i = 0; i < RUNQ_SLOTS; i++) t.runqueue.slots[i] += hist[i];
        t.runqueue.sumUs += p.runqueue?.waitSumUs ?? 0;
      }
    }
    for (const [name, t] of this.groups) if (this.counted - t.seenIn > FORGET_AFTER) this.groups.delete(name);
    this.cpuBefore = cpuNow;
    this.lastRows = s.processes;
    this.lastReadAt = readAt;
    this.lastTakenAt = Number.isNaN(takenAt) ? undefined : takenAt;
    return s;
  };
}
