/**
 * Pure views over `snapshot.alerts` (the engine puts the active alerts first, then the history):
 * what the alert panel, the history view, the acknowledge/silence keys and the marks on process
 * rows and panels work on.
 */
import type { AlertState } from '../types/snapshot.js';

/** Pending and firing alerts, in the engine's order (firing first, critical first, oldest first). */
export function activeAlerts(alerts: readonly AlertState[]): AlertState[] {
  return alerts.filter((a) => a.state !== 'resolved');
}

/** Resolved alerts, newest first. */
export function resolvedAlerts(alerts: readonly AlertState[]): AlertState[] {
  return alerts.filter((a) => a.state === 'resolved');
}

/** Processes with a firing alert, keyed as the process table keys them: `${pid}:${startTime}`. */
export function firingProcessKeys(alerts: readonly AlertState[]): Set<string> {
  const keys = new Set<string>();
  for (const a of alerts) {
    if (a.state === 'firing' && a.subjectKey?.startsWith('proc:')) keys.add(a.subjectKey.slice('proc:'.length));
  }
  return keys;
}

export type AlertPanelName = 'cpu' | 'memory' | 'pressure' | 'disks' | 'network' | 'gpus' | 'sensors';

/** The system panel a metric belongs to; undefined for per-process metrics. */
export function panelOfMetric(metric: string | undefined): AlertPanelName | undefined {
  if (metric === undefined || metric.startsWith('proc.')) return undefined;
  if (metric === 'cpu.temperature_c' || metric.startsWith('sensor.')) return 'sensors';
  if (metric.startsWith('cpu.')) return 'cpu';
  if (metric.startsWith('memory.') || metric.startsWith('swap.') || metric === 'load1') return 'memory';
  if (metric.startsWith('psi.')) return 'pressure';
  if (metric.startsWith('disk.') || metric.startsWith('fs.')) return 'disks';
  if (metric.startsWith('net.')) return 'network';
  if (metric.startsWith('gpu.')) return 'gpus';
  return undefined;
}

/** System panels with a firing alert, for the mark on their title. */
export function firingPanels(alerts: readonly AlertState[]): Set<AlertPanelName> {
  const panels = new Set<AlertPanelName>();
  for (const a of alerts) {
    const p = a.state === 'firing' ? panelOfMetric(a.metric) : undefined;
    if (p) panels.add(p);
  }
  return panels;
}
