/**
 * From the overview's query answers to one row per host. Pure: the tests feed it answers
 * recorded from a real Prometheus. A host is an instance less its port, so its node_exporter,
 * dcgm-exporter and SmoothTask targets share a row; where two of its targets answer the same
 * stat (node_exporter and an agent both export node_*), the row keeps the larger value. Label
 * text (hosts, label values, process names) is sanitised here, before any screen shows it.
 */
import type { VectorSample } from './prometheus/api.js';
import { hostOf, STAT_LABEL } from './promql.js';
import type { FleetRow, TopProcess } from './types.js';
import { compareText } from '../util/compareText.js';
import { sanitizeText } from '../util/sanitize.js';

/** Each overview batch's series, by batch id; a batch that failed is absent. */
export type OverviewAnswers = Partial<Record<'targets' | 'lastUp' | 'node' | 'gpu' | 'smoothtask', readonly VectorSample[]>>;

type NumericField = {
  [K in keyof FleetRow]-?: FleetRow[K] extends number | undefined ? (K extends 'targetsUp' | 'targetsTotal' | 'lastUpAt' ? never : K) : never;
}[keyof FleetRow];

/** Which row field each batched stat fills. */
const FIELDS: Readonly<Record<string, NumericField>> = {
  cpu: 'cpuPercent',
  loadPerCore: 'loadPerCore',
  memUsed: 'memUsedBytes',
  memTotal: 'memTotalBytes',
  psiSome: 'psiSomePercent',
  psiFull: 'psiFullPercent',
  disk: 'diskBytesPerSec',
  net: 'netBytesPerSec',
  gpuCount: 'gpuCount',
  gpuUtilMean: 'gpuUtilMean',
  gpuUtilMax: 'gpuUtilMax',
  gpuMemUsed: 'gpuMemUsedMiB',
  gpuMemTotal: 'gpuMemTotalMiB',
  gpuTempMax: 'gpuTempMaxC',
  gpuPower: 'gpuPowerW',
  alerts: 'alertsFiring',
  rqP99: 'runqueueP99Seconds',
};

/** A sample's value, or undefined for NaN and infinities (a quantile with no data, say). */
export function sampleValue(s: VectorSample): number | undefined {
  const v = Number(s.value[1]);
  return Number.isFinite(v) ? v : undefined;
}

/** Target labels worth grouping by: every label of `up` but the name and the stat tag. */
function targetLabels(metric: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metric)) if (k !== '__name__' && k !== STAT_LABEL && k !== 'instance') out[k] = sanitizeText(v);
  return out;
}

/** The fields each batch fills, for carrying them over when that batch fails. */
const BATCH_FIELDS: Readonly<Record<'lastUp' | 'node' | 'gpu' | 'smoothtask', readonly (keyof FleetRow)[]>> = {
  lastUp: ['lastUpAt'],
  node: ['cpuPercent', 'loadPerCore', 'memUsedBytes', 'memTotalBytes', 'psiSomePercent', 'psiFullPercent', 'diskBytesPerSec', 'netBytesPerSec'],
  gpu: ['gpuCount', 'gpuUtilMean', 'gpuUtilMax', 'gpuMemUsedMiB', 'gpuMemTotalMiB', 'gpuTempMaxC', 'gpuPowerW'],
  smoothtask: ['alertsFiring', 'topProcess', 'runqueueP99Seconds'],
};

/**
 * The rows: one per host that has a scrape target, in host order. A batch named in `failed` has
 * no answer this time: its fields keep their values from `previous` (the screen says the data is
 * partial and which part), rather than turning n/a for one failed request.
 */
export function fleetRows(answers: OverviewAnswers, previous: readonly FleetRow[] = [], failed: readonly string[] = []): FleetRow[] {
  const rows = new Map<string, FleetRow>();
  const targets = [...(answers.targets ?? [])].sort((a, b) => compareText(a.metric.instance ?? '', b.metric.instance ?? ''));
  for (const s of targets) {
    if (s.metric[STAT_LABEL] !== 'up' || s.metric.instance === undefined) continue;
    const host = sanitizeText(hostOf(s.metric.instance));
    let row = rows.get(host);
    if (row === undefined) {
      row = { host, instances: [], jobs: [], labels: targetLabels(s.metric), targetsUp: 0, targetsTotal: 0 };
      rows.set(host, row);
    }
    row.instances.push(sanitizeText(s.metric.instance));
    if (s.metric.job !== undefined && !row.jobs.includes(s.metric.job)) row.jobs.push(s.metric.job);
    row.targetsTotal += 1;
    if (sampleValue(s) === 1) row.targetsUp += 1;
  }
  for (const row of rows.values()) row.jobs.sort();
  const each = (batch: readonly VectorSample[] | undefined, fn: (row: FleetRow, stat: string, s: VectorSample) => void) => {
    for (const s of batch ?? []) {
      const row = s.metric.instance === undefined ? undefined : rows.get(sanitizeText(hostOf(s.metric.instance)));
      const stat = s.metric[STAT_LABEL];
      if (row !== undefined && stat !== undefined) fn(row, stat, s);
    }
  };
  each(answers.lastUp, (row, stat, s) => {
    const v = sampleValue(s);
    if (stat === 'lastUp' && v !== undefined && row.targetsUp < row.targetsTotal) row.lastUpAt = Math.max(row.lastUpAt ?? v, v);
  });
  // What this screen saw itself: when every target was last up. Prometheus's answer comes from a
  // subquery on 5 s steps, which can miss a target that was up for less than a step or went down
  // between two; a host seen up a refresh ago was up then.
  const seen = new Map(previous.map((r) => [r.host, r.seenUpAt]));
  const at = targets[0]?.value[0];
  for (const row of rows.values()) {
    row.seenUpAt = row.targetsUp === row.targetsTotal ? at : seen.get(row.host);
    if (row.targetsUp < row.targetsTotal && row.seenUpAt !== undefined) row.lastUpAt = Math.max(row.lastUpAt ?? row.seenUpAt, row.seenUpAt);
  }
  const fill = (row: FleetRow, stat: string, s: VectorSample) => {
    const field = FIELDS[stat];
    const v = sampleValue(s);
    if (field === undefined || v === undefined) return;
    const had = row[field];
    row[field] = had === undefined ? v : Math.max(had, v);
  };
  each(answers.node, fill);
  each(answers.gpu, fill);
  each(answers.smoothtask, (row, stat, s) => {
    if (stat !== 'topProcess') return fill(row, stat, s);
    const v = sampleValue(s);
    if (v === undefined || (row.topProcess !== undefined && row.topProcess.cpuPercent >= v * 100)) return;
    const top: TopProcess = { comm: sanitizeText(s.metric.comm ?? '?'), pid: sanitizeText(s.metric.pid ?? '?'), cpuPercent: v * 100 };
    if (s.metric.user !== undefined) top.user = sanitizeText(s.metric.user);
    row.topProcess = top;
  });
  const before = new Map(previous.map((r) => [r.host, r]));
  for (const id of failed) {
    const fields = BATCH_FIELDS[id as keyof typeof BATCH_FIELDS] as (keyof FleetRow)[] | undefined;
    if (fields === undefined) continue;
    for (const row of rows.values()) {
      const old = before.get(row.host);
      if (old === undefined) continue;
      for (const f of fields) if (old[f] !== undefined) Object.assign(row, { [f]: old[f] });
    }
  }
  return [...rows.values()].sort((a, b) => compareText(a.host, b.host));
}

/** Whether every target of the host is down. */
export const hostDown = (row: FleetRow): boolean => row.targetsUp === 0;
