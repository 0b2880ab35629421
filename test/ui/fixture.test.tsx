/** A real snapshot (test/fixtures/debian12-2cpu-vm-snapshot) drawn at every size and mode. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/types/snapshot.js';
import { KEYS, renderApp, tick } from './helpers/render.js';
import { lines, plain, tablePids } from './helpers/frame.js';

const recorded = JSON.parse(readFileSync(new URL('../fixtures/debian12-2cpu-vm-snapshot/snapshot.json', import.meta.url), 'utf8')) as Snapshot;

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('a recorded snapshot', () => {
  for (const [columns, rows] of [
    [80, 24],
    [100, 40],
    [120, 40],
    [200, 50],
    [250, 70],
  ]) {
    for (const ascii of [false, true]) {
      it(`fits ${columns}x${rows}${ascii ? ' --ascii' : ''} with nothing unformatted`, async () => {
        const r = renderApp({ snapshot: recorded, columns, rows, ascii, color: '16' });
        unmount = () => r.instance.unmount();
        await tick();
        for (const view of ['table', 'tree', 'help']) {
          if (view === 'tree') await r.press('t');
          if (view === 'help') await r.press('?');
          const ls = lines(r.frame());
          expect(ls.length).toBeLessThanOrEqual(rows);
          for (const l of ls) expect([...l].length).toBeLessThanOrEqual(columns);
          expect(plain(r.frame())).not.toMatch(/NaN|undefined|null|Infinity|\[object/);
        }
        await r.press(KEYS.escape);
        expect(plain(r.frame())).toContain(recorded.host.hostname);
        expect(tablePids(r.frame()).length).toBeGreaterThanOrEqual(10);
        if (ascii) expect(plain(r.frame())).not.toMatch(/[\u2500-\u259f\u2800-\u28ff…]/);
      });
    }
  }
});
