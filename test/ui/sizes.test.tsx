/**
 * Every terminal size from 1x1 to 300x100 (in steps) draws the recorded snapshot
 * (test/fixtures/debian12-2cpu-vm-snapshot) without an exception and without a line wider than
 * the terminal: below 80x24 the "too small" message, at or above it a frame with the header.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_COLUMNS, MIN_ROWS } from '../../src/ui/layout.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { renderApp, tick, until } from './helpers/render.js';
import { lines, plain } from './helpers/frame.js';

const recorded = JSON.parse(readFileSync(new URL('../fixtures/debian12-2cpu-vm-snapshot/snapshot.json', import.meta.url), 'utf8')) as Snapshot;

const WIDTHS = [1, 2, 5, 10, 20, 40, 60, 79, 80, 100, 120, 160, 200, 250, 300];
const HEIGHTS = [1, 2, 5, 10, 20, 23, 24, 30, 40, 50, 70, 100];

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** Text with every space and line break removed: Ink wraps the message at narrow widths. */
const squeezed = (text: string) => text.replace(/\s+/g, '');

function expectFits(frame: string, columns: number, rows: number): void {
  for (const l of lines(frame)) expect([...l].length, `a line of ${columns}x${rows}`).toBeLessThanOrEqual(columns);
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    expect(squeezed(plain(frame))).toContain(squeezed(`terminal too small: need ${MIN_COLUMNS}x${MIN_ROWS}, have ${columns}x${rows}`));
  } else {
    expect(lines(frame).length).toBeLessThanOrEqual(rows);
    expect(plain(frame)).toContain(recorded.host.hostname);
    expect(plain(frame)).not.toMatch(/NaN|undefined|Infinity|\[object/);
  }
}

function fits(frame: string, columns: number, rows: number): boolean {
  try {
    expectFits(frame, columns, rows);
    return true;
  } catch {
    return false;
  }
}

describe('every terminal size', () => {
  for (const columns of WIDTHS) {
    it(`${columns} columns, ${HEIGHTS[0]} to ${HEIGHTS.at(-1)} rows: too small or a whole frame`, async () => {
      for (const rows of HEIGHTS) {
        const r = renderApp({ snapshot: recorded, columns, rows, color: '16' });
        unmount = () => r.instance.unmount();
        await tick();
        expectFits(r.frame(), columns, rows);
        r.instance.unmount();
        unmount = undefined;
      }
    });
  }

  it('a terminal resized through the sizes, from 1x1 up and back down, redraws without an exception', async () => {
    const r = renderApp({ snapshot: recorded, columns: 1, rows: 1, color: '16' });
    unmount = () => r.instance.unmount();
    const sizes = WIDTHS.flatMap((columns, i) => [[columns, HEIGHTS[i % HEIGHTS.length]] as const]);
    for (const [columns, rows] of [...sizes, ...sizes.toReversed()]) {
      r.stdout.resize(columns, rows);
      // The redraw follows the resize event; on a loaded machine it may take more than a tick.
      await until(() => fits(r.frame(), columns, rows), 5000).catch(() => undefined);
      expectFits(r.frame(), columns, rows);
    }
  });
});
