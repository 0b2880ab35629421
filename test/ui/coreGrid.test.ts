/** The CPU panel's heat grid layout: one cell per core, labelled rows, shades, n/a cells and the legend. */
import { describe, expect, it } from 'vitest';
import { coreGridWidth, layoutCoreGrid, NA_CELL, shadeFor } from '../../src/ui/panels/CoreGrid.js';

const cores = (n: number, busy: (id: number) => number | undefined = (id) => (id * 7) % 100) =>
  Array.from({ length: n }, (_, id) => ({ id, times: busy(id) === undefined ? undefined : { busy: busy(id) } }));

describe('core grid layout', () => {
  it('puts every core in one cell, rows labelled with their first core id', () => {
    for (const [n, width, maxRows] of [
      [128, 44, 5],
      [256, 68, 4],
      [256, 121, 11],
      [7, 20, 3],
    ]) {
      const grid = layoutCoreGrid(cores(n), width, maxRows, false);
      expect(grid.hidden).toBe(0);
      expect(grid.rows.length).toBeLessThanOrEqual(maxRows);
      let next = 0;
      for (const row of grid.rows) {
        expect(Number(row.label)).toBe(next);
        expect(row.label.length + 1 + row.cells.length).toBeLessThanOrEqual(width);
        expect(row.cells.map((c) => c.id)).toEqual(Array.from({ length: row.cells.length }, (_, i) => next + i));
        next += row.cells.length;
      }
      expect(next).toBe(n);
    }
  });

  it('coreGridWidth is wide enough for every core in the rows given', () => {
    for (const [n, rows] of [
      [256, 4],
      [192, 5],
      [128, 3],
    ]) {
      expect(layoutCoreGrid(cores(n), coreGridWidth(cores(n), rows), rows, false).hidden).toBe(0);
    }
  });

  it('shades by quarter, never blank, and marks cores with no reading apart from idle ones', () => {
    expect([0, 24.9, 25, 49, 50, 74, 75, 100].map((p) => shadeFor(p, false)).join('')).toBe('░░▒▒▓▓██');
    expect([0, 25, 50, 75].map((p) => shadeFor(p, true)).join('')).toBe('.:*#');
    expect(shadeFor(undefined, false)).toBe(NA_CELL);
    expect(shadeFor(undefined, true)).toBe(NA_CELL);
    expect([' ', '░', '.'].includes(NA_CELL)).toBe(false);
  });

  it('the legend counts the cores, the n/a ones and names the busiest', () => {
    const grid = layoutCoreGrid(
      cores(256, (id) => (id === 5 || id === 9 ? undefined : id === 17 ? 98 : id === 203 ? 97 : 10)),
      120,
      8,
      false,
    );
    expect(grid.legend).toBe('256 cores: ░<25% ▒<50% ▓<75% █≥75%, ? n/a 2, busiest: 17 98%, 203 97%, 0 10%');
    expect(
      grid.rows
        .flatMap((r) => r.cells)
        .filter((c) => c.char === NA_CELL)
        .map((c) => c.id),
    ).toEqual([5, 9]);
    expect(layoutCoreGrid(cores(8), 40, 1, true).legend).toMatch(/^8 cores: \.<25% :<50% \*<75% #>=75%/);
  });

  it('says how many cores are left out where not even the grid fits, and keeps the legend within the width', () => {
    const grid = layoutCoreGrid(cores(256), 44, 2, false);
    expect(grid.rows.flatMap((r) => r.cells)).toHaveLength(80);
    expect(grid.hidden).toBe(176);
    expect(grid.legend).toMatch(/^256 cores: \+176 not shown/);
    expect(grid.legend.length).toBeLessThanOrEqual(44);
  });
});
