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
import { replayedHost } from './stored-panels.js';

/** One sample's value of each chart series, from its own panels (undefined where it has none). */
type SampleSeries = Map<string, number | undefined>;

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
    host: replayedHost(reader.chunk<HostInfo>(s.host_chunk), panels.memory),
    processes: reader.processesAt(s.id),
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
  // The chart values of the samples charted last, from their panels, by sample id: a step moves
  // the charted window by a sample, so all but one of its samples were unpacked already
  // (bench/README.md).
  let charted = new Map<number, SampleSeries>();
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
      const ids = reader.lastSampleIds(s.id, length);
      const values = new Map<number, SampleSeries>();
      const missing = new Set<number>();
      for (const id of ids) {
        const known = charted.get(id);
        if (known === undefined) missing.add(id);
        else values.set(id, known);
      }
      if (missing.size > 0) {
        for (const sample of reader.panelsBetween(Math.min(...missing), Math.max(...missing))) {
          if (!missing.has(sample.id)) continue;
          const panels = reader.panels(sample);
          values.set(sample.id, seriesOf({ ...panels, gpus: panels.gpus ?? [] } as Snapshot));
        }
      }
      charted = values;
      // A thinned step's kept sample charts the step's mean; read for the whole window each time,
      // since retention may thin a step of it while it is shown.
      const minutes = ids.length === 0 ? new Map<number, SeriesStats>() : reader.seriesBetween(ids[0], ids[ids.length - 1]);
      ids.forEach((id, i) => {
        const minute = minutes.get(id);
        for (const [key, v] of values.get(id) ?? []) {
          let series = out.get(key);
          if (series === undefined) {
            series = new Array<number>(ids.length).fill(NaN);
            out.set(key, series);
          }
          series[i] = minute?.[key]?.[0] ?? v ?? NaN;
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
    rows.push(withMeans(processRowOf(p, current), minutes.get(s.id)));
  }
}
