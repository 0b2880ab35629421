/**
 * An alert rule as the engine uses it (the config file's [[alerts.rules]], validated), and the
 * comparison it makes. docs/alerts.md describes every field. The vocabulary config validates
 * against and alerts evaluate lives here, so neither of those imports the other.
 */
import type { AlertSeverity } from '../types/snapshot.js';
import type { ProcessSelector } from './metrics.js';

export type CompareOp = '>' | '>=' | '<' | '<=';

export const COMPARE_OPS: readonly CompareOp[] = ['>', '>=', '<', '<='];

/** Built-in sinks; any other sink name is a webhook's name. */
export const SCREEN_SINK = 'screen';
export const DESKTOP_SINK = 'desktop';

export interface AlertRule {
  name: string;
  /** A name from METRICS (src/rules/metrics.ts). */
  metric: string;
  /** Per-process rules only: which processes. */
  selector?: ProcessSelector;
  op: CompareOp;
  threshold: number;
  /** The condition must hold this long before the alert fires. */
  forMs: number;
  /**
   * Hysteresis: a firing alert resolves only once `value op clear` stops holding. Defaults to the
   * threshold. Lies on the safe side of it (≤ threshold for > and >=, ≥ for < and <=).
   */
  clear?: number;
  severity: AlertSeverity;
  /** After a resolve, the same rule and subject do not fire again for this long. */
  cooldownMs: number;
  /** 'screen', 'desktop', or webhook names. */
  sinks: string[];
}

export function compare(value: number, op: CompareOp, level: number): boolean {
  switch (op) {
    case '>':
      return value > level;
    case '>=':
      return value >= level;
    case '<':
      return value < level;
    case '<=':
      return value <= level;
  }
}

/** True when `clear` lies on the safe side of `threshold` for this comparison. */
export function clearIsSafe(op: CompareOp, threshold: number, clear: number): boolean {
  return op === '>' || op === '>=' ? clear <= threshold : clear >= threshold;
}
