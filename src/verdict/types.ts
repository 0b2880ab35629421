/**
 * The verdict's vocabulary: what limits the host, the evidence for it, who causes it and who
 * suffers. Plain serialisable values, so `smoothtask why --json` prints them as they are
 * (docs/verdict.md documents the JSON and its version).
 */
import type { Advice } from './advice.js';

/** The resources a verdict can name. */
export type Resource = 'cpu' | 'memory' | 'io' | 'network' | 'gpu' | 'thermal' | 'steal';

/**
 * How bad one input is: past its critical threshold, past the "almost critical" share of it
 * (atop's 80%), below both, or not measured here (never taken for "ok").
 */
export type Level = 'critical' | 'almost' | 'ok' | 'no-data';

/** USE-method order: errors outrank saturation, which outranks utilisation. */
export type Kind = 'errors' | 'saturation' | 'utilization';

/** A threshold and where its value comes from (a tool's default, a paper, or our own choice). */
export interface Threshold {
  /** Absent where the limit is the subject's own (a chip's, a driver's) and none was reported. */
  value?: number;
  unit: string;
  origin: string;
}

/** One number behind a verdict: what it is, its value, where it came from, and what it crossed. */
export interface Evidence {
  /** What was measured, in words: "PSI cpu some, avg10". */
  label: string;
  /** Undefined when not measured here (then `missing` says why). */
  value?: number;
  unit: string;
  /** Where the number came from: the collector and its backend ("pressure via proc"). */
  source: string;
  /** The window the number covers: "last 10 s", "last interval". */
  window: string;
  threshold: Threshold;
  /** What crossing it means in the USE method's terms. */
  kind: Kind;
  level: Level;
  /** Why the value is absent, when it is. */
  missing?: string;
  /**
   * Shown, but does not set the finding's level: a weaker signal that a better one measured
   * here replaces (the load average, which also counts tasks blocked on I/O, beside CPU PSI).
   */
  supporting?: boolean;
}

/** One resource judged over one snapshot. */
export interface Finding {
  resource: Resource;
  /** The worst kind among the inputs that crossed a threshold (or the rule's main kind). */
  kind: Kind;
  /** The worst level among its inputs; 'no-data' only when no input was measured. */
  level: Level;
  /**
   * The share of time lost to stalls (PSI some avg10, %) where the kernel reports it for this
   * resource: what ranks limiting resources against each other.
   */
  stallPercent?: number;
  /** The subject the finding is about, where it is narrower than the host ("vda", "gpu0"). */
  subject?: string;
  evidence: Evidence[];
}

/** A process that consumes most of the limiting resource, or suffers most from it. */
export interface Culprit {
  pid: number;
  startTime: number;
  comm: string;
  user?: string;
  /**
   * The figure it is listed with (what it used, or waited); undefined when it is listed for its
   * state (D, blocked on I/O). CPU victims are ranked by their wait, leaving out the processes runnable all the time.
   */
  value?: number;
  unit: string;
  label: string;
  /** For a victim: how long it waited in the last interval, ms, where measured. */
  waitedMs?: number;
  /** For a victim listed for its cgroup's stall: the cgroup (v2 path), whose figure `value` is. */
  cgroup?: string;
}

/** Who causes and who suffers, for one resource, with what could not be known. */
export interface Culprits {
  resource: Resource;
  hogs: Culprit[];
  victims: Culprit[];
  /** Inputs that would name hogs or victims but are not measured here, and why. */
  missing: string[];
}

/** Version of the `why --json` document (docs/verdict.md). */
export const VERDICT_VERSION = 1;

/** The verdict for one moment, after hysteresis. */
export interface Verdict {
  version: typeof VERDICT_VERSION;
  /** ISO 8601 time of the snapshot judged. */
  takenAt: string;
  /** The resources that limit the host now, ranked; empty when it has headroom. */
  limiting: Finding[];
  /** Nothing limits the host now (the resources in `noData` could not be judged). */
  headroom: boolean;
  /** Resources no rule could judge here, for lack of every input. */
  noData: Resource[];
  /** Every rule's finding this moment, including those below threshold and those with no data. */
  findings: Finding[];
  /** Hogs and victims for each limiting resource, in the same order. */
  culprits: Culprits[];
  /** What to do about the top hogs, with the expected effect (advice.ts); empty with headroom. */
  advice: Advice[];
}
