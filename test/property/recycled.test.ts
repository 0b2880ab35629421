/**
 * Objects written again instead of made anew (a fill of the /proc reader, a counter history):
 * whatever one held before, emptied it is the same as a new one. Each generator names every field
 * of its type (`satisfies ... Record<keyof T, unknown>`), so a field added to the type fails to compile here
 * until it is generated, and then fails the test until the emptying function clears it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freshHistory, type CounterHistory } from '../../src/collectors/processes/plan.js';
import { emptyFill, type ProcessFill } from '../../src/collectors/processes/raw.js';
import { RUNS } from './support/hostile.js';
import { maybeCounter } from './support/samples.js';

const anyNumber = fc.option(fc.double(), { nil: undefined });
const anyText = fc.option(fc.string(), { nil: undefined });
const counterRecord = fc.option(fc.record({ value: fc.nat(), readAt: fc.nat(), source: fc.constantFrom('proc' as const, 'ebpf' as const) }), {
  nil: undefined,
});

const fill = fc.record({
  pid: fc.nat(),
  startTime: fc.nat(),
  cpuTicks: anyNumber,
  nice: anyNumber,
  priority: anyNumber,
  threads: anyNumber,
  kernelThread: fc.option(fc.boolean(), { nil: undefined }),
  rssBytes: anyNumber,
  vszBytes: anyNumber,
  sharedBytes: anyNumber,
  uid: anyNumber,
  user: anyText,
  cmdline: anyText,
  cgroup: anyText,
  readBytes: counterRecord,
  writeBytes: counterRecord,
  runqueueWaitNs: counterRecord,
}) satisfies fc.Arbitrary<Record<keyof ProcessFill, unknown>>;

const history = fc.record({
  startTime: fc.nat(),
  cpuTicks: anyNumber,
  ioTried: fc.boolean(),
  ioDenied: fc.boolean(),
  readBytes: counterRecord,
  writeBytes: counterRecord,
  waitTried: fc.boolean(),
  wait: counterRecord,
  memory: fc.option(fc.record({ vszBytes: fc.nat(), rssBytes: fc.nat(), sharedBytes: fc.nat(), statVsize: fc.nat(), statRss: fc.nat() }), {
    nil: undefined,
  }),
}) satisfies fc.Arbitrary<Record<keyof CounterHistory, unknown>>;

describe('objects written again', () => {
  it('a fill emptied for a process is a new fill for it, and the same object', () => {
    fc.assert(
      fc.property(fill, fc.nat(), fc.nat(), (before, pid, startTime) => {
        const again = emptyFill({ ...before }, pid, startTime);
        expect(again).toStrictEqual(emptyFill(undefined, pid, startTime));
        const kept = { ...before };
        expect(emptyFill(kept, pid, startTime)).toBe(kept);
      }),
      { numRuns: RUNS },
    );
  });

  it('a counter history emptied for a process is a new one for it, and the same object', () => {
    fc.assert(
      fc.property(history, fc.nat(), maybeCounter, (before, startTime, cpuTicks) => {
        const again = freshHistory({ ...before }, startTime, cpuTicks);
        expect(again).toStrictEqual(freshHistory(undefined, startTime, cpuTicks));
        const kept = { ...before };
        expect(freshHistory(kept, startTime, cpuTicks)).toBe(kept);
      }),
      { numRuns: RUNS },
    );
  });
});
