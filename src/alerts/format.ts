/**
 * Alert values in words: with the unit of the metric they come from, for the alert panel,
 * desktop notifications and webhook text.
 */
import type { AlertState } from '../types/snapshot.js';
import { METRICS } from '../rules/metrics.js';
import { formatIecBytes } from '../util/bytes.js';

function plain(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) >= 100 ? 0 : 1);
}

/** A metric value with its unit: 93.4%, 1.2 GiB, 5.0 MiB/s, 87 °C. */
export function formatMetricValue(metric: string | undefined, value: number): string {
  const unit = metric ? METRICS[metric]?.unit : undefined;
  switch (unit) {
    case '%':
      return `${plain(value)}%`;
    case 'bytes':
      return formatIecBytes(value);
    case 'bytes/s':
      return `${formatIecBytes(value)}/s`;
    case '°C':
      return `${plain(value)} °C`;
    case 'W':
      return `${plain(value)} W`;
    case 'µs':
      return `${plain(value)} µs`;
    default:
      return plain(value);
  }
}

/** "memory-low: / at 93.4% (threshold 90%)" — one line for notifications. */
export function describeAlert(a: AlertState): string {
  const v = formatMetricValue(a.metric, a.value);
  const th = formatMetricValue(a.metric, a.threshold);
  return a.state === 'resolved'
    ? `${a.rule} resolved: ${a.subject} at ${v} (peak ${formatMetricValue(a.metric, a.peak)}, threshold ${th})`
    : `${a.rule}: ${a.subject} at ${v} (threshold ${th})`;
}

/** How long ago: "45s", "12m", "3h", "2d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}
