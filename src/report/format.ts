/**
 * A report as text: a table for people, CSV per RFC 4180 (a header row, CRLF line ends, fields
 * with a comma, quote or line break quoted, quotes doubled; numbers unformatted; empty where not
 * measured), and JSON (docs/report-schema.md).
 */
import { formatIecBytes } from '../util/bytes.js';
import type { Report, ReportEntry } from './types.js';

type Column = { header: string; value: (e: ReportEntry) => string | number | undefined; text?: (e: ReportEntry) => string };

const bytes = (n: number | undefined): string => (n === undefined ? 'n/a' : formatIecBytes(n));
const secs = (n: number | undefined): string => (n === undefined ? 'n/a' : n.toFixed(n < 10 ? 2 : 1));

const COLUMNS: Column[] = [
  { header: 'group', value: (e) => e.group },
  { header: 'processes', value: (e) => e.processes },
  { header: 'cpu_seconds', value: (e) => e.cpuSeconds, text: (e) => secs(e.cpuSeconds) },
  { header: 'cpu_share_percent', value: (e) => e.cpuSharePercent, text: (e) => (e.cpuSharePercent === undefined ? 'n/a' : `${e.cpuSharePercent.toFixed(1)}%`) },
  { header: 'rss_peak_bytes', value: (e) => e.rssPeakBytes, text: (e) => bytes(e.rssPeakBytes) },
  { header: 'rss_mean_bytes', value: (e) => e.rssMeanBytes, text: (e) => bytes(e.rssMeanBytes) },
  { header: 'read_bytes', value: (e) => e.readBytes, text: (e) => bytes(e.readBytes) },
  { header: 'write_bytes', value: (e) => e.writeBytes, text: (e) => bytes(e.writeBytes) },
  { header: 'net_tx_bytes', value: (e) => e.netTxBytes, text: (e) => bytes(e.netTxBytes) },
  { header: 'net_rx_bytes', value: (e) => e.netRxBytes, text: (e) => bytes(e.netRxBytes) },
  { header: 'runqueue_wait_seconds', value: (e) => e.runqueueWaitSeconds, text: (e) => secs(e.runqueueWaitSeconds) },
  { header: 'gpu_seconds', value: (e) => e.gpuSeconds, text: (e) => secs(e.gpuSeconds) },
  { header: 'gpu_mem_peak_bytes', value: (e) => e.gpuMemPeakBytes, text: (e) => bytes(e.gpuMemPeakBytes) },
  { header: 'alerts_fired', value: (e) => e.alertsFired },
  { header: 'first_seen', value: (e) => e.firstSeen },
  { header: 'last_seen', value: (e) => e.lastSeen },
];

/** One CSV field per RFC 4180. */
export function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** "time limited by: cpu 120.0 s, headroom 3480.0 s" under the table. */
function verdictLine(r: Report): string {
  const parts = Object.entries(r.verdictSeconds)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${secs(s)} s`);
  return parts.length === 0 ? '' : `time under each verdict: ${parts.join(', ')}`;
}

export function formatCsv(r: Report): string {
  const lines = [COLUMNS.map((c) => c.header).join(',')];
  for (const e of r.groups) lines.push(COLUMNS.map((c) => csvField(c.value(e))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function formatJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** Terminal-safe: a group name is recorded process data, so control characters are shown escaped. */
function safe(s: string): string {
  return s.replace(/[\p{Cc}]/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function formatTable(r: Report): string {
  const head = COLUMNS.filter((c) => c.header !== 'first_seen' && c.header !== 'last_seen');
  const cells = r.groups.map((e) => head.map((c) => (c.text ? c.text(e) : safe(String(c.value(e) ?? 'n/a')))));
  const titles = head.map((c) => c.header.replaceAll('_', ' '));
  const widths = titles.map((t, i) => Math.max(t.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]): string => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    `${r.host ?? 'host'}: usage by ${r.by}, ${r.from} to ${r.to} (${r.samples} samples; recording ${r.recording.first} to ${r.recording.last})`,
    '',
    line(titles),
    ...cells.map(line),
  ];
  if (r.omitted > 0) out.push(`(${r.omitted} more groups; --top shows more)`);
  out.push('');
  out.push(`coverage: ${r.coverage.note}`);
  if (r.systemAlertsFired > 0) out.push(`alerts fired on the system (no process): ${r.systemAlertsFired}`);
  const verdicts = verdictLine(r);
  if (verdicts !== '') out.push(verdicts);
  return `${out.join('\n')}\n`;
}
