/**
 * The host view's text below its charts (its GPUs, its top processes) and the hour of history
 * squeezed into a chart's width. Pure.
 */
import type { HostDetail } from '../../fleet/types.js';
import { fmtBytes, fmtPercent, NA } from '../format.js';

export type HostLine = { kind: 'title' | 'header' | 'text'; text: string };

const MIB = 2 ** 20;

/** `values` in `n` buckets, each the largest finite value it covers (NaN for none): a spike stays visible. */
export function resample(values: readonly number[], n: number): number[] {
  if (n <= 0) return [];
  if (values.length <= n) return [...values];
  const out = new Array<number>(n).fill(Number.NaN);
  values.forEach((v, i) => {
    const b = Math.min(n - 1, Math.floor((i * n) / values.length));
    if (Number.isFinite(v)) out[b] = Number.isNaN(out[b]) ? v : Math.max(out[b], v);
  });
  return out;
}

const cell = (text: string, w: number, right = true) => (right ? text.padStart(w) : text.padEnd(w));

/** The GPU and process lists, as lines. */
export function hostLines(d: HostDetail): HostLine[] {
  const out: HostLine[] = [];
  if (d.gpus.length === 0) out.push({ kind: 'title', text: 'GPUs: none exported (no dcgm-exporter target on this host)' });
  else {
    out.push({ kind: 'title', text: `GPUs (${d.gpus.length})` });
    out.push({ kind: 'header', text: `${cell('GPU', 4)} ${cell('UTIL%', 6)} ${cell('MEMORY', 17)} ${cell('TEMP', 5)} ${cell('POWER', 6)}  MODEL` });
    for (const g of d.gpus) {
      const mem = g.memUsedMiB === undefined ? NA : `${fmtBytes(g.memUsedMiB * MIB)}/${g.memTotalMiB === undefined ? NA : fmtBytes(g.memTotalMiB * MIB)}`;
      const temp = g.tempC === undefined ? NA : `${Math.round(g.tempC)}C`;
      const power = g.powerW === undefined ? NA : `${Math.round(g.powerW)}W`;
      out.push({
        kind: 'text',
        text: `${cell(g.gpu, 4)} ${cell(fmtPercent(g.utilPercent), 6)} ${cell(mem, 17)} ${cell(temp, 5)} ${cell(power, 6)}  ${g.model ?? NA}`,
      });
    }
  }
  if (d.processes.length === 0) out.push({ kind: 'title', text: 'Processes: none exported (no SmoothTask agent on this host)' });
  else {
    out.push({ kind: 'title', text: `Top processes by CPU (${d.processes.length})` });
    out.push({ kind: 'header', text: `${cell('PID', 8)} ${cell('USER', 10, false)} ${cell('CPU%', 6)} ${cell('RES', 7)}  COMMAND` });
    for (const p of d.processes) {
      out.push({
        kind: 'text',
        text: `${cell(p.pid, 8)} ${cell(p.user ?? NA, 10, false)} ${cell(fmtPercent(p.cpuPercent), 6)} ${cell(fmtBytes(p.residentBytes), 7)}  ${p.comm}`,
      });
    }
  }
  return out;
}
