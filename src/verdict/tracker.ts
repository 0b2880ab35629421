/**
 * Hysteresis: a resource becomes limiting when its rule stays at almost-critical or worse for
 * `raise` samples in a row, and stops when it stays below for `clear` samples in a row, so the
 * verdict line does not flicker with every sample. One tracker per screen or agent.
 */
import { kindRank, levelRank, worstRatio } from './level.js';
import type { Finding, Resource } from './types.js';

/** Samples in a row that raise or clear a resource, unless told otherwise. */
export const DEFAULT_SAMPLES = 3;

export interface HysteresisOptions {
  /** Samples in a row at almost-critical or worse before a resource is named. Default 3. */
  raise?: number;
  /** Samples in a row below that before it is no longer named. Default 3. */
  clear?: number;
}

interface Run {
  active: boolean;
  /** Samples in a row against the current state (towards raising or clearing). */
  streak: number;
}

const isHot = (f: Finding) => f.level === 'critical' || f.level === 'almost';

/** Errors over saturation over utilisation, then critical over almost, then stall share, then how far past. */
function rankFindings(a: Finding, b: Finding): number {
  return (
    kindRank(b.kind) - kindRank(a.kind) ||
    levelRank(b.level) - levelRank(a.level) ||
    (b.stallPercent ?? -1) - (a.stallPercent ?? -1) ||
    worstRatio(b.evidence) - worstRatio(a.evidence)
  );
}

export class VerdictTracker {
  private readonly runs = new Map<Resource, Run>();
  private readonly raise: number;
  private readonly clear: number;

  constructor(opts: HysteresisOptions = {}) {
    this.raise = opts.raise ?? DEFAULT_SAMPLES;
    this.clear = opts.clear ?? DEFAULT_SAMPLES;
  }

  /** Feed one sample's findings; the resources limiting now, ranked. */
  update(findings: readonly Finding[]): Finding[] {
    const limiting: Finding[] = [];
    for (const f of findings) {
      const run = this.runs.get(f.resource) ?? { active: false, streak: 0 };
      // While active, a sample with no data neither clears nor confirms: the last word stands.
      if (f.level !== 'no-data') {
        const against = run.active ? !isHot(f) : isHot(f);
        run.streak = against ? run.streak + 1 : 0;
        if (run.streak >= (run.active ? this.clear : this.raise)) {
          run.active = !run.active;
          run.streak = 0;
        }
      }
      this.runs.set(f.resource, run);
      if (run.active) limiting.push(f);
    }
    return limiting.sort(rankFindings);
  }
}
