/**
 * The processes collector: backends in priority order (eBPF first where it loads, then /proc),
 * a merge that joins their lists process by process on (pid, startTime), and derive.
 */
import type { Backend, Collector } from '../contract.js';
import type { ProcessRow } from '../../types/snapshot.js';
import { deriveProcesses } from './derive.js';
import { createEbpfProcessesBackend } from './ebpf.js';
import { createProcProcessesBackend } from './proc.js';
import { processKey, type ProcessesRaw, type RawProcess } from './raw.js';

/**
 * Join a later backend's list into an earlier one's: the earlier list decides which processes
 * exist this tick (it was read first, as one pass); for each, a field it left undefined is taken
 * from the later backend's record with the same key. Records of other keys never mix.
 */
export function mergeProcesses(prior: Partial<ProcessesRaw>, next: Partial<ProcessesRaw>): Partial<ProcessesRaw> {
  if (prior.processes === undefined) return { ...prior, ...next };
  if (next.processes === undefined) return prior;
  // The /proc fill says when it returns this very list with only its gaps filled: already the
  // join, so 5,000 records are not rebuilt field by field (measured: 17–50 ms a tick).
  if (next.filledFrom === prior.processes) return { ...prior, processes: next.processes };
  const later = new Map<string, RawProcess>();
  for (const p of next.processes) later.set(processKey(p.pid, p.startTime), p);
  const processes = prior.processes.map((p) => {
    const extra = later.get(processKey(p.pid, p.startTime));
    if (extra === undefined) return p;
    const merged: RawProcess = { ...p };
    for (const [field, value] of Object.entries(extra) as [keyof RawProcess, unknown][]) {
      if (merged[field] === undefined && value !== undefined) (merged as unknown as Record<string, unknown>)[field] = value;
    }
    return merged;
  });
  return { ...prior, processes };
}

/**
 * The processes collector. `earlier` are backends tried before /proc (the eBPF backend of
 * ebpf.ts); /proc always comes last and fills what they leave undefined.
 */
export function createProcessesCollector(
  earlier: Backend<ProcessesRaw>[] = [],
): Collector<ProcessesRaw, ProcessRow[]> {
  return {
    name: 'processes',
    backends: [...earlier, createProcProcessesBackend()],
    merge: mergeProcesses,
    derive: deriveProcesses,
  };
}

/** The processes collector as the app runs it: the eBPF task iterator first, /proc after it. */
export const processesCollector = createProcessesCollector([createEbpfProcessesBackend()]);
