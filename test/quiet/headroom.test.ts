/**
 * No false alarm: on an idle machine (this file runs after every other test, alone), a real
 * Monitor sampling once a second for 60 s, once the pressure left by the tests before has
 * decayed, judges every sample "headroom". A resource that cannot
 * be judged here is reported as no data, never as a limit.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Monitor } from '../../src/runtime/monitor.js';
import { verdictLine } from '../../src/verdict/format.js';

let monitor: Monitor | undefined;
afterAll(() => monitor?.stop());

describe('an idle machine', () => {
  it('has headroom in every sample over 60 s', async () => {
    // The tests before this one loaded the machine on purpose, and PSI's avg10 decays over tens of
    // seconds: wait (at most 90 s) until no pressure average is above 5% before judging.
    const calm = () => ['cpu', 'io', 'memory'].every((r) => Number(/^some avg10=([\d.]+)/m.exec(readFileSync(`/proc/pressure/${r}`, 'utf8'))?.[1] ?? 0) < 5);
    for (let waited = 0; !calm() && waited < 90_000; waited += 1000) await new Promise((r) => setTimeout(r, 1000));
    monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}) });
    const alarms: string[] = [];
    await monitor.tick();
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const v = (await monitor.tick()).verdict!;
      if (!v.headroom) alarms.push(`${v.takenAt}: ${verdictLine(v)}`);
    }
    expect(alarms).toEqual([]);
  }, 180_000);
});
