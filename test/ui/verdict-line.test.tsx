/**
 * The verdict line under the header: drawn from snapshot.verdict as the store publishes it (the
 * Monitor's verdict processor), so the screen and `why` say the same; n/a for a snapshot recorded
 * without one.
 */
import { describe, expect, it } from 'vitest';
import { verdictLine } from '../../src/verdict/format.js';
import { verdictProcessor } from '../../src/verdict/processor.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { KEYS, renderApp, tick } from './helpers/render.js';
import { lines, plain } from './helpers/frame.js';
import { proc, testSnapshot } from './helpers/snapshots.js';

/** A snapshot judged three times in a row, as three ticks of the Monitor would. */
function judged(s: Snapshot): Snapshot {
  const process = verdictProcessor();
  process(s);
  process(s);
  return process(s);
}

describe('verdict line', () => {
  it('names the limit, its evidence and its hog on the third header line, within the width', async () => {
    const base = testSnapshot();
    const s = judged({
      ...base,
      pressure: { cpu: { some: { avg10: 82, avg60: 70, avg300: 40, totalUs: 1 } } },
      cpu: { total: { busy: 100 }, cores: base.cpu?.cores ?? [] },
      processes: [proc(4242, 'stress-ng', { cpuPercent: 99.5 }), ...base.processes],
    });
    for (const [columns, rows] of [
      [80, 24],
      [200, 50],
    ]) {
      const r = renderApp({ snapshot: s, columns, rows });
      await tick();
      const third = plain(lines(r.frame())[2]);
      expect(third).toBe(verdictLine(s.verdict!).slice(0, columns));
      expect(third).toMatch(/^CPU saturated · PSI cpu some, avg10 82\.0% · hog stress-ng \(4242\)/);
      r.instance.unmount();
    }
  });

  it('says headroom on a quiet host, and n/a for a snapshot recorded without a verdict', async () => {
    const quiet = judged(testSnapshot());
    const r = renderApp({ snapshot: quiet, columns: 200, rows: 50 });
    await tick();
    expect(plain(lines(r.frame())[2])).toMatch(/^headroom: nothing limits this host now/);
    r.instance.unmount();
    const recorded = renderApp({ snapshot: testSnapshot(), columns: 200, rows: 50 });
    await tick();
    expect(plain(lines(recorded.frame())[2])).toBe('verdict n/a (this snapshot was recorded without one)');
    recorded.instance.unmount();
  });

  it('V opens the full verdict, the list keys scroll it, and Esc returns to the table', async () => {
    const base = testSnapshot();
    const s = judged({
      ...base,
      pressure: { cpu: { some: { avg10: 82, avg60: 70, avg300: 40, totalUs: 1 } } },
      processes: [proc(4242, 'stress-ng', { cpuPercent: 99.5 }), ...base.processes],
    });
    const r = renderApp({ snapshot: s, columns: 120, rows: 30 });
    await tick();
    await r.press('V');
    const open = plain(r.frame());
    expect(open).toMatch(/Verdict \(lines 1-\d+ of \d+\)/);
    expect(open).toContain('1. CPU: saturation, critical; stalled 82.0% of the last 10 s');
    expect(open).toContain('threshold: below (facebookincubator/below): PSI above 40% is highlighted');
    await r.press(KEYS.end);
    expect(plain(r.frame())).toContain('CPU time stolen by the hypervisor');
    await r.press(KEYS.escape);
    expect(plain(r.frame())).not.toContain('Verdict (lines');
    expect(plain(r.frame())).toMatch(/PID\s+USER/);
    r.instance.unmount();
  });
});
