import { describe, expect, it } from 'vitest';
import { History } from '../../../src/store/history.js';
import { seriesOf } from '../../../src/store/series.js';
import { MemoryTimeline } from '../../../src/timeline/memory.js';
import type { ProcessRow, Snapshot } from '../../../src/types/snapshot.js';
import { processKey } from '../../../src/util/processKey.js';
import { snap } from '../alerts/snapshots.js';

/** A process row with `cpu` % (test input). */
function row(pid: number, cpu: number): ProcessRow {
  return { pid, startTime: pid * 10, ppid: 1, state: 'S', comm: `p${pid}`, cmdline: '', cpuPercent: cpu };
}

/** A sample at `seconds` with CPU busy `busy` and these processes. */
function sample(seconds: number, busy: number, processes: ProcessRow[] = []): Snapshot {
  return snap(seconds, { cpu: { total: { busy }, cores: [] }, processes });
}

/** Pushes `samples` into a timeline as the store does: the history records each first. */
function held(samples: Snapshot[], bound = { samples: 100, rows: 1000 }) {
  const history = new History(100);
  const timeline = new MemoryTimeline(history, bound);
  for (const s of samples) {
    history.record(seriesOf(s));
    timeline.push(s);
  }
  return timeline;
}

const t = (s: Snapshot) => Date.parse(s.takenAt);

describe('MemoryTimeline', () => {
  const samples = [0, 1, 2, 3, 4].map((i) => sample(i, i * 10));

  it('finds the sample in force at a time, clamped to the first', () => {
    const tl = held(samples);
    expect(tl.range()).toEqual({ first: t(samples[0]), last: t(samples[4]), samples: 5 });
    expect(tl.at(t(samples[2]))).toBe(samples[2]);
    expect(tl.at(t(samples[2]) + 500)).toBe(samples[2]);
    expect(tl.at(t(samples[0]) - 60_000)).toBe(samples[0]);
    expect(tl.at(t(samples[4]) + 60_000)).toBe(samples[4]);
  });

  it('steps by samples, clamped to the range', () => {
    const tl = held(samples);
    expect(tl.step(t(samples[2]), -1)).toBe(samples[1]);
    expect(tl.step(t(samples[2]), 2)).toBe(samples[4]);
    expect(tl.step(t(samples[2]), -10)).toBe(samples[0]);
    expect(tl.step(t(samples[2]), 10)).toBe(samples[4]);
  });

  it('gives the chart history ending at the cursor, at most `length` long', () => {
    const tl = held(samples);
    expect(tl.series(t(samples[2]), 100).get('cpu.total')).toEqual([0, 10, 20]);
    expect(tl.series(t(samples[4]), 2).get('cpu.total')).toEqual([30, 40]);
  });

  it('drops the oldest samples past the sample bound and the row bound', () => {
    const bySamples = held(samples, { samples: 3, rows: 1000 });
    expect(bySamples.range()?.samples).toBe(3);
    expect(bySamples.at(0)).toBe(samples[2]);
    // Charts still reach back past the samples held (the history is the store's, longer).
    expect(bySamples.series(t(samples[2]), 100).get('cpu.total')).toEqual([0, 10, 20]);

    const big = [0, 1, 2].map((i) => sample(i, 1, [row(1, i), row(2, i), row(3, i)]));
    const byRows = held(big, { samples: 100, rows: 7 });
    expect(byRows.range()?.samples).toBe(2);
    expect(byRows.at(0)).toBe(big[1]);
    // One sample is always held, however many rows it has.
    const one = held(big, { samples: 100, rows: 1 });
    expect(one.range()?.samples).toBe(1);
  });

  it("gives a process's rows from its first to its last sample, by pid and start time", () => {
    const tl = held([sample(0, 1, [row(7, 1)]), sample(1, 1, [row(7, 2), row(8, 5)]), sample(2, 1, [row(8, 6)])]);
    const p7 = tl.process(processKey(7, 70));
    expect(p7?.rows.map((r) => r.cpuPercent)).toEqual([1, 2]);
    expect(p7?.times).toEqual([t(sample(0, 1)), t(sample(1, 1))]);
    expect(tl.process(processKey(7, 71))).toBeUndefined();
  });

  it('holds what it has while frozen, counting the samples the chart history records meanwhile', () => {
    const history = new History(100);
    const tl = new MemoryTimeline(history, { samples: 2, rows: 1000 });
    const push = (s: Snapshot) => {
      history.record(seriesOf(s));
      tl.push(s);
    };
    push(samples[0]);
    push(samples[1]);
    tl.freeze(true);
    push(samples[2]);
    push(samples[3]);
    expect(tl.range()).toEqual({ first: t(samples[0]), last: t(samples[1]), samples: 2 });
    expect(tl.series(t(samples[1]), 100).get('cpu.total')).toEqual([0, 10]);
    tl.freeze(false);
    push(samples[4]);
    expect(tl.range()).toEqual({ first: t(samples[1]), last: t(samples[4]), samples: 2 });
    expect(tl.series(t(samples[4]), 100).get('cpu.total')).toEqual([0, 10, 20, 30, 40]);
  });

  it('MemoryTimeline.of holds every snapshot given, with their charts', () => {
    const tl = MemoryTimeline.of(samples, 'replay');
    expect(tl.kind).toBe('replay');
    expect(tl.range()?.samples).toBe(5);
    expect(tl.series(t(samples[1]), 10).get('cpu.total')).toEqual([0, 10]);
  });

  it('is empty before the first sample', () => {
    const tl = held([]);
    expect(tl.range()).toBeUndefined();
    expect(tl.at(0)).toBeUndefined();
    expect(tl.step(0, 1)).toBeUndefined();
    expect(tl.series(0, 10).size).toBe(0);
  });
});
