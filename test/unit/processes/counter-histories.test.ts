/**
 * The /proc reader's counter histories over passes (src/collectors/processes/counter-histories.ts):
 * against a model of three Maps, one a pass, as the reader kept them before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CounterHistories } from '../../../src/collectors/processes/counter-histories.js';
import { freshHistory, type CounterHistory } from '../../../src/collectors/processes/plan.js';

const history = (startTime: number): CounterHistory => freshHistory(undefined, startTime, undefined);

describe('CounterHistories', () => {
  it("hands on the last pass's history of the same process, and nothing the last pass did not set", () => {
    const h = new CounterHistories();
    h.nextPass();
    const a = history(100);
    h.set(7, a);
    h.set(8, history(200));
    expect(h.count).toBe(2);
    h.nextPass();
    expect(h.count).toBe(0);
    expect(h.last(7, 100)).toBe(a);
    // Its pid now holds another process.
    expect(h.last(8, 201)).toBeUndefined();
    expect(h.last(9, 100)).toBeUndefined();
    h.nextPass();
    // Not set by the pass before.
    expect(h.last(7, 100)).toBeUndefined();
  });

  it('hands a history to be written again only two passes on, and only once', () => {
    const h = new CounterHistories();
    h.nextPass();
    const a = history(100);
    h.set(7, a);
    h.nextPass();
    expect(h.spare(7)).toBeUndefined();
    const b = history(100);
    h.set(7, b);
    h.nextPass();
    expect(h.last(7, 100)).toBe(b);
    expect(h.spare(7)).toBe(a);
    expect(h.spare(7)).toBeUndefined();
  });

  it('lets go of a process that no pass of the last two set', () => {
    const h = new CounterHistories();
    h.nextPass();
    h.set(7, history(100));
    for (let i = 0; i < 5; i++) h.nextPass();
    // Kept, its pass-1 history would be the spare now (a pass modulo 3).
    expect(h.spare(7)).toBeUndefined();
  });

  it('agrees with three Maps rotated each pass, and never hands out a history the last pass or this one holds', () => {
    const pass = fc.array(fc.record({ pid: fc.integer({ min: 1, max: 6 }), startTime: fc.integer({ min: 1, max: 2 }), spare: fc.boolean() }), { maxLength: 8 });
    fc.assert(
      fc.property(fc.array(pass, { minLength: 1, maxLength: 12 }), (passes) => {
        const h = new CounterHistories();
        let current = new Map<number, CounterHistory>();
        for (const sets of passes) {
          h.nextPass();
          const last = current;
          current = new Map();
          for (const { pid, startTime, spare } of sets) {
            const model = last.get(pid);
            expect(h.last(pid, startTime)).toBe(model !== undefined && model.startTime === startTime ? model : undefined);
            const taken = spare ? h.spare(pid) : undefined;
            if (taken !== undefined) {
              expect([...last.values(), ...current.values()]).not.toContain(taken);
            }
            const next = freshHistory(taken, startTime, undefined);
            h.set(pid, next);
            current.set(pid, next);
          }
          expect(h.count).toBe(sets.length);
        }
      }),
    );
  });
});
