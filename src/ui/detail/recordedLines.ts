/**
 * The sections of a recorded process's drill-down (replay), as lines: what the recording has of
 * it (its row at the cursor, and its timeline from its first to its last row as small charts:
 * CPU, memory, I/O, network, run-queue wait), and "not recorded" where a section needs the live
 * process (threads, files, sockets, memory maps and environment are read from /proc/PID).
 */
import type { ProcessTimeline } from '../../timeline/timeline.js';
import type { ProcessRow } from '../../types/snapshot.js';
import { asciiSparkline } from '../charts/ascii.js';
import { brailleSparkline } from '../charts/braille.js';
import { fmtBytes, fmtNumber, fmtPercent, fmtRate } from '../format.js';
import { clockText } from '../time/timeText.js';
import { field, line, wrapText, type Line } from './lines.js';
import type { SectionId } from './sections.js';

/** One small chart: which field of the rows, its label and how a value reads. */
interface RecordedChart {
  label: string;
  value: (r: ProcessRow) => number | undefined;
  text: (v: number | undefined) => string;
  /** A fixed top of the scale (CPU %); the largest value otherwise. */
  max?: number;
}

const CPU: RecordedChart = { label: 'CPU', value: (r) => r.cpuPercent, text: (v) => `${fmtPercent(v)}%` };
const RSS: RecordedChart = { label: 'memory (RSS)', value: (r) => r.rssBytes, text: fmtBytes };
const READ: RecordedChart = { label: 'disk read', value: (r) => r.readBytesPerSec, text: fmtRate };
const WRITE: RecordedChart = { label: 'disk write', value: (r) => r.writeBytesPerSec, text: fmtRate };
const TX: RecordedChart = { label: 'network tx', value: (r) => r.netTxBytesPerSec, text: fmtRate };
const RX: RecordedChart = { label: 'network rx', value: (r) => r.netRxBytesPerSec, text: fmtRate };
const RUNQ: RecordedChart = { label: 'run-queue wait', value: (r) => r.runqueueWaitMsPerSec, text: (v) => `${fmtNumber(v, 1)} ms/s` };

const ALL_CHARTS = [CPU, RSS, READ, WRITE, TX, RX, RUNQ];

/** What each section needs from /proc/PID that a recording does not keep. */
const NOT_RECORDED: Record<SectionId, string | undefined> = {
  overview: undefined,
  threads: 'threads (/proc/PID/task)',
  files: 'open files (/proc/PID/fd)',
  network: 'sockets (/proc/PID/fd and /proc/PID/net)',
  memory: 'memory maps (/proc/PID/smaps)',
  io: undefined,
  scheduling: 'scheduler statistics (/proc/PID/sched)',
  environment: 'environment (/proc/PID/environ)',
};

/** The charts each section shows of the process's timeline. */
const SECTION_CHARTS: Record<SectionId, readonly RecordedChart[]> = {
  overview: ALL_CHARTS,
  threads: [],
  files: [],
  network: [TX, RX],
  memory: [RSS],
  io: [READ, WRITE],
  scheduling: [RUNQ, CPU],
  environment: [],
};

const LABEL_WIDTH = 15;
/** "now 12.3 MB/s  peak 40.1 MB/s" after the chart. */
const FIGURES_WIDTH = 34;

/**
 * At most `n` values covering all of `values`: the largest of each run of neighbours (a peak stays
 * visible), NaN where the run had no value; the whole timeline fits, first row to last.
 */
export function fitSamples(values: readonly number[], n: number): number[] {
  if (values.length <= n) return [...values];
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let max = Number.NaN;
    const end = Math.floor(((i + 1) * values.length) / n);
    for (let j = Math.floor((i * values.length) / n); j < end; j++) if (Number.isFinite(values[j]) && !(values[j] <= max)) max = values[j];
    out[i] = max;
  }
  return out;
}

function chartLine(chart: RecordedChart, timeline: ProcessTimeline, at: number, width: number, ascii: boolean): Line {
  const values = timeline.rows.map((r) => chart.value(r) ?? Number.NaN);
  let peak: number | undefined;
  for (const v of values) if (Number.isFinite(v) && (peak === undefined || v > peak)) peak = v;
  // The row at the cursor: the last one at or before it.
  let current: ProcessRow | undefined;
  for (let i = 0; i < timeline.times.length && timeline.times[i] <= at; i++) current = timeline.rows[i];
  const range = { min: 0, max: chart.max ?? (peak !== undefined && peak > 0 ? peak : 1) };
  const sparkWidth = Math.max(0, width - LABEL_WIDTH - FIGURES_WIDTH - 2);
  // Braille draws two samples a cell, ASCII one.
  const fitted = fitSamples(values, ascii ? sparkWidth : sparkWidth * 2);
  const spark = sparkWidth === 0 ? '' : (ascii ? asciiSparkline : brailleSparkline)(fitted, sparkWidth, range).padEnd(sparkWidth);
  const figures = `now ${chart.text(current === undefined ? undefined : chart.value(current))}  peak ${chart.text(peak)}`;
  return line(`${chart.label.padEnd(LABEL_WIDTH)} ${spark} ${figures}`);
}

/** The process's row facts at the cursor. */
function factLines(row: ProcessRow, width: number): Line[] {
  const out: Line[] = [
    field('pid / ppid', `${row.pid} / ${row.ppid}`),
    field('user', row.user ?? (row.uid === undefined ? 'n/a' : String(row.uid))),
    field('state', row.state),
    field('nice', row.nice === undefined ? 'n/a' : String(row.nice)),
    field('threads', fmtNumber(row.threads)),
    field('started', row.startedAt === undefined ? 'n/a' : clockText(row.startedAt, true)),
  ];
  if (row.cgroup !== undefined) out.push(field('cgroup', row.cgroup));
  const cmd = wrapText(row.cmdline === '' ? `[${row.comm}]` : row.cmdline, Math.max(20, width - 15), ' '.repeat(15));
  out.push(field('command', cmd[0]), ...cmd.slice(1).map((c) => line(c)));
  return out;
}

export interface RecordedSectionInput {
  section: SectionId;
  /** The process's row in the sample shown; undefined when it was not running then. */
  row: ProcessRow | undefined;
  timeline: ProcessTimeline | undefined;
  /** The cursor's time. */
  at: number;
  width: number;
  ascii: boolean;
}

export function recordedSectionLines({ section, row, timeline, at, width, ascii }: RecordedSectionInput): Line[] {
  const out: Line[] = [];
  const missing = NOT_RECORDED[section];
  if (missing !== undefined) out.push(line(`not recorded: ${missing} needs the live process`, { tone: 'warn' }));
  if (section === 'overview') {
    if (row !== undefined) out.push(...factLines(row, width));
    else out.push(line('not running in the sample shown', { tone: 'dim' }));
  }
  const charts = SECTION_CHARTS[section];
  if (charts.length === 0) return out;
  if (timeline === undefined || timeline.rows.length === 0) {
    out.push(line('no recorded rows of this process', { tone: 'dim' }));
    return out;
  }
  const first = timeline.times[0];
  const last = timeline.times[timeline.times.length - 1];
  const withDate = last - first > 86_400_000 || new Date(first).getDate() !== new Date(last).getDate();
  out.push(
    line(''),
    line(`recorded ${clockText(first, withDate)} – ${clockText(last, withDate)} (${timeline.rows.length} row${timeline.rows.length === 1 ? '' : 's'})`, {
      bold: true,
    }),
  );
  for (const chart of charts) out.push(chartLine(chart, timeline, at, width, ascii));
  return out;
}
