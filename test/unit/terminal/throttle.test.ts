/**
 * The throttle Ink's render and writes go through (src/ui/terminal/throttle.ts): a call runs at
 * once when the last run was at least `wait` ago, even while the last window's timer has not run
 * (a busy event loop: what held the first frame with data back under es-toolkit's), and otherwise
 * at the end of the window with the latest arguments. The clock and the timers are driven apart,
 * so a timer can be late, as on a busy loop.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../../src/ui/terminal/throttle.js';

const WAIT = 34;

describe('throttle', () => {
  let clock = 0;
  beforeEach(() => {
    clock = 1000;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Time passes; the timers that fall due run only when the loop is free. */
  const elapse = (ms: number, loopFree = true) => {
    clock += ms;
    if (loopFree) vi.advanceTimersByTime(ms);
  };

  it('runs the first call at once and a call within the window at its end, with the latest arguments', () => {
    const runs: number[] = [];
    const t = throttle((n: number) => runs.push(n), WAIT, { leading: true, trailing: true });
    t(1);
    expect(runs).toEqual([1]);
    elapse(10);
    t(2);
    t(3);
    expect(runs).toEqual([1]);
    elapse(23);
    expect(runs).toEqual([1]);
    elapse(1);
    expect(runs).toEqual([1, 3]);
  });

  it("runs a call at once when the last run was a window ago, though that window's timer has not run (a busy loop)", () => {
    const runs: number[] = [];
    const t = throttle((n: number) => runs.push(n), WAIT, { leading: true, trailing: true });
    t(1);
    elapse(5);
    t(2); // waits for the window's end
    elapse(120, false); // the loop is busy past it
    t(3);
    expect(runs).toEqual([1, 3]);
    // The late timer finds nothing left to run.
    elapse(0);
    vi.runAllTimers();
    expect(runs).toEqual([1, 3]);
  });

  it("with no wait, runs every call at once (Ink's write throttle)", () => {
    const runs: number[] = [];
    const t = throttle((n: number) => runs.push(n), undefined, { leading: true, trailing: true });
    t(1);
    t(2);
    expect(runs).toEqual([1, 2]);
  });

  it('flush runs the waiting call now; cancel drops it', () => {
    const runs: number[] = [];
    const t = throttle((n: number) => runs.push(n), WAIT);
    t(1);
    t(2);
    t.flush();
    expect(runs).toEqual([1, 2]);
    t.flush();
    expect(runs).toEqual([1, 2]);
    elapse(1);
    t(3);
    t.cancel();
    vi.runAllTimers();
    expect(runs).toEqual([1, 2]);
  });

  it('refuses options it does not implement', () => {
    expect(() => throttle(() => 0, WAIT, { leading: false })).toThrow(/only leading and trailing/);
  });

  it('over random calls, timers on time or late: runs at most once a window, at once when it may, and never loses the latest call', () => {
    type Op = { kind: 'call' } | { kind: 'elapse'; ms: number; loopFree: boolean };
    const op = fc.oneof(
      fc.constant<Op>({ kind: 'call' }),
      fc.record({ kind: fc.constant('elapse' as const), ms: fc.integer({ min: 0, max: 3 * WAIT }), loopFree: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        vi.clearAllTimers();
        const runs: { arg: number; at: number }[] = [];
        const t = throttle((arg: number) => runs.push({ arg, at: clock }), WAIT);
        let calls = 0;
        for (const o of ops) {
          if (o.kind === 'elapse') {
            elapse(o.ms, o.loopFree);
            continue;
          }
          calls += 1;
          const last = runs.at(-1);
          const before = runs.length;
          t(calls);
          if (last === undefined || clock - last.at >= WAIT) expect(runs.slice(before)).toEqual([{ arg: calls, at: clock }]);
          else expect(runs).toHaveLength(before);
        }
        // Runs are a window apart (a late timer runs later, never sooner), in call order.
        for (let i = 1; i < runs.length; i++) {
          expect(runs[i].at - runs[i - 1].at).toBeGreaterThanOrEqual(WAIT);
          expect(runs[i].arg).toBeGreaterThan(runs[i - 1].arg);
        }
        // Once the loop is free again, the latest call has run.
        elapse(WAIT);
        vi.runAllTimers();
        if (calls > 0) expect(runs.at(-1)!.arg).toBe(calls);
      }),
    );
  });
});
