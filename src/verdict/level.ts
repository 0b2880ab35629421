/** Grading one measured value against its threshold, and combining grades. */
import { ALMOST_SHARE } from './thresholds.js';
import type { Evidence, Kind, Level, Threshold } from './types.js';

/**
 * critical at or past the threshold, almost past atop's 80% of it, ok below, no-data when the
 * value was not measured. A threshold of 0 (errors) has no "almost": any value above it is critical.
 */
export function grade(value: number | undefined, t: Threshold): Level {
  if (value === undefined || !Number.isFinite(value) || t.value === undefined) return 'no-data';
  if (t.value === 0) return value > 0 ? 'critical' : 'ok';
  if (value >= t.value) return 'critical';
  if (value >= t.value * ALMOST_SHARE) return 'almost';
  return 'ok';
}

const LEVEL_RANK: Record<Level, number> = { critical: 3, almost: 2, ok: 1, 'no-data': 0 };
const KIND_RANK: Record<Kind, number> = { errors: 3, saturation: 2, utilization: 1 };

export function levelRank(level: Level): number {
  return LEVEL_RANK[level];
}

export function kindRank(kind: Kind): number {
  return KIND_RANK[kind];
}

/**
 * The worst level of some evidence: no-data only when nothing was measured. Supporting evidence
 * counts only when nothing else was measured.
 */
export function worstLevel(evidence: readonly Evidence[]): Level {
  let worst: Level = 'no-data';
  for (const e of evidence) if (!e.supporting && LEVEL_RANK[e.level] > LEVEL_RANK[worst]) worst = e.level;
  if (worst !== 'no-data') return worst;
  for (const e of evidence) if (LEVEL_RANK[e.level] > LEVEL_RANK[worst]) worst = e.level;
  return worst;
}

/** The kind of the worst evidence that crossed a threshold, else `fallback`. */
export function worstKind(evidence: readonly Evidence[], fallback: Kind): Kind {
  let kind: Kind | undefined;
  for (const e of evidence) {
    if ((e.level !== 'critical' && e.level !== 'almost') || e.supporting) continue;
    if (kind === undefined || KIND_RANK[e.kind] > KIND_RANK[kind]) kind = e.kind;
  }
  return kind ?? fallback;
}

/** How far past its threshold the worst measured evidence is (value ÷ threshold), for ranking. */
export function worstRatio(evidence: readonly Evidence[]): number {
  let ratio = 0;
  for (const e of evidence) {
    if (e.value === undefined || e.threshold.value === undefined || e.threshold.value <= 0) continue;
    ratio = Math.max(ratio, e.value / e.threshold.value);
  }
  return ratio;
}
