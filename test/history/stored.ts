/**
 * What a recording keeps of a snapshot (docs/history-schema.md, "What is not stored"): the
 * snapshot as JSON, without the per-process run-queue histogram and its sum, with elapsedSeconds derived from
 * the sample's time, processes keyed by pid:startTime. Tests compare a Timeline's snapshot with this.
 */
import type { Snapshot } from '../../src/types/snapshot.js';

export function storedView(s: Snapshot): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(s)) as Snapshot;
  const t = Date.parse(s.takenAt);
  const processes: Record<string, unknown> = {};
  for (const p of plain.processes) {
    if (p.runqueue !== undefined) {
      delete p.runqueue.histogram;
      delete p.runqueue.waitSumUs;
      if (Object.keys(p.runqueue).length === 0) delete p.runqueue;
    }
    if (p.startedAt !== undefined) p.elapsedSeconds = Math.max(0, (t - p.startedAt) / 1000);
    processes[`${p.pid}:${p.startTime}`] = p;
  }
  return { ...plain, processes };
}
