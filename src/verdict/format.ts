/**
 * The verdict in words: one line for the screen's header, and the full report that
 * `smoothtask why` prints. Pure; numbers are shown as measured, with their units.
 */
import { formatIecBytes } from '../util/bytes.js';
import type { Advice } from './advice.js';
import type { Culprit, Evidence, Finding, Verdict } from './types.js';

/** What a limiting resource is called on the verdict line. */
const NAMES: Record<Finding['resource'], string> = {
  cpu: 'CPU',
  memory: 'memory',
  io: 'disk I/O',
  network: 'network',
  gpu: 'GPU',
  thermal: 'thermal',
  steal: 'CPU steal',
};

const STATE: Record<Finding['kind'], string> = { errors: 'errors', saturation: 'saturated', utilization: 'busy' };

function number(value: number, unit: string): string {
  if (unit === 'bytes' || unit === 'bytes/s') return `${formatIecBytes(value)}${unit === 'bytes/s' ? '/s' : ''}`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit === '%' ? '%' : ` ${unit}`}`;
}

/** The evidence that crossed furthest, for the one-line summary. */
function headline(f: Finding): Evidence | undefined {
  const crossed = f.evidence.filter((e) => (e.level === 'critical' || e.level === 'almost') && !e.supporting);
  return crossed.find((e) => e.level === 'critical') ?? crossed[0];
}

function who(c: Culprit): string {
  return `${c.comm} (${c.pid})`;
}

/** One line: the top limit, its headline evidence, its top hog and victim; or headroom. */
export function verdictLine(v: Verdict): string {
  const top = v.limiting[0];
  if (top === undefined) {
    return v.noData.length === 0 ? 'headroom: nothing limits this host now' : `headroom: nothing limits this host now (no data: ${v.noData.join(', ')})`;
  }
  const e = headline(top);
  const parts = [
    `${NAMES[top.resource]}${top.subject && top.resource !== 'gpu' ? ` ${top.subject}` : ''} ${STATE[top.kind]}${top.level === 'almost' ? ' (almost)' : ''}`,
  ];
  if (e?.value !== undefined) parts.push(`${e.label} ${number(e.value, e.unit)}`);
  const culprits = v.culprits[0];
  if (culprits?.hogs[0]) parts.push(`hog ${who(culprits.hogs[0])}`);
  const victim = culprits?.victims[0];
  if (victim) parts.push(`victim ${who(victim)}${victim.waitedMs === undefined ? '' : ` waited ${Math.round(victim.waitedMs)} ms`}`);
  const more =
    v.limiting.length > 1
      ? ` · +${v.limiting
          .slice(1)
          .map((f) => NAMES[f.resource])
          .join(', ')}`
      : '';
  return `${parts.join(' · ')}${more}`;
}

function evidenceLine(e: Evidence): string {
  const value = e.value === undefined ? 'n/a' : number(e.value, e.unit);
  // A threshold of 0 (errors, drops) means any at all.
  const t = e.threshold.value;
  const threshold = t === undefined ? 'none reported' : t === 0 ? 'any' : `${t}${e.threshold.unit === '%' ? '%' : ` ${e.threshold.unit}`}`;
  const tail = e.missing ? ` — ${e.missing}` : '';
  const support = e.supporting ? ' (supporting)' : '';
  return `    ${e.level.padEnd(8)} ${e.label}: ${value} (limit ${threshold}; ${e.window}; ${e.source})${support}${tail}\n             threshold: ${e.threshold.origin}`;
}

function culpritLine(c: Culprit): string {
  const value = c.value === undefined ? c.label : `${c.label} ${number(c.value, c.unit)}`;
  const waited = c.waitedMs === undefined ? '' : `, waited ${Math.round(c.waitedMs)} ms in the last interval`;
  const cgroup = c.cgroup === undefined ? '' : ` (cgroup ${c.cgroup})`;
  return `${who(c)}${c.user ? ` ${c.user}` : ''}: ${value}${waited}${cgroup}`;
}

/** What advice `n` does, in words: "renice stress-ng (1234) from nice 0 to 10". */
export function adviceAction(a: Advice): string {
  const target = `${a.comm} (${a.pid})${a.user ? ` ${a.user}` : ''}`;
  switch (a.action.kind) {
    case 'renice':
      return `renice ${target} from nice ${a.from ?? 'n/a'} to ${a.action.nice}`;
    case 'ionice':
      return `ionice ${target} to class ${a.action.ioClass}`;
    case 'signal':
      return `stop ${target} (${a.action.signal})`;
    case 'sched':
      return `move ${target} to SCHED_IDLE${a.from === undefined ? '' : ` (at nice ${a.from} now)`}`;
    case 'weight':
      return `lower the ${a.action.controller} weight of ${a.cgroup === undefined ? 'the cgroup' : `cgroup ${a.cgroup}`} (of ${target}) to ${a.action.weight}`;
  }
}

/** The full report: each limiting resource with its evidence, hogs, victims and gaps; then the rest. */
export function verdictReport(v: Verdict): string {
  const out: string[] = [`verdict at ${v.takenAt}: ${verdictLine(v)}`];
  v.limiting.forEach((f, i) => {
    out.push(
      '',
      `${i + 1}. ${NAMES[f.resource]}${f.subject ? ` (${f.subject})` : ''}: ${f.kind}, ${f.level}${f.stallPercent === undefined ? '' : `; stalled ${number(f.stallPercent, '%')} of the last 10 s`}`,
    );
    for (const e of f.evidence) out.push(evidenceLine(e));
    const c = v.culprits[i];
    out.push(`    hogs:    ${c.hogs.length ? c.hogs.map(culpritLine).join('\n             ') : 'none measured'}`);
    out.push(`    victims: ${c.victims.length ? c.victims.map(culpritLine).join('\n             ') : 'none measured'}`);
    for (const m of c.missing) out.push(`    not known: ${m}`);
  });
  if (v.advice.length > 0) {
    out.push('', 'what to do (in `top`: V, then the number; each goes through its dialog and confirmation):');
    v.advice.forEach((a, i) => out.push(`  [${i + 1}] ${adviceAction(a)}`, `      ${a.effect}`));
  }
  const rest = v.findings.filter((f) => !v.limiting.includes(f));
  if (rest.length) {
    out.push('', 'not limiting now:');
    for (const f of rest) {
      out.push(`  ${NAMES[f.resource]}: ${f.level}`);
      for (const e of f.evidence) out.push(evidenceLine(e));
    }
  }
  return `${out.join('\n')}\n`;
}
