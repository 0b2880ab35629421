/**
 * One host's detail: an hour of history per chart from one range query, its GPUs and its top
 * processes from one instant query each, all limited to the host's targets (hostMatcher). The
 * functions from answers to the detail are pure, tested on recorded answers.
 */
import type { MatrixSeries, VectorSample } from './prometheus/api.js';
import { batch, hostMatcher, sel, STAT_LABEL } from './promql.js';
import { gpuExprs, nodeExprs } from './queries.js';
import { sampleValue } from './model.js';
import type { HostChartId, HostGpu, HostProcess } from './types.js';
import { compareText } from '../util/compareText.js';
import { sanitizeText } from '../util/sanitize.js';

/** History shown: the last hour. */
export const HOST_SPAN_S = 3600;
/** Most processes listed. */
export const HOST_PROCESSES = 15;

/** The range query behind the charts. */
export function hostChartsQuery(host: string, w: string): string {
  const m = hostMatcher(host);
  const node = nodeExprs(w, m);
  return batch({
    cpu: node.cpu,
    mem: `100 * ${node.memUsed} / ${node.memTotal}`,
    load: node.loadPerCore,
    net: node.net,
    disk: node.disk,
    gpu: gpuExprs(m).gpuUtilMean,
  });
}

/** The instant query for the host's GPUs: each DCGM gauge per GPU. */
export function hostGpusQuery(host: string): string {
  const m = hostMatcher(host);
  const g = (name: string) => sel(name, '', m);
  return batch({
    util: g('DCGM_FI_DEV_GPU_UTIL'),
    used: g('DCGM_FI_DEV_FB_USED'),
    free: g('DCGM_FI_DEV_FB_FREE'),
    temp: g('DCGM_FI_DEV_GPU_TEMP'),
    power: g('DCGM_FI_DEV_POWER_USAGE'),
  });
}

/** The instant query for the host's top processes by CPU and their resident memory. */
export function hostProcessesQuery(host: string, w: string): string {
  const m = hostMatcher(host);
  return batch({
    cpu: `topk(${HOST_PROCESSES}, rate(${sel('smoothtask_process_cpu_seconds_total', '', m)}[${w}]))`,
    rss: sel('smoothtask_process_resident_memory_bytes', '', m),
  });
}

/** The steps of a range query from `start` every `stepS` seconds, `count` of them. */
export function hostCharts(series: readonly MatrixSeries[], start: number, stepS: number, count: number): Partial<Record<HostChartId, number[]>> {
  const charts: Partial<Record<HostChartId, number[]>> = {};
  for (const s of series) {
    const id = s.metric[STAT_LABEL] as HostChartId | undefined;
    if (id === undefined) continue;
    const values = (charts[id] ??= new Array<number>(count).fill(Number.NaN));
    for (const [t, text] of s.values) {
      const i = Math.round((t - start) / stepS);
      const v = Number(text);
      // Two targets of the host with the same stat: the larger, as in the overview.
      if (i >= 0 && i < count && Number.isFinite(v)) values[i] = Number.isNaN(values[i]) ? v : Math.max(values[i], v);
    }
  }
  return charts;
}

/** The host's GPUs, in GPU order. */
export function hostGpus(samples: readonly VectorSample[]): HostGpu[] {
  const gpus = new Map<string, HostGpu & { free?: number }>();
  for (const s of samples) {
    const id = `${s.metric.instance ?? ''}/${s.metric.gpu ?? s.metric.UUID ?? '?'}`;
    let gpu = gpus.get(id);
    if (gpu === undefined) gpus.set(id, (gpu = { gpu: sanitizeText(s.metric.gpu ?? '?') }));
    if (s.metric.modelName !== undefined) gpu.model = sanitizeText(s.metric.modelName);
    const v = sampleValue(s);
    if (v === undefined) continue;
    switch (s.metric[STAT_LABEL]) {
      case 'util':
        gpu.utilPercent = v;
        break;
      case 'used':
        gpu.memUsedMiB = v;
        break;
      case 'free':
        gpu.free = v;
        break;
      case 'temp':
        gpu.tempC = v;
        break;
      case 'power':
        gpu.powerW = v;
        break;
    }
  }
  return [...gpus.values()]
    .map(({ free, ...gpu }) => (free !== undefined && gpu.memUsedMiB !== undefined ? { ...gpu, memTotalMiB: gpu.memUsedMiB + free } : gpu))
    .sort((a, b) => Number(a.gpu) - Number(b.gpu) || compareText(a.gpu, b.gpu));
}

/** The host's top processes by CPU, with their resident memory where exported. */
export function hostProcesses(samples: readonly VectorSample[]): HostProcess[] {
  const rss = new Map<string, number>();
  for (const s of samples) {
    const v = sampleValue(s);
    if (s.metric[STAT_LABEL] === 'rss' && v !== undefined) rss.set(`${s.metric.instance}/${s.metric.pid}`, v);
  }
  const out: HostProcess[] = [];
  for (const s of samples) {
    if (s.metric[STAT_LABEL] !== 'cpu') continue;
    const p: HostProcess = { pid: sanitizeText(s.metric.pid ?? '?'), comm: sanitizeText(s.metric.comm ?? '?') };
    if (s.metric.user !== undefined) p.user = sanitizeText(s.metric.user);
    const v = sampleValue(s);
    if (v !== undefined) p.cpuPercent = v * 100;
    const r = rss.get(`${s.metric.instance}/${s.metric.pid}`);
    if (r !== undefined) p.residentBytes = r;
    out.push(p);
  }
  return out.sort((a, b) => (b.cpuPercent ?? -1) - (a.cpuPercent ?? -1));
}
