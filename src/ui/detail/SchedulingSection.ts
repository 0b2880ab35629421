/**
 * Scheduling lines: policy and nice, time on CPU and waiting for one (schedstat), context
 * switches with rates, and the eBPF run-queue latency histogram when the store has one.
 */
import type { SchedInfo } from '../../collectors/procdetail/types.js';
import type { RunqueueLatency } from '../../types/snapshot.js';
import { fmtNumber, NA } from '../format.js';
import { field, line, type Line } from './lines.js';

const ms = (ns: number | undefined) => (ns === undefined ? NA : `${(ns / 1e6).toFixed(1)} ms`);

export function schedulingLines(s: SchedInfo, runqueue: RunqueueLatency | undefined, ascii: boolean): Line[] {
  const out: Line[] = [
    field('policy', `${s.policy ?? NA}${s.rtPriority ? ` (rt priority ${s.rtPriority})` : ''}   nice ${s.nice}`),
    field('on CPU', ms(s.runNs)),
    field('run-queue wait', `${ms(s.waitNs)} total, ${fmtNumber(s.runqueueWaitMsPerSec, 2)} ms/s now`),
    field('timeslices', fmtNumber(s.timeslices)),
    field(
      'ctxt switches',
      `voluntary ${fmtNumber(s.voluntaryCtxtSwitches)} (${fmtNumber(s.voluntaryPerSec, 1)}/s)  involuntary ${fmtNumber(s.nonvoluntaryCtxtSwitches)} (${fmtNumber(s.nonvoluntaryPerSec, 1)}/s)`,
    ),
    line(''),
  ];
  const hist = runqueue?.histogram;
  if (hist === undefined || hist.length === 0) {
    out.push(line('run-queue latency histogram: n/a (needs the eBPF processes backend)', { tone: 'dim' }));
    return out;
  }
  out.push(
    line(`run-queue latency (eBPF)   p50 ${fmtNumber(runqueue?.p50Us)} µs  p99 ${fmtNumber(runqueue?.p99Us)} µs  max ${fmtNumber(runqueue?.maxUs)} µs`, {
      tone: 'title',
    }),
  );
  const peak = Math.max(1, ...hist);
  hist.forEach((count, i) => {
    if (count === 0) return;
    const bar = (ascii ? '#' : '█').repeat(Math.max(1, Math.round((count / peak) * 40)));
    out.push(line(`${`${2 ** i}-${2 ** (i + 1)} µs`.padStart(18)} ${String(count).padStart(8)} ${bar}`));
  });
  return out;
}
