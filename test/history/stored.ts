/**
 * What a recording keeps of a snapshot (docs/history-schema.md, "What is not stored"): the
 * snapshot as JSON, its panels' numbers rounded as stored, its sources without read times, the
 * host's uptime the memory panel's, without per-cgroup pressure, without the per-process run-queue histogram and its sum, the fractional process columns and run-queue percentiles in their stored units (columns.ts STORED_UNITS),
 * processes keyed by pid:startTime. Tests compare a Timeline's snapshot with this.
 */
import { fromStored, STORED_UNITS, type RowColumn } from '../../src/history/columns.js';
import { replayedHost, storedHost, storedPanelValue, storedSources } from '../../src/history/stored-panels.js';
import type { Snapshot } from '../../src/types/snapshot.js';

/** The snapshot fields a sample's panels hold, whose numbers are stored rounded (stored-panels.ts); recentExits' list is the exits table's. */
const PANELS = ['cpu', 'memory', 'pressure', 'disks', 'network', 'gpus', 'sensors', 'connectionEvents', 'alerts', 'config', 'verdict', 'self'] as const;

export function storedView(s: Snapshot): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(s)) as Snapshot;
  for (const key of PANELS) {
    if (plain[key] !== undefined) (plain as unknown as Record<string, unknown>)[key] = JSON.parse(JSON.stringify(plain[key], storedPanelValue));
  }
  plain.sources = storedSources(plain.sources);
  plain.host = replayedHost(storedHost(plain.host, plain.memory), plain.memory);
  const processes: Record<string, unknown> = {};
  for (const p of plain.processes) {
    if (p.runqueue !== undefined) {
      delete p.runqueue.histogram;
      delete p.runqueue.waitSumUs;
      // Its percentiles are stored in whole µs (rqP50Us, rqP99Us, rqMaxUs in STORED_UNITS).
      for (const key of ['p50Us', 'p99Us', 'maxUs'] as const) if (p.runqueue[key] !== undefined) p.runqueue[key] = Math.round(p.runqueue[key]);
      if (Object.keys(p.runqueue).length === 0) delete p.runqueue;
    }
    for (const [column, unit] of Object.entries(STORED_UNITS) as [RowColumn, number][]) {
      const fields = p as unknown as Record<string, number | undefined>;
      const v = fields[column];
      if (v !== undefined) fields[column] = fromStored(column, Math.round(v * unit));
    }
    processes[`${p.pid}:${p.startTime}`] = p;
  }
  delete plain.cgroups;
  return { ...plain, processes };
}
