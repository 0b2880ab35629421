/**
 * The bench's markdown: one row per monitor and N, the SmoothTask/peer ratios (as root and as
 * nobody), the snapshot sampling times, issues #2's and #3's targets checked at 5,000 processes,
 * and issue #15's at no added processes and at 5,000. Anything not measured is n/a.
 */
import type { MonitorResult } from './measure.ts';
import type { MonitorName } from './monitors.ts';
import { fmt, median, ratio } from './figures.ts';
import { mergeRounds, roundsTable } from './rounds.ts';
import type { SnapshotResult } from './snapshot.ts';

const TARGET_N = 5000;
/** SmoothTask as root (eBPF) and as nobody (/proc): each gets its own ratio rows. */
const SMOOTHTASK_MONITORS: readonly MonitorName[] = ['smoothtask', 'smoothtask-proc'];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

const mb = (bytes: number | undefined): number | undefined => (bytes === undefined ? undefined : bytes / 1e6);

/** BPF run time is charged to whichever task hit the event, so it is shown beside, not inside, CPU. */
function bpfCell(r: MonitorResult): string {
  if (!r.bpf) return 'n/a';
  if (r.bpf.length === 0) return 'none';
  return fmt(
    r.bpf.reduce((sum, p) => sum + p.msPerRefresh, 0),
    2,
  );
}

function bpfTable(results: MonitorResult[]): string[] {
  const lines = ['| N | monitor | program | type | events/s | ns/event | ms/refresh |', '|---:|---|---|---|---:|---:|---:|'];
  for (const r of results) {
    if (r.bpfError) lines.push(`| ${fmt(r.n, 0)} | ${r.monitor} | ${cell(r.bpfError)} | | | | |`);
    for (const p of r.bpf ?? []) {
      lines.push(
        `| ${fmt(r.n, 0)} | ${r.monitor} | ${cell(p.name)} (id ${p.id}) | ${p.type} | ${fmt(p.eventsPerSecond, 0)} | ${fmt(p.nsPerEvent, 0)} | ${fmt(p.msPerRefresh, 3)} |`,
      );
    }
  }
  return lines.length > 2 ? lines : [];
}

function monitorTable(results: MonitorResult[]): string[] {
  const lines = [
    '| N | monitor | CPU ms/refresh | BPF ms/refresh | peak RSS MB | terminal bytes/s | first frame s | host busy % | host procs | measured executable |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const note = r.error ? `error: ${r.error.split('\n', 1)[0]}` : (r.executable?.split('/').pop() ?? 'n/a');
    lines.push(
      `| ${fmt(r.n, 0)} | ${r.monitor} | ${fmt(r.cpuMsPerRefresh, 1)} | ${bpfCell(r)} | ${fmt(mb(r.peakRssBytes), 1)} | ${fmt(r.bytesPerSecond, 0)} | ` +
        `${fmt(r.firstFrameS, 2)} | ${fmt(r.hostBusyPercent, 0)} | ${fmt(r.hostProcesses, 0)} | ${cell(note)} |`,
    );
  }
  return lines;
}

function ratioTable(results: MonitorResult[], counts: number[]): string[] {
  const lines = [
    '| N | monitor | CPU ÷ htop | CPU ÷ btop | RSS ÷ htop | RSS ÷ btop | bytes/s ÷ htop | bytes/s ÷ btop | first frame ÷ htop | first frame ÷ btop |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const variants = SMOOTHTASK_MONITORS.filter((m) => results.some((r) => r.monitor === m));
  for (const n of counts) {
    const get = (m: MonitorName) => results.find((r) => r.n === n && r.monitor === m && !r.error);
    const [htop, btop] = [get('htop'), get('btop')];
    for (const variant of variants) {
      const st = get(variant);
      const pair = (key: keyof MonitorResult): string =>
        `${fmt(ratio(st?.[key] as number | undefined, htop?.[key] as number | undefined), 2)} | ${fmt(ratio(st?.[key] as number | undefined, btop?.[key] as number | undefined), 2)}`;
      lines.push(`| ${fmt(n, 0)} | ${variant} | ${pair('cpuMsPerRefresh')} | ${pair('peakRssBytes')} | ${pair('bytesPerSecond')} | ${pair('firstFrameS')} |`);
    }
  }
  return lines;
}

/**
 * CPU per refresh in the window and in the steady window (--steady), each beside btop's of the same
 * window: in the first, V8 is still compiling a refresh's code (bench/README.md, Results).
 */
function steadyTable(results: MonitorResult[], counts: number[]): string[] {
  if (!results.some((r) => r.steadyCpuMsPerRefresh !== undefined)) return [];
  const lines = [
    '### CPU per refresh in the window and in the steady window',
    '',
    '| N | monitor | window ms | ÷ btop | steady ms | ÷ btop |',
    '|---:|---|---:|---:|---:|---:|',
  ];
  for (const n of counts) {
    const btop = results.find((r) => r.n === n && r.monitor === 'btop' && !r.error);
    for (const r of results.filter((r) => r.n === n && !r.error)) {
      lines.push(
        `| ${fmt(n, 0)} | ${r.monitor} | ${fmt(r.cpuMsPerRefresh, 1)} | ${fmt(ratio(r.cpuMsPerRefresh, btop?.cpuMsPerRefresh), 2)} | ` +
          `${fmt(r.steadyCpuMsPerRefresh, 1)} | ${fmt(ratio(r.steadyCpuMsPerRefresh, btop?.steadyCpuMsPerRefresh), 2)} |`,
      );
    }
  }
  return [...lines, ''];
}

function snapshotTable(snaps: SnapshotResult[]): string[] {
  const lines = ['| N | user | processes backend | processes listed | sampleMs (median) | sampleMs (each run) |', '|---:|---|---|---:|---:|---|'];
  for (const s of snaps) {
    const runs = s.error ? `error: ${s.error}` : s.sampleMs.map((v) => fmt(v, 1)).join(', ') || 'n/a';
    lines.push(`| ${fmt(s.n, 0)} | ${s.user} | ${s.backend ?? 'n/a'} | ${fmt(s.processCount, 0)} | ${fmt(median(s.sampleMs), 1)} | ${cell(runs)} |`);
  }
  return lines;
}

interface Target {
  what: string;
  measured: number | undefined;
  limit: number | undefined;
  unit: string;
}

/** A peer's figure times `factor`: a limit set as a share of it; n/a where the peer was not measured. */
const scaled = (v: number | undefined, factor: number): number | undefined => (v === undefined ? undefined : v * factor);

/** Decimals a target's figures are shown with, by unit: enough that a figure just past its limit does not read as equal to it. */
const TARGET_DIGITS: Record<string, number> = { ms: 2, s: 2, MB: 1, 'B/s': 0 };

/** Targets under their issue's title: each met when measured and within its limit, n/a when either is missing. */
function targetTable(groups: [string, Target[]][]): string[] {
  const lines = ['| target | measured | limit | met |', '|---|---:|---:|---|'];
  for (const [title, targets] of groups) {
    for (const t of targets) {
      const met = t.measured === undefined || t.limit === undefined ? 'n/a' : t.measured <= t.limit ? 'yes' : 'no';
      const digits = TARGET_DIGITS[t.unit] ?? 1;
      lines.push(`| ${title}: ${t.what} | ${fmt(t.measured, digits)} ${t.unit} | ${fmt(t.limit, digits)} ${t.unit} | ${met} |`);
    }
  }
  return lines;
}

/**
 * Issue #15's targets, for each SmoothTask path measured: at N=0, CPU per refresh within 2× btop's
 * and terminal bytes within 2× htop's; at 5,000, CPU within 0.6× btop's (eBPF path) or 1.2× (/proc
 * path), at most 1,500 terminal bytes a second, peak RSS at most 110 MB and the first frame within
 * 0.5 s. CPU is the first window's (bench/README.md, Method).
 */
function issue15Lines(results: MonitorResult[]): string[] {
  const get = (n: number, m: MonitorName) => results.find((r) => r.n === n && r.monitor === m && !r.error);
  const paths = [
    ['smoothtask', 'eBPF path', 0.6],
    ['smoothtask-proc', '/proc path', 1.2],
  ] as const;
  const groups: [string, Target[]][] = [];
  for (const [variant, path, cpuShare] of paths) {
    if (!results.some((r) => r.monitor === variant)) continue;
    const idle = get(0, variant);
    const busy = get(TARGET_N, variant);
    const n = fmt(TARGET_N, 0);
    groups.push([
      `Issue #15, ${path}`,
      [
        { what: 'N=0: CPU per refresh ≤ 2× btop', measured: idle?.cpuMsPerRefresh, limit: scaled(get(0, 'btop')?.cpuMsPerRefresh, 2), unit: 'ms' },
        { what: 'N=0: terminal bytes/s ≤ 2× htop', measured: idle?.bytesPerSecond, limit: scaled(get(0, 'htop')?.bytesPerSecond, 2), unit: 'B/s' },
        {
          what: `N=${n}: CPU per refresh ≤ ${cpuShare}× btop`,
          measured: busy?.cpuMsPerRefresh,
          limit: scaled(get(TARGET_N, 'btop')?.cpuMsPerRefresh, cpuShare),
          unit: 'ms',
        },
        { what: `N=${n}: terminal bytes/s ≤ 1,500`, measured: busy?.bytesPerSecond, limit: 1500, unit: 'B/s' },
        { what: `N=${n}: peak RSS ≤ 110 MB`, measured: mb(busy?.peakRssBytes), limit: 110, unit: 'MB' },
        { what: `N=${n}: first frame ≤ 0.5 s`, measured: busy?.firstFrameS, limit: 0.5, unit: 's' },
      ],
    ]);
  }
  return groups.length === 0 ? [] : ["### Issue #15's targets", '', ...targetTable(groups), ''];
}

/**
 * Issue #2's targets are for the /proc path: smoothtask-proc (as nobody) when it was measured,
 * otherwise smoothtask, said so. Issue #3's are for the eBPF path: smoothtask (as root).
 */
function targetLines(results: MonitorResult[], snaps: SnapshotResult[]): string[] {
  const get = (m: MonitorName) => results.find((r) => r.n === TARGET_N && r.monitor === m && !r.error);
  const st = get('smoothtask');
  const btop = get('btop');
  if (!st && !get('smoothtask-proc')) return [`SmoothTask top was not measured at N=${fmt(TARGET_N, 0)} in this run; the targets are set there.`];
  const proc = get('smoothtask-proc') ?? st;
  const snap = snaps.find((s) => s.n === TARGET_N && s.user !== 'nobody');
  const groups: [string, Target[]][] = [
    [
      'Issue #2, /proc path',
      [
        { what: 'CPU per refresh ≤ btop', measured: proc?.cpuMsPerRefresh, limit: btop?.cpuMsPerRefresh, unit: 'ms' },
        { what: 'terminal bytes/s ≤ ½ btop', measured: proc?.bytesPerSecond, limit: scaled(btop?.bytesPerSecond, 0.5), unit: 'B/s' },
        { what: 'peak RSS < 150 MB', measured: mb(proc?.peakRssBytes), limit: 150, unit: 'MB' },
        { what: 'first frame < 1 s', measured: proc?.firstFrameS, limit: 1, unit: 's' },
      ],
    ],
    [
      'Issue #3, eBPF path',
      [
        { what: 'snapshot sampling < 10 ms', measured: median(snap?.sampleMs ?? []), limit: 10, unit: 'ms' },
        { what: 'CPU per refresh ≤ ¼ btop', measured: st?.cpuMsPerRefresh, limit: scaled(btop?.cpuMsPerRefresh, 0.25), unit: 'ms' },
        { what: 'peak RSS < 100 MB', measured: mb(st?.peakRssBytes), limit: 100, unit: 'MB' },
        { what: 'terminal bytes/s ≤ ½ btop', measured: st?.bytesPerSecond, limit: scaled(btop?.bytesPerSecond, 0.5), unit: 'B/s' },
      ],
    ],
  ];
  const backend = `whose processes backend (this run's snapshot, not as nobody) was ${snap?.backend ?? 'n/a'}`;
  const lines = [
    proc === st
      ? `smoothtask-proc (as nobody: the /proc path) was not measured at N=${fmt(TARGET_N, 0)}: both issues' targets use smoothtask, ${backend}.`
      : `Issue #2's targets use smoothtask-proc (as nobody: the /proc path); issue #3's use smoothtask, ${backend}.`,
    '',
  ];
  return [...lines, ...targetTable(groups)];
}

export interface ReportInput {
  header: string[];
  counts: number[];
  results: MonitorResult[];
  snapshots: SnapshotResult[];
}

export function renderReport(input: ReportInput): string {
  // One result per monitor and N: the median of its rounds where the run had several (rounds.ts).
  const results = mergeRounds(input.results);
  const errors = input.results.filter((r) => r.error);
  const bpf = bpfTable(results);
  const out = [
    ...input.header,
    '',
    '### Monitors',
    '',
    ...monitorTable(results),
    '',
    '### SmoothTask ÷ peer (below 1: SmoothTask uses less)',
    '',
    ...ratioTable(results, input.counts),
    '',
    ...steadyTable(results, input.counts),
    ...roundsTable(input.results, input.counts),
    '### BPF programs (run time from BPF stats; not part of the CPU column)',
    '',
    ...(bpf.length ? bpf : ['no monitor held BPF programs in this run']),
    '',
    '### SmoothTask sampling pass (`smoothtask snapshot --json`, `self.sampleMs`)',
    '',
    ...(input.snapshots.length ? snapshotTable(input.snapshots) : ['not measured in this run']),
    '',
    `### Targets at N=${fmt(TARGET_N, 0)}`,
    '',
    ...targetLines(results, input.snapshots),
    '',
    ...issue15Lines(results),
  ];
  if (errors.length) {
    out.push('', '### Errors', '');
    for (const r of errors) out.push(`${r.monitor} at N=${r.n}${r.round === undefined ? '' : `, round ${r.round}`}:`, '```', r.error!, '```');
  }
  return `${out.join('\n')}\n`;
}
