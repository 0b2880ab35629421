/**
 * Builds minimal Snapshots for engine and store tests: only the fields a test reads, the rest empty.
 * Times are seconds from a fixed start, so `for` and `cooldown` are easy to read.
 */
import { SCHEMA_VERSION, type ProcessRow, type Snapshot } from '../../../src/types/snapshot.js';

export const T0 = Date.parse('2026-01-01T00:00:00Z');

export function snap(seconds: number, parts: Partial<Snapshot> = {}): Snapshot {
  return {
    schemaVersion: SCHEMA_VERSION,
    takenAt: new Date(T0 + seconds * 1000).toISOString(),
    intervalMs: 1000,
    host: { hostname: 'test', kernel: '6.18', arch: 'x64', cpuCount: 2, clockTicks: 100, pageSize: 4096 },
    processes: [],
    connections: [],
    gpus: [],
    alerts: [],
    self: { pid: 1 },
    sources: {},
    ...parts,
  };
}

/** A snapshot whose memory is `availablePct` % available (undefined: not measured). */
export function mem(seconds: number, availablePct: number | undefined): Snapshot {
  return snap(seconds, {
    memory: availablePct === undefined ? { totalBytes: 1000 } : { totalBytes: 1000, availableBytes: availablePct * 10 },
  });
}

export function proc(p: Partial<ProcessRow> & { pid: number; comm: string }): ProcessRow {
  return { startTime: 100 + p.pid, ppid: 1, state: 'R', cmdline: p.comm, ...p };
}
