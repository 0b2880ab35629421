/**
 * One rule per resource: from a snapshot to a Finding with its evidence. Rules only read what
 * the snapshot holds; an input it lacks is evidence with `missing` and level no-data, never ok.
 * docs/verdict.md lists every rule, its inputs and thresholds.
 */
import type { CollectorName, PressureLine, Snapshot } from '../types/snapshot.js';
import { percentOf } from '../util/percent.js';
import { grade, worstKind, worstLevel } from './level.js';
import { THRESHOLDS, withValue } from './thresholds.js';
import type { Evidence, Finding, Kind, Resource, Threshold } from './types.js';

/** "pressure via proc": the collector and the backend that produced its numbers this tick. */
function sourceOf(snapshot: Snapshot, collector: CollectorName): string {
  const backend = snapshot.sources[collector]?.backend;
  return backend ? `${collector} via ${backend}` : `${collector} (no source)`;
}

/** Why a collector produced nothing, from its source status. */
function whyMissing(snapshot: Snapshot, collector: CollectorName, what: string): string {
  const reason = snapshot.sources[collector]?.reason;
  return reason ? `${what} not measured: ${reason}` : `${what} not measured`;
}

interface Input {
  label: string;
  value: number | undefined;
  unit: string;
  collector: CollectorName;
  window: string;
  threshold: Threshold;
  kind: Kind;
  /** Said when value is undefined. */
  missing: string;
  supporting?: boolean;
}

function evidence(snapshot: Snapshot, i: Input): Evidence {
  const level = grade(i.value, i.threshold);
  return {
    label: i.label,
    ...(i.value === undefined ? {} : { value: i.value }),
    unit: i.unit,
    source: sourceOf(snapshot, i.collector),
    window: i.window,
    threshold: i.threshold,
    kind: i.kind,
    level,
    ...(level === 'no-data' ? { missing: i.missing } : {}),
    ...(i.supporting ? { supporting: true } : {}),
  };
}

function finding(resource: Resource, fallback: Kind, evidence: Evidence[], extra: Partial<Finding> = {}): Finding {
  return { resource, kind: worstKind(evidence, fallback), level: worstLevel(evidence), evidence, ...extra };
}

function psi(snapshot: Snapshot, resource: 'cpu' | 'memory' | 'io', line: 'some' | 'full', t: Threshold): Input {
  const value: PressureLine | undefined = snapshot.pressure?.[resource]?.[line];
  return {
    label: `PSI ${resource} ${line}, avg10`,
    value: value?.avg10,
    unit: '%',
    collector: 'pressure',
    window: 'last 10 s',
    threshold: t,
    kind: 'saturation',
    missing: snapshot.pressure ? `PSI ${resource} ${line} not reported by this kernel` : whyMissing(snapshot, 'pressure', 'PSI'),
  };
}

const INTERVAL = 'last interval';

function cpuRule(s: Snapshot): Finding {
  const cpus = s.host.cpuCount;
  const inputs: Input[] = [
    psi(s, 'cpu', 'some', THRESHOLDS.psiSome),
    {
      label: 'load average (1 min) per CPU',
      value: s.memory?.load1 === undefined || cpus <= 0 ? undefined : s.memory.load1 / cpus,
      unit: 'per CPU',
      collector: 'memory',
      window: 'last 1 min (decaying)',
      threshold: THRESHOLDS.loadPerCpu,
      kind: 'saturation',
      missing: whyMissing(s, 'memory', 'load average'),
      // Load also counts tasks blocked on I/O: where the kernel reports CPU pressure, that decides.
      supporting: s.pressure?.cpu?.some !== undefined,
    },
    {
      label: 'CPU busy, all CPUs',
      value: s.cpu?.total?.busy,
      unit: '%',
      collector: 'cpu',
      window: INTERVAL,
      threshold: THRESHOLDS.cpuBusy,
      kind: 'utilization',
      missing: whyMissing(s, 'cpu', 'CPU time'),
    },
  ];
  return finding(
    'cpu',
    'saturation',
    inputs.map((i) => evidence(s, i)),
    { stallPercent: s.pressure?.cpu?.some?.avg10 },
  );
}

function memoryRule(s: Snapshot): Finding {
  const m = s.memory;
  const inputs: Input[] = [
    psi(s, 'memory', 'full', THRESHOLDS.memoryFull),
    psi(s, 'memory', 'some', THRESHOLDS.psiSome),
    {
      label: 'memory used without page cache',
      value: percentOf(m?.usedBytes, m?.totalBytes),
      unit: '%',
      collector: 'memory',
      window: 'now',
      threshold: THRESHOLDS.memoryUsed,
      kind: 'utilization',
      missing: whyMissing(s, 'memory', 'MemAvailable'),
    },
  ];
  // No swap configured is a fact, not a gap: there is nothing to fill up, nothing to swap out.
  if (m?.swapTotalBytes !== 0) {
    inputs.push({
      label: 'pages swapped out',
      value: m?.swapOutPagesPerSec,
      unit: 'pages/s',
      collector: 'memory',
      window: 'last interval',
      threshold: THRESHOLDS.swapOut,
      kind: 'saturation',
      missing: whyMissing(s, 'memory', 'swap-out rate (/proc/vmstat)'),
    });
    inputs.push({
      label: 'swap used',
      value: percentOf(m?.swapUsedBytes, m?.swapTotalBytes),
      unit: '%',
      collector: 'memory',
      window: 'now',
      threshold: THRESHOLDS.swapUsed,
      kind: 'utilization',
      missing: whyMissing(s, 'memory', 'swap'),
    });
  }
  return finding(
    'memory',
    'saturation',
    inputs.map((i) => evidence(s, i)),
    { stallPercent: s.pressure?.memory?.some?.avg10 },
  );
}

function ioRule(s: Snapshot): Finding {
  const devices = s.disks?.devices ?? [];
  let busiest = devices[0];
  for (const d of devices) if ((d.busyPercent ?? -1) > (busiest?.busyPercent ?? -1)) busiest = d;
  const ev = [
    psi(s, 'io', 'some', THRESHOLDS.psiSome),
    {
      label: busiest ? `disk ${busiest.name} busy` : 'busiest disk busy',
      value: busiest?.busyPercent,
      unit: '%',
      collector: 'disks',
      window: INTERVAL,
      threshold: THRESHOLDS.diskBusy,
      kind: 'utilization',
      missing: devices.length === 0 ? whyMissing(s, 'disks', 'disks') : 'disk busy time not yet measured (needs two reads)',
    } satisfies Input,
  ].map((i) => evidence(s, i));
  return finding('io', 'saturation', ev, { stallPercent: s.pressure?.io?.some?.avg10, ...(busiest ? { subject: busiest.name } : {}) });
}

function networkRule(s: Snapshot): Finding {
  const interfaces = s.network?.interfaces ?? [];
  const errorsOf = (n: (typeof interfaces)[number]) => {
    const parts = [n.rxErrorsPerSec, n.txErrorsPerSec, n.rxDropsPerSec, n.txDropsPerSec];
    return parts.some((p) => p === undefined) ? undefined : parts.reduce<number>((a, b) => a + (b ?? 0), 0);
  };
  let worst = interfaces[0];
  for (const n of interfaces) if ((errorsOf(n) ?? -1) > (worst ? (errorsOf(worst) ?? -1) : -1)) worst = n;
  const ev = [
    evidence(s, {
      label: worst ? `interface ${worst.name} errors and drops` : 'interface errors and drops',
      value: worst ? errorsOf(worst) : undefined,
      unit: '/s',
      collector: 'network',
      window: INTERVAL,
      threshold: THRESHOLDS.netErrors,
      kind: 'errors',
      missing: interfaces.length === 0 ? whyMissing(s, 'network', 'interfaces') : 'error rates not yet measured (needs two reads)',
    }),
  ];
  return finding('network', 'errors', ev, worst ? { subject: worst.name } : {});
}

/** The busiest GPU's use and memory; undefined on a host without GPUs (nothing to judge). */
function gpuRule(s: Snapshot): Finding | undefined {
  if (s.gpus.length === 0) return undefined;
  const memPercent = (g: (typeof s.gpus)[number]) => percentOf(g.memUsedBytes, g.memTotalBytes);
  let busiest = s.gpus[0];
  for (const g of s.gpus) if ((g.utilPercent ?? -1) > (busiest.utilPercent ?? -1)) busiest = g;
  let fullest = s.gpus[0];
  for (const g of s.gpus) if ((memPercent(g) ?? -1) > (memPercent(fullest) ?? -1)) fullest = g;
  const ev = [
    evidence(s, {
      label: `gpu${busiest.index} busy`,
      value: busiest.utilPercent,
      unit: '%',
      collector: 'gpus',
      window: 'driver sample period',
      threshold: THRESHOLDS.gpuBusy,
      kind: 'utilization',
      missing: busiest.unavailable?.utilPercent ?? 'the driver reports no utilisation',
    }),
    evidence(s, {
      label: `gpu${fullest.index} memory used`,
      value: memPercent(fullest),
      unit: '%',
      collector: 'gpus',
      window: 'now',
      threshold: THRESHOLDS.gpuMemory,
      kind: 'utilization',
      missing: fullest.unavailable?.memUsedBytes ?? 'the driver reports no memory use',
    }),
  ];
  return finding('gpu', 'utilization', ev, { subject: `gpu${busiest.index}` });
}

/** GPUs past their slowdown temperature and sensors past their chip's limit. */
function thermalRule(s: Snapshot): Finding {
  const ev: Evidence[] = [];
  for (const g of s.gpus) {
    if (g.temperatureC === undefined || g.slowdownTempC === undefined) continue;
    ev.push(
      evidence(s, {
        label: `gpu${g.index} temperature`,
        value: g.temperatureC,
        unit: '°C',
        collector: 'gpus',
        window: 'now',
        threshold: withValue(THRESHOLDS.gpuSlowdown, g.slowdownTempC),
        kind: 'saturation',
        missing: '',
      }),
    );
  }
  for (const t of s.sensors?.temperatures ?? []) {
    const limit = t.highC ?? t.critC;
    if (limit === undefined || limit <= 0) continue;
    ev.push(
      evidence(s, {
        label: t.label,
        value: t.value,
        unit: '°C',
        collector: 'sensors',
        window: 'now',
        threshold: withValue(THRESHOLDS.sensorHigh, limit),
        kind: 'saturation',
        missing: '',
      }),
    );
  }
  if (ev.length === 0) {
    ev.push({
      label: 'temperatures with a limit',
      unit: '°C',
      source: sourceOf(s, 'sensors'),
      window: 'now',
      threshold: THRESHOLDS.sensorHigh,
      kind: 'saturation',
      level: 'no-data',
      missing: 'no sensor or GPU here reports a temperature limit',
    });
  }
  return finding('thermal', 'saturation', ev);
}

function stealRule(s: Snapshot): Finding {
  return finding('steal', 'utilization', [
    evidence(s, {
      label: 'CPU time stolen by the hypervisor',
      value: s.cpu?.total?.steal,
      unit: '%',
      collector: 'cpu',
      window: INTERVAL,
      threshold: THRESHOLDS.steal,
      kind: 'utilization',
      missing: whyMissing(s, 'cpu', 'steal time'),
    }),
  ]);
}

/** Every rule over one snapshot, in a fixed order. */
export function judge(s: Snapshot): Finding[] {
  const gpu = gpuRule(s);
  return [cpuRule(s), memoryRule(s), ioRule(s), networkRule(s), ...(gpu ? [gpu] : []), thermalRule(s), stealRule(s)];
}
