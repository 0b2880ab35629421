/**
 * The verdict line under the header: drawn from snapshot.verdict as the store publishes it (the
 * Monitor's verdict processor), so the screen and `why` say the same; n/a for a snapshot recorded
 * without one.
 */
import { describe, expect, it } from 'vitest';
import { verdictLine } from '../../src/verdict/format.js';
import { verdictProcessor } from '../../src/verdict/processor.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { renderApp, tick } from './helpers/render.js';
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
    for (const [columns, rows] of [[80, 24], [200, 50]]) {
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
});
