/**
 * Replay's chart series: a timeline keeps the values of the samples it charted last, so a step
 * unpacks only the samples new to the window. Whatever the moves before, a window's series equal
 * those a fresh timeline reads at the same moment.
 */
import { describe, expect, it } from 'vitest';
import { dropSamples } from '../../../src/history/retention.js';
import { openForWriting } from '../../../src/history/schema.js';
import { openRecordingTimeline } from '../../../src/history/timeline.js';
import { record } from './record.js';
import { sequence } from './sequence.js';

describe('recording series', () => {
  it('gives the same window after steps, jumps and a shorter length as a fresh read', () => {
    const seq = sequence(24);
    const path = record(seq);
    const t = (i: number) => Date.parse(seq[i].takenAt);
    const moving = openRecordingTimeline(path);
    try {
      for (const [i, length] of [
        [23, 10],
        [22, 10],
        [21, 10],
        [14, 10],
        [15, 10],
        [3, 10],
        [20, 4],
        [23, 30],
      ] as const) {
        const fresh = openRecordingTimeline(path);
        try {
          const series = moving.series(t(i), length);
          expect(series).toEqual(fresh.series(t(i), length));
          // The sequence's cpu.total is the sample's index.
          const first = Math.max(0, i - length + 1);
          expect(series.get('cpu.total')).toEqual(Array.from({ length: i - first + 1 }, (_, k) => first + k));
        } finally {
          fresh.close();
        }
      }
    } finally {
      moving.close();
    }
  });

  it('charts a step thinned while it is shown with the step’s mean, as a fresh read does', () => {
    const seq = sequence(30);
    const path = record(seq);
    const t = Date.parse(seq[29].takenAt);
    const moving = openRecordingTimeline(path);
    try {
      moving.series(t, 20);
      // The agent thins samples 16 to 21 (ids 17 to 22) while replay shows them.
      const db = openForWriting(path);
      dropSamples(db, 17, 22, true);
      db.close();
      const fresh = openRecordingTimeline(path);
      try {
        expect(moving.series(t, 20)).toEqual(fresh.series(t, 20));
        expect(moving.series(t, 20).get('cpu.total')).toContain((16 + 17 + 18 + 19 + 20 + 21) / 6);
      } finally {
        fresh.close();
      }
    } finally {
      moving.close();
    }
  });
});
