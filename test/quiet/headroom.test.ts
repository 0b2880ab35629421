/**
 * No false alarm: on an idle machine (this file runs after every other test, alone), a real
 * Monitor sampling once a second for 60 s judges every sample "headroom". A resource that cannot
 * be judged here is reported as no data, never as a limit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Monitor } from '../../src/runtime/monitor.js';
import { verdictLine } from '../../src/verdict/format.js';

let monitor: Monitor | undefined;
afterAll(() => monitor?.stop());

describe('an idle machine', () => {
  it('has headroom in every sample over 60 s', async () => {
    monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}) });
    const alarms: string[] = [];
    await monitor.tick();
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const v = (await monitor.tick()).verdict!;
      if (!v.headroom) alarms.push(`${v.takenAt}: ${verdictLine(v)}`);
    }
    expect(alarms).toEqual([]);
  }, 90_000);
});
