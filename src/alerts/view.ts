/**
 * Pure views over `snapshot.alerts` (the engine puts the active alerts first, then the history):
 * what the alert panel, the history view and the acknowledge/silence keys work on.
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
