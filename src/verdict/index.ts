/**
 * The verdict: what limits this host now, with evidence, hogs and victims. `Judge` keeps the
 * hysteresis between samples; each call takes the latest snapshot. Used by the screen's verdict
 * line, `smoothtask why`, and the agent.
 */
import type { Snapshot } from '../types/snapshot.js';
import { adviceFor } from './advice.js';
import { culpritsFor } from './culprits.js';
import { judge } from './rules.js';
import { VerdictTracker, type HysteresisOptions } from './tracker.js';
import { VERDICT_VERSION, type Verdict } from './types.js';

export class Judge {
  private readonly tracker: VerdictTracker;

  constructor(opts: HysteresisOptions = {}) {
    this.tracker = new VerdictTracker(opts);
  }

  verdict(s: Snapshot): Verdict {
    const findings = judge(s);
    const limiting = this.tracker.update(findings);
    const culprits = limiting.map((f) => culpritsFor(f.resource, s));
    return {
      version: VERDICT_VERSION,
      takenAt: s.takenAt,
      limiting,
      headroom: limiting.length === 0,
      noData: findings.filter((f) => f.level === 'no-data').map((f) => f.resource),
      findings,
      culprits,
      advice: adviceFor(culprits, s),
    };
  }
}

export type { Advice, AdviceAction } from './advice.js';
export type { Verdict, Finding, Evidence, Culprit, Culprits, Resource, Level } from './types.js';
