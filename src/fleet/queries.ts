/**
 * The fleet's overview queries: four per refresh whatever the fleet's size, each a batch of
 * expressions aggregated `by (instance)` (promql.ts), so 500 hosts cost what 5 do in requests;
 * a fifth, only while some targets are down, asks when those were last up.
 * Names are node_exporter's and dcgm-exporter's (a SmoothTask agent exports the same ones) and
 * SmoothTask's own (docs/metrics.md). docs/fleet.md lists every expression and its column.
 */
import { batch, escapeRegex, sel, STAT_LABEL } from './promql.js';

/** A query of the overview and the stat ids its series answer. */
export interface OverviewBatch {
  id: 'targets' | 'node' | 'gpu' | 'smoothtask';
  query: string;
}

/** Node stats: node_exporter's names. `w` is the rate window, `m` extra matchers ('' for every host). */
export function nodeExprs(w: string, m: string): Record<string, string> {
  const r = (name: string, matchers = '') => `rate(${sel(name, matchers, m)}[${w}])`;
  const tag = (expr: string, resource: string) => `label_replace(${expr}, "resource", "${resource}", "", "")`;
  return {
    cpu: `100 * (1 - avg by (instance) (${r('node_cpu_seconds_total', 'mode="idle"')}))`,
    loadPerCore: `max by (instance) (${sel('node_load1', '', m)}) / count by (instance) (${sel('node_cpu_seconds_total', 'mode="idle"', m)})`,
    memUsed: `max by (instance) (${sel('node_memory_MemTotal_bytes', '', m)} - ${sel('node_memory_MemAvailable_bytes', '', m)})`,
    memTotal: `max by (instance) (${sel('node_memory_MemTotal_bytes', '', m)})`,
    // The busiest resource's share of time with some (or all) tasks stalled: rates of PSI totals.
    psiSome: `100 * max by (instance) (${tag(r('node_pressure_cpu_waiting_seconds_total'), 'cpu')} or ${tag(r('node_pressure_memory_waiting_seconds_total'), 'memory')} or ${tag(r('node_pressure_io_waiting_seconds_total'), 'io')})`,
    psiFull: `100 * max by (instance) (${tag(r('node_pressure_memory_stalled_seconds_total'), 'memory')} or ${tag(r('node_pressure_io_stalled_seconds_total'), 'io')})`,
    disk: `sum by (instance) (${r('node_disk_read_bytes_total')}) + sum by (instance) (${r('node_disk_written_bytes_total')})`,
    net: `sum by (instance) (${r('node_network_receive_bytes_total', 'device!="lo"')}) + sum by (instance) (${r('node_network_transmit_bytes_total', 'device!="lo"')})`,
  };
}

/** GPU stats: dcgm-exporter's names; frame buffer in MiB as DCGM reports it. */
export function gpuExprs(m: string): Record<string, string> {
  const util = sel('DCGM_FI_DEV_GPU_UTIL', '', m);
  return {
    gpuCount: `count by (instance) (${util})`,
    gpuUtilMean: `avg by (instance) (${util})`,
    gpuUtilMax: `max by (instance) (${util})`,
    gpuMemUsed: `sum by (instance) (${sel('DCGM_FI_DEV_FB_USED', '', m)})`,
    gpuMemTotal: `sum by (instance) (${sel('DCGM_FI_DEV_FB_USED', '', m)} + ${sel('DCGM_FI_DEV_FB_FREE', '', m)})`,
    gpuTempMax: `max by (instance) (${sel('DCGM_FI_DEV_GPU_TEMP', '', m)})`,
    gpuPower: `sum by (instance) (${sel('DCGM_FI_DEV_POWER_USAGE', '', m)})`,
  };
}

/** What only a SmoothTask agent exports. */
export function smoothtaskExprs(w: string, m: string): Record<string, string> {
  return {
    alerts: `sum by (instance) (${sel('smoothtask_alerts_firing', '', m)})`,
    topProcess: `topk by (instance) (1, rate(${sel('smoothtask_process_cpu_seconds_total', '', m)}[${w}]))`,
    rqP99: `max by (instance) (histogram_quantile(0.99, sum by (instance, group, le) (rate(${sel('smoothtask_runqueue_latency_seconds_bucket', '', m)}[${w}]))))`,
  };
}

/** The overview's queries for rate window `w` ("1m"). */
export function overviewBatches(w: string): OverviewBatch[] {
  return [
    // Every target with its labels (for grouping).
    { id: 'targets', query: batch({ up: 'up' }) },
    { id: 'node', query: batch(nodeExprs(w, '')) },
    { id: 'gpu', query: batch(gpuExprs('')) },
    { id: 'smoothtask', query: batch(smoothtaskExprs(w, '')) },
  ];
}

/**
 * When each of the down targets `instances` was last up within the hour. A subquery over every
 * target was the costliest part of a refresh at 500 hosts (bench/README.md), so it is asked only
 * for the targets that are down.
 */
export function lastUpQuery(instances: readonly string[]): string {
  const m = `instance=~${JSON.stringify(instances.map(escapeRegex).join('|'))}`;
  return `label_replace(max by (instance) (max_over_time(timestamp(${sel('up', m, '')} == 1)[1h:5s])), "${STAT_LABEL}", "lastUp", "", "")`;
}
