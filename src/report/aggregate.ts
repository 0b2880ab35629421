/**
 * Builds a usage report from a recording (docs/report-schema.md). Counters (CPU time, I/O,
 * network, run-queue wait) are summed as differences of their stored cumulative values, so the
 * sums are exact whatever the sampling interval; rates (GPU %) and sizes (RSS) are weighted by the
 * time each stored row was in force. Short-lived processes come from the eBPF exit events. Whole
 * hours of the window come from the hourly roll-up (history/hours.ts), the rest from raw rows,
 * both summed by the same code (history/process-sums.ts).
 */
import type { DatabaseSync } from 'node:sqlite';
import type { ReportGroup } from '../cli/args.js';
import { HistoryError } from '../history/errors.js';
import type { Panels } from '../history/message.js';
import { Dictionaries } from '../history/codec.js';
import { fromStored } from '../history/columns.js';
import { hourSums, hoursWithin } from '../history/hours.js';
import { processTotals, SampleRun, sumProcess, type CounterColumn, type StretchSums } from '../history/process-sums.js';
import type { ProcRecord } from '../history/read.js';
import { minutesIn, processKey, readRun, rowsBefore, sampleGaps } from '../history/run-rows.js';
import type { HostInfo } from '../types/snapshot.js';
import { REPORT_VERSION, type Report, type ReportEntry } from './types.js';
import { compareText } from '../util/compareText.js';

export interface ReportQuery {
  by: ReportGroup;
  /** ms since the epoch. */
  since: number;
  until: number;
  top?: number;
}

/** The window holds no sample: the message says which range the recording has. */
export class OutsideRecordingError extends Error {}

/** Counter column, report field, and the report unit per the column's own (fromStored turns a stored value into the latter). */
const COUNTERS = [
  ['cpuTimeSeconds', 'cpuSeconds', 1],
  ['readBytes', 'readBytes', 1],
  ['writeBytes', 'writeBytes', 1],
  ['netTxBytes', 'netTxBytes', 1],
  ['netRxBytes', 'netRxBytes', 1],
  ['runqueueWaitMs', 'runqueueWaitSeconds', 1 / 1000],
] as const satisfies readonly (readonly [CounterColumn, keyof ReportEntry, number])[];

type Sums = Omit<ReportEntry, 'group' | 'cpuSharePercent' | 'rssMeanBytes' | 'firstSeen' | 'lastSeen'> & {
  first: number;
  last: number;
  rssTime: number;
  rssWeighted: number;
};

const iso = (t: number): string => new Date(t).toISOString();

function add(sums: Sums, key: keyof Sums, v: number | undefined): void {
  if (v === undefined) return;
  (sums as unknown as Record<string, number | undefined>)[key] = ((sums as unknown as Record<string, number | undefined>)[key] ?? 0) + v;
}

function peak(sums: Sums, key: 'rssPeakBytes' | 'gpuMemPeakBytes', v: number | undefined): void {
  if (v === undefined) return;
  sums[key] = Math.max(sums[key] ?? 0, v);
}

/** One process (all its stored stretches in the window), and what each piece of the window adds of it, in order. */
interface ProcessSpan {
  key: string;
  facts: ProcRecord;
  stretches: ProcRecord[];
  parts: StretchSums[];
}

function groupOf(by: ReportGroup, p: ProcRecord): string {
  switch (by) {
    case 'process':
      return `${p.comm} (pid ${p.pid})`;
    case 'command':
      return p.comm;
    case 'user':
      return p.user ?? (p.uid === null ? '(unknown)' : `uid ${p.uid}`);
    case 'cgroup':
      return p.cgroup ?? '(unknown)';
    case 'container':
      return p.container ?? '(no container)';
    case 'gpu':
      return '';
  }
}

/** The samples in a report's window, as it reads them. */
interface WindowSample {
  id: number;
  t: number;
  interval_ms: number;
  host_chunk: number;
  dict: number | null;
  verdict: string | null;
  exits_seen: number | null;
  exits_lost: number | null;
}

export function buildReport(db: DatabaseSync, path: string, q: ReportQuery): Report {
  const dictionaries = new Dictionaries(db);
  const range = db.prepare('SELECT min(t) AS first, max(t) AS last, count(*) AS n FROM samples').get() as {
    first: number | null;
    last: number | null;
    n: number;
  };
  if (range.first === null || range.last === null) throw new HistoryError(path, 'holds no samples yet');
  const samples = db
    .prepare('SELECT id, t, interval_ms, host_chunk, dict, verdict, exits_seen, exits_lost FROM samples WHERE t >= ? AND t <= ? ORDER BY id')
    .all(q.since, q.until) as unknown as WindowSample[];
  if (samples.length === 0) {
    throw new OutsideRecordingError(
      `no samples between ${iso(q.since)} and ${iso(q.until)}: the recording ${path} goes from ${iso(range.first)} to ${iso(range.last)}`,
    );
  }
  const s0 = samples[0].id;
  const s1 = samples[samples.length - 1].id;
  const gaps = sampleGaps(db, samples);
  const windowStart = samples[0].t - gaps[0];
  const ids = samples.map((s) => s.id);
  const window = new SampleRun(ids, gaps);

  const procs = db
    .prepare('SELECT * FROM procs WHERE first_sample <= ? AND (end_sample IS NULL OR end_sample > ?) ORDER BY first_sample')
    .all(s1, s0) as unknown as ProcRecord[];
  const spans = new Map<string, ProcessSpan>();
  const byId = new Map<number, ProcessSpan>();
  for (const p of procs) {
    const key = processKey(p);
    let span = spans.get(key);
    if (span === undefined) {
      span = { key, facts: p, stretches: [], parts: [] };
      spans.set(key, span);
    }
    span.facts = p;
    span.stretches.push(p);
    byId.set(p.id, span);
  }
  const baselines = rowsBefore(db, s0, (id) => byId.get(id)?.key);
  // The window in pieces, in order: the hours rolled up that lie wholly inside it (hours.ts), and
  // the raw rows of the samples between them (the partial hours at the edges, any hour not rolled up).
  const sumRaw = (a: number, b: number): void => {
    if (b < a) return;
    const run = new SampleRun(ids.slice(a, b + 1), gaps.slice(a, b + 1));
    const minutes = minutesIn(db, ids[a], ids[b]);
    // As stretchesIn (run-rows.ts): with those that ended at the piece's first sample.
    const alive = procs.filter((p) => p.first_sample <= ids[b] && (p.end_sample === null || p.end_sample >= ids[a]));
    for (const [key, p] of readRun(db, alive, ids[a], ids[b])) spans.get(key)!.parts.push(...sumProcess(run, p, minutes));
  };
  let next = 0;
  for (const h of hoursWithin(db, s0, s1)) {
    sumRaw(next, window.indexBelow(h.first_sample, false));
    for (const part of hourSums(db, h.hour)) byId.get(part.procId)?.parts.push(part);
    next = window.indexBelow(h.last_sample, true) + 1;
  }
  sumRaw(next, ids.length - 1);

  const groups = new Map<string, Sums>();
  const gpuGroups = q.by === 'gpu' ? gpuMembership(db, dictionaries, s0, s1) : undefined;
  const sumsFor = (group: string, t: number): Sums => {
    let g = groups.get(group);
    if (g === undefined) {
      g = { processes: 0, alertsFired: 0, first: t, last: t, rssTime: 0, rssWeighted: 0 };
      groups.set(group, g);
    }
    return g;
  };
  for (const span of spans.values()) {
    const lifeStart = Math.max(span.stretches[0].first_sample, s0);
    const lastStretch = span.stretches[span.stretches.length - 1];
    const fromIdx = window.indexBelow(lifeStart, false) + 1;
    const toIdx = lastStretch.end_sample === null ? ids.length - 1 : window.indexBelow(lastStretch.end_sample, false);
    if (toIdx < fromIdx) continue;
    const names = gpuGroups === undefined ? [groupOf(q.by, span.facts)] : [...(gpuGroups.get(span.facts.pid) ?? [])];
    const startedInWindow = span.facts.started_at !== null && span.facts.started_at >= windowStart;
    const totals = processTotals(span.parts, baselines.get(span.key), startedInWindow);
    for (const name of names) {
      const g = sumsFor(name, samples[fromIdx].t);
      g.processes += 1;
      g.first = Math.min(g.first, samples[fromIdx].t);
      g.last = Math.max(g.last, samples[toIdx].t);
      for (const [column, field, scale] of COUNTERS) {
        const sum = totals.counters[column];
        if (sum !== undefined) add(g, field, fromStored(column, sum) * scale);
      }
      g.rssTime += totals.rssMs;
      g.rssWeighted += totals.rssByteMs;
      peak(g, 'rssPeakBytes', totals.rssPeak);
      add(g, 'gpuSeconds', totals.gpuSeconds);
      peak(g, 'gpuMemPeakBytes', totals.gpuMemPeak);
    }
  }

  // Alerts that started firing in the window, on a process or on the system.
  let systemAlertsFired = 0;
  const fired = db.prepare("SELECT subject_key FROM alert_events WHERE state = 'firing' AND sample_id BETWEEN ? AND ?").all(s0, s1) as {
    subject_key: string | null;
  }[];
  for (const a of fired) {
    const m = a.subject_key === null ? null : /^proc:(\d+):(\d+)$/.exec(a.subject_key);
    const span = m === null ? undefined : spans.get(`${m[1]}:${m[2]}`);
    if (span === undefined) {
      systemAlertsFired += 1;
      continue;
    }
    const names = gpuGroups === undefined ? [groupOf(q.by, span.facts)] : [...(gpuGroups.get(span.facts.pid) ?? [])];
    for (const name of names) groups.get(name)!.alertsFired += 1;
  }

  // Short-lived processes: what the eBPF exit events saw between two samples.
  let shortLived = 0;
  let shortLivedCpu: number | undefined;
  if (q.by !== 'gpu') {
    const exits = db.prepare('SELECT e.*, s.t AS t FROM exits e JOIN samples s ON s.id = e.sample_id WHERE e.sample_id BETWEEN ? AND ?').all(s0, s1) as {
      pid: number;
      comm: string;
      uid: number;
      cpu_ms: number | null;
      t: number;
    }[];
    const userOf = new Map<number, string>();
    for (const p of procs) if (p.uid !== null && p.user !== null) userOf.set(p.uid, p.user);
    for (const e of exits) {
      shortLived += 1;
      const name =
        q.by === 'process'
          ? `${e.comm} (pid ${e.pid}, short-lived)`
          : q.by === 'command'
            ? e.comm
            : q.by === 'user'
              ? (userOf.get(e.uid) ?? `uid ${e.uid}`)
              : '(short-lived: not recorded)';
      const g = sumsFor(name, e.t);
      g.processes += 1;
      g.first = Math.min(g.first, e.t);
      g.last = Math.max(g.last, e.t);
      if (e.cpu_ms !== null) {
        add(g, 'cpuSeconds', e.cpu_ms / 1000);
        shortLivedCpu = (shortLivedCpu ?? 0) + e.cpu_ms / 1000;
      }
    }
  }
  if (gpuGroups !== undefined) addGpuDevices(db, dictionaries, s0, s1, samples, gaps, sumsFor);

  const totalCpu = [...groups.values()].reduce((n, g) => n + (g.cpuSeconds ?? 0), 0);
  const entries: ReportEntry[] = [...groups.entries()].map(([group, g]) => {
    const { first, last, rssTime, rssWeighted, ...rest } = g;
    return {
      group,
      ...rest,
      ...(g.cpuSeconds !== undefined && totalCpu > 0 ? { cpuSharePercent: (g.cpuSeconds / totalCpu) * 100 } : {}),
      ...(rssTime > 0 ? { rssMeanBytes: rssWeighted / rssTime } : {}),
      firstSeen: iso(first),
      lastSeen: iso(last),
    };
  });
  entries.sort((a, b) => (b.cpuSeconds ?? -1) - (a.cpuSeconds ?? -1) || (b.gpuSeconds ?? -1) - (a.gpuSeconds ?? -1) || compareText(a.group, b.group));
  const kept = q.top === undefined ? entries : entries.slice(0, q.top);
  const withoutEvents = samples.filter((s) => s.exits_seen === null).length;
  const lost = samples.reduce((n, s) => n + (s.exits_lost ?? 0), 0);
  const intervalMs = [...gaps].sort((a, b) => a - b)[gaps.length >> 1];
  const host = db.prepare('SELECT data, dict FROM chunks WHERE id = ?').get(samples[samples.length - 1].host_chunk) as
    { data: Uint8Array; dict: number | null } | undefined;
  return {
    reportVersion: REPORT_VERSION,
    db: path,
    ...(host !== undefined ? { host: dictionaries.unpack<HostInfo>(host.data, host.dict).hostname } : {}),
    by: q.by,
    from: iso(samples[0].t),
    to: iso(samples[samples.length - 1].t),
    recording: { first: iso(range.first), last: iso(range.last), samples: range.n },
    samples: samples.length,
    intervalMs,
    groups: kept,
    omitted: entries.length - kept.length,
    coverage: {
      shortLived,
      ...(shortLivedCpu !== undefined ? { shortLivedCpuSeconds: shortLivedCpu } : {}),
      lostEvents: lost,
      samplesWithoutExitEvents: withoutEvents,
      note: coverageNote(withoutEvents, samples.length, intervalMs, shortLived, lost),
    },
    systemAlertsFired,
    verdictSeconds: verdictSeconds(db, dictionaries, samples, gaps),
  };
}

/**
 * Each sample's gap, credited to the verdict it was recorded with (its top limit, or headroom):
 * the `verdict` column, or for samples recorded under schema 1 (no dictionary, no column) the panels.
 */
function verdictSeconds(db: DatabaseSync, dictionaries: Dictionaries, samples: readonly WindowSample[], gaps: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  const read = db.prepare('SELECT panels FROM samples WHERE id = ?');
  samples.forEach((s, i) => {
    let name = s.verdict;
    if (name === null && s.dict === null) {
      const row = read.get(s.id) as { panels: Uint8Array } | undefined;
      const v = row === undefined ? undefined : dictionaries.unpack<Panels>(row.panels, null).verdict;
      name = v === undefined ? null : (v.limiting[0]?.resource ?? 'headroom');
    }
    out[name ?? 'unjudged'] = (out[name ?? 'unjudged'] ?? 0) + gaps[i] / 1000;
  });
  return out;
}

function coverageNote(without: number, total: number, intervalMs: number, seen: number, lost: number): string {
  const every = `${(intervalMs / 1000).toFixed(intervalMs < 1000 ? 1 : 0)} s`;
  if (without === total) {
    return `sampled every ${every} without the eBPF exit events (run the agent as root or with CAP_BPF and CAP_PERFMON): processes that started and ended between two samples are not counted`;
  }
  const part = without > 0 ? ` for ${total - without} of ${total} samples` : '';
  const lostPart = lost > 0 ? `; ${lost} exit events were lost, so those processes are not counted` : '';
  return `sampled every ${every}; ${seen} processes that lived between two samples were seen by eBPF exit events${part} and are counted (their CPU time is a lower bound)${lostPart}`;
}

/** --by gpu: for each GPU, the pids its process list named in the window. */
function gpuMembership(db: DatabaseSync, dictionaries: Dictionaries, s0: number, s1: number): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const { panels, dict } of db.prepare('SELECT panels, dict FROM samples WHERE id BETWEEN ? AND ?').iterate(s0, s1) as Iterable<{
    panels: Uint8Array;
    dict: number | null;
  }>) {
    for (const g of dictionaries.unpack<Panels>(panels, dict).gpus ?? []) {
      for (const p of g.processes) {
        let set = out.get(p.pid);
        if (set === undefined) {
          set = new Set();
          out.set(p.pid, set);
        }
        set.add(gpuName(g.index, g.name));
      }
    }
  }
  return out;
}

function gpuName(index: number, name: string | undefined): string {
  return `gpu ${index}${name !== undefined ? ` (${name})` : ''}`;
}

/** --by gpu: each device's own GPU-seconds (utilisation over time) and memory peak replace its processes' sums. */
function addGpuDevices(
  db: DatabaseSync,
  dictionaries: Dictionaries,
  s0: number,
  s1: number,
  samples: { id: number; t: number }[],
  gaps: number[],
  sumsFor: (group: string, t: number) => Sums,
): void {
  const device = new Map<string, { seconds?: number; memPeak?: number }>();
  let i = 0;
  for (const { panels, dict } of db.prepare('SELECT panels, dict FROM samples WHERE id BETWEEN ? AND ? ORDER BY id').iterate(s0, s1) as Iterable<{
    panels: Uint8Array;
    dict: number | null;
  }>) {
    for (const g of dictionaries.unpack<Panels>(panels, dict).gpus ?? []) {
      const name = gpuName(g.index, g.name);
      const d = device.get(name) ?? {};
      if (g.utilPercent !== undefined) d.seconds = (d.seconds ?? 0) + (g.utilPercent / 100) * (gaps[i] / 1000);
      if (g.memUsedBytes !== undefined) d.memPeak = Math.max(d.memPeak ?? 0, g.memUsedBytes);
      device.set(name, d);
      const s = sumsFor(name, samples[i].t);
      s.first = Math.min(s.first, samples[i].t);
      s.last = Math.max(s.last, samples[i].t);
    }
    i += 1;
  }
  for (const [name, d] of device) {
    const s = sumsFor(name, 0);
    if (d.seconds !== undefined) s.gpuSeconds = d.seconds;
    else delete s.gpuSeconds;
    if (d.memPeak !== undefined) s.gpuMemPeakBytes = d.memPeak;
  }
}
