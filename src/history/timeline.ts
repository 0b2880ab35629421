/**
 * A recording as a Timeline (src/timeline/timeline.ts): each sample rebuilt into the Snapshot that
 * was recorded (docs/history-schema.md says field by field what is stored and what is not), chart
 * series from the stored panels, and a process's rows from its first to its last sample.
 */
import { seriesOf } from '../store/series.js';
import type { ProcessTimeline, Timeline, TimelineRange } from '../timeline/timeline.js';
import type { ConnectionRow, HostInfo, Snapshot } from '../types/snapshot.js';
import { withMeans, type SeriesStats } from './minutes.js';
import { processRowOf, RecordingReader, type ProcRecord, type RowRecord, type SampleRecord } from './read.js';
import { openForReading } from './schema.js';

export interface RecordingTimeline extends Timeline {
  close(): void;
}

/** Rebuild the snapshot of one stored sample. */
function snapshotOf(reader: RecordingReader, s: SampleRecord): Snapshot {
  const panels = reader.panels(s);
  const out: Snapshot = {
    schemaVersion: panels.schemaVersion,
    takenAt: new Date(s.t).toISOString(),
    intervalMs: s.interval_ms,
    host: reader.chunk<HostInfo>(s.host_chunk),
    processes: reader.processesAt(s.id, s.t),
    connections: reader.chunk<ConnectionRow[]>(s.connections_chunk) ?? [],
    gpus: panels.gpus ?? [],
    alerts: panels.alerts ?? [],
    self: panels.self,
    sources: reader.chunk<Snapshot['sources']>(s.sources_chunk) ?? {},
  };
  for (const key of ['cpu', 'memory', 'pressure', 'disks', 'network', 'sensors', 'connectionEvents', 'config', 'verdict'] as const) {
    if (panels[key] !== undefined && panels[key] !== null) (out as unknown as Record<string, unknown>)[key] = panels[key];
  }
  if (panels.recentExits !== undefined && panels.recentExits !== null) out.recentExits = reader.recentExits(s.id, panels.recentExits);
  return out;
}

/** Open a recording (HistoryError when it cannot be read) as a Timeline. */
export function openRecordingTimeline(path: string): RecordingTimeline {
  const db = openForReading(path);
  const reader = new RecordingReader(db);
  const sampleOf = (t: number): SampleRecord | undefined => reader.sampleAt(t);
  return {
    kind: 'replay',
    range(): TimelineRange | undefined {
      return reader.range();
    },
    at(t) {
      const s = sampleOf(t);
      return s === undefined ? undefined : snapshotOf(reader, s);
    },
    step(t, steps) {
      const s = sampleOf(t);
      return s === undefined ? undefined : snapshotOf(reader, reader.sampleStep(s, steps));
    },
    series(t, length) {
      const out = new Map<string, number[]>();
      const s = sampleOf(t);
      if (s === undefined || length <= 0) return out;
      const samples = reader.lastSamples(s.id, length);
      // A thinned step's kept sample charts the step's mean.
      const minutes = samples.length === 0 ? new Map<number, SeriesStats>() : reader.seriesBetween(samples[0].id, samples[samples.length - 1].id);
      samples.forEach((sample, i) => {
        const panels = reader.panels(sample);
        const minute = minutes.get(sample.id);
        for (const [key, v] of seriesOf({ ...panels, gpus: panels.gpus ?? [] } as Snapshot)) {
          let values = out.get(key);
          if (values === undefined) {
            values = new Array<number>(samples.length).fill(NaN);
            out.set(key, values);
          }
          values[i] = minute?.[key]?.[0] ?? v ?? NaN;
        }
      });
      return out;
    },
    process(key): ProcessTimeline | undefined {
      const [pid, startTime] = key.split(':').map(Number);
      const procs = reader.procsByKey(pid, startTime);
      if (procs.length === 0) return undefined;
      const times: number[] = [];
      const rows: ProcessTimeline['rows'] = [];
      for (const p of procs) addLifetime(reader, p, times, rows);
      return { times, rows };
    },
    close() {
      db.close();
    },
  };
}

/** Every sample of one stored lifetime, each with the row in force then (its latest at or before). */
function addLifetime(reader: RecordingReader, p: ProcRecord, times: number[], rows: ProcessTimeline['rows']): void {
  const stored = reader.rowsOf(p.id);
  const minutes = reader.minutesOf(p.id);
  let next = 0;
  let current: RowRecord | undefined;
  for (const s of reader.samplesBetween(p.first_sample, p.end_sample)) {
    while (next < stored.length && stored[next].sample_id <= s.id) current = stored[next++];
    if (current === undefined) continue;
    times.push(s.t);
    rows.push(withMeans(processRowOf(p, current, s.t), minutes.get(s.id)));
  }
}
