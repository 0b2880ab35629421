/**
 * The rules engine. It runs on every snapshot the store publishes (Store.addProcessor) and fills
 * `snapshot.alerts`. It does no I/O and reads no clock: time is the snapshot's `takenAt`, so the
 * same snapshots always give the same alerts and events. Sinks (screen, desktop, webhooks)
 * listen for its events; see ./dispatch.ts.
 *
 * Per rule and subject: (nothing) → pending when the condition holds → firing once it has held
 * for `for` → resolved when the value crosses back past `clear` (hysteresis) or the subject goes
 * away. After a resolve the pair cannot fire again for `cooldown`. Between them, `for`, `clear`
 * and `cooldown` absorb a flapping value. An undefined value never starts or advances a pending
 * alert (it resets it), and never resolves a firing one: unknown is not 0.
 */
import type { AlertState, Snapshot } from '../types/snapshot.js';
import { samplesOf } from '../rules/metrics.js';
import { compare, type AlertRule } from '../rules/rule.js';

export interface AlertEvent {
  kind: 'firing' | 'resolved';
  alert: AlertState;
  rule: AlertRule;
  /** Silenced alerts reach the screen only. */
  silenced: boolean;
}

export type AlertListener = (event: AlertEvent) => void;

interface Track {
  id: string;
  rule: AlertRule;
  subject: string;
  subjectKey: string;
  state: 'pending' | 'firing';
  startedAt: number;
  firingSince?: number;
  value: number;
  peak: number;
  acknowledged?: boolean;
}

export interface EngineOptions {
  /** Resolved alerts kept for the history view. */
  historyLimit?: number;
}

const SEVERITY_ORDER = { critical: 0, warning: 1 } as const;

/** Is `b` worse than `a` for this rule (higher for > rules, lower for < rules)? */
function worse(rule: AlertRule, a: number, b: number): boolean {
  return rule.op === '>' || rule.op === '>=' ? b > a : b < a;
}

export class AlertEngine {
  private rules: AlertRule[];
  private readonly tracks = new Map<string, Track>();
  /** Track key → end of the cooldown that began when it last resolved. */
  private readonly coolUntil = new Map<string, number>();
  /** Track key → silenced until (ms since epoch). */
  private readonly silences = new Map<string, number>();
  /** Resolved alerts, newest first. */
  private readonly past: AlertState[] = [];
  private readonly listeners = new Set<AlertListener>();
  private readonly historyLimit: number;
  private now = 0;

  constructor(rules: readonly AlertRule[], opts: EngineOptions = {}) {
    this.rules = [...rules];
    this.historyLimit = opts.historyLimit ?? 100;
  }

  /** Replace the rules (hot reload). Alerts of rules that are gone move to the history quietly. */
  setRules(rules: readonly AlertRule[]): void {
    this.rules = [...rules];
    const byName = new Map(rules.map((r) => [r.name, r]));
    for (const [key, t] of this.tracks) {
      const next = byName.get(t.rule.name);
      if (next) {
        t.rule = next;
      } else {
        this.tracks.delete(key);
        if (t.state === 'firing') this.remember(this.stateOf(key, t, 'resolved', this.now));
      }
    }
  }

  getRules(): readonly AlertRule[] {
    return this.rules;
  }

  /** Listen for firing and resolved events; returns the unsubscribe function. */
  onEvent(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Mark an active alert as seen. False when no active alert has this id. */
  acknowledge(id: string): boolean {
    for (const t of this.tracks.values()) {
      if (t.id === id) {
        t.acknowledged = true;
        return true;
      }
    }
    return false;
  }

  /**
   * Keep an alert's rule and subject off the desktop and webhooks for `ms` from the latest
   * snapshot's time (it still shows on screen, marked). False when no active alert has this id.
   */
  silence(id: string, ms: number): boolean {
    for (const [key, t] of this.tracks) {
      if (t.id === id) {
        this.silences.set(key, this.now + ms);
        return true;
      }
    }
    return false;
  }

  /** Active alerts (firing, then pending) followed by the history (resolved, newest first). */
  alerts(): AlertState[] {
    const active = [...this.tracks].map(([key, t]) => this.stateOf(key, t, t.state));
    active.sort(
      (a, b) => (a.state === 'firing' ? 0 : 1) - (b.state === 'firing' ? 0 : 1) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.since - b.since,
    );
    return [...active, ...this.past];
  }

  /** Evaluate every rule on a snapshot; returns it with `alerts` filled. For Store.addProcessor. */
  process = (snapshot: Snapshot): Snapshot => {
    const now = Date.parse(snapshot.takenAt);
    if (Number.isFinite(now)) this.now = now;
    // Both maps are keyed by subject too (processes come and go): prune so they stay bounded.
    for (const [key, until] of this.silences) if (until <= this.now) this.silences.delete(key);
    for (const [key, until] of this.coolUntil) if (until <= this.now) this.coolUntil.delete(key);
    for (const rule of this.rules) this.evaluate(rule, snapshot);
    return { ...snapshot, alerts: this.alerts() };
  };

  private evaluate(rule: AlertRule, snapshot: Snapshot): void {
    const seen = new Set<string>();
    for (const sample of samplesOf(rule.metric, snapshot, rule.selector)) {
      const key = `${rule.name}\u0000${sample.key}`;
      seen.add(key);
      const v = sample.value;
      let t = this.tracks.get(key);
      if (v === undefined) {
        if (t?.state === 'pending') this.tracks.delete(key);
        continue;
      }
      if (t === undefined || t.state === 'pending') {
        if (!compare(v, rule.op, rule.threshold)) {
          if (t) this.tracks.delete(key);
          continue;
        }
        if (t === undefined) {
          t = {
            id: `${rule.name}|${sample.key}|${this.now}`,
            rule,
            subject: sample.subject,
            subjectKey: sample.key,
            state: 'pending',
            startedAt: this.now,
            value: v,
            peak: v,
          };
          this.tracks.set(key, t);
        }
      }
      t.subject = sample.subject;
      t.value = v;
      if (worse(rule, t.peak, v)) t.peak = v;
      if (t.state === 'pending') {
        const cooling = this.now < (this.coolUntil.get(key) ?? -Infinity);
        if (this.now - t.startedAt >= rule.forMs && !cooling) {
          t.state = 'firing';
          t.firingSince = this.now;
          this.emit('firing', key, t);
        }
      } else if (!compare(v, rule.op, rule.clear ?? rule.threshold)) {
        this.resolve(key, t);
      }
    }
    for (const [key, t] of this.tracks) {
      if (t.rule.name !== rule.name || seen.has(key)) continue;
      // The subject is gone (a process exited, a filesystem was unmounted).
      if (t.state === 'firing') this.resolve(key, t);
      else this.tracks.delete(key);
    }
  }

  private resolve(key: string, t: Track): void {
    this.tracks.delete(key);
    if (t.rule.cooldownMs > 0) this.coolUntil.set(key, this.now + t.rule.cooldownMs);
    const state = this.stateOf(key, t, 'resolved', this.now);
    this.remember(state);
    this.emitState('resolved', state, t.rule, key);
  }

  private remember(state: AlertState): void {
    this.past.unshift(state);
    if (this.past.length > this.historyLimit) this.past.length = this.historyLimit;
  }

  private emit(kind: AlertEvent['kind'], key: string, t: Track): void {
    this.emitState(kind, this.stateOf(key, t, t.state), t.rule, key);
  }

  private emitState(kind: AlertEvent['kind'], alert: AlertState, rule: AlertRule, key: string): void {
    const silenced = (this.silences.get(key) ?? 0) > this.now;
    for (const l of this.listeners) l({ kind, alert, rule, silenced });
  }

  private stateOf(key: string, t: Track, state: AlertState['state'], endedAt?: number): AlertState {
    const silencedUntil = this.silences.get(key);
    return {
      id: t.id,
      rule: t.rule.name,
      metric: t.rule.metric,
      subject: t.subject,
      subjectKey: t.subjectKey,
      severity: t.rule.severity,
      state,
      value: t.value,
      peak: t.peak,
      threshold: t.rule.threshold,
      since: t.firingSince ?? t.startedAt,
      ...(endedAt !== undefined ? { endedAt } : {}),
      ...(t.acknowledged ? { acknowledged: true } : {}),
      ...(silencedUntil !== undefined && silencedUntil > this.now ? { silencedUntil } : {}),
    };
  }
}
