/**
 * The per-core heat grid the CPU panel draws when a bar per core does not fit (GPU servers have
 * 128 to 256 cores): one cell per core, its busy % as a shade, rows labelled with their first core
 * id, and a legend line with the core count, the shades, the n/a count and the busiest cores.
 */
import React from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { CpuCore } from '../../types/snapshot.js';
import { useSettings } from '../context.js';
import { levelColor } from '../theme.js';
import { Line } from '../components/Line.js';

/** Shades for busy < 25, < 50, < 75 and ≥ 75 %. A blank is never a level: it would read as "no core". */
const SHADES = { unicode: ['░', '▒', '▓', '█'], ascii: ['.', ':', '*', '#'] };
/** A core with no reading (times undefined): shown, but never as an idle shade. */
export const NA_CELL = '?';
/** Cells per row are rounded to a multiple of this where it costs no extra row, so labels step evenly. */
const ROW_STEP = 8;

export interface GridCell {
  id: number;
  char: string;
  /** undefined when the core has no reading. */
  percent: number | undefined;
}

export interface GridRow {
  /** The first core id of the row, padded to the widest id. */
  label: string;
  cells: GridCell[];
}

export interface CoreGridLayout {
  rows: GridRow[];
  /** Cores left out because not even the grid fits (0 when every core is drawn). */
  hidden: number;
  legend: string;
}

/** The shade of a busy percentage (0..100). */
export function shadeFor(percent: number | undefined, ascii: boolean): string {
  if (percent === undefined || !Number.isFinite(percent)) return NA_CELL;
  const shades = ascii ? SHADES.ascii : SHADES.unicode;
  return shades[Math.max(0, Math.min(3, Math.floor(percent / 25)))];
}

/** Cells of the row label: the widest core id. */
function labelWidth(cores: CpuCore[]): number {
  return String(Math.max(0, ...cores.map((c) => c.id))).length;
}

/** The narrowest width (label included) in which every core fits in `maxRows` rows of cells. */
export function coreGridWidth(cores: CpuCore[], maxRows: number): number {
  return labelWidth(cores) + 1 + Math.ceil(cores.length / Math.max(1, maxRows));
}

/** Cells per row: as many as `width` holds after the label, spread evenly over the rows needed. */
function cellsPerRow(count: number, room: number): number {
  const rows = Math.ceil(count / room);
  const even = Math.ceil(count / rows);
  const stepped = Math.ceil(even / ROW_STEP) * ROW_STEP;
  return stepped <= room ? stepped : even;
}

/** The legend, its parts added in order of importance while they fit in `width`. */
function legendText(cores: CpuCore[], hidden: number, ascii: boolean, width: number): string {
  const s = ascii ? SHADES.ascii : SHADES.unicode;
  const na = cores.filter((c) => c.times?.busy === undefined).length;
  const busiest = cores
    .filter((c) => c.times?.busy !== undefined)
    .sort((a, b) => b.times!.busy! - a.times!.busy! || a.id - b.id)
    .slice(0, 3)
    .map((c) => `${c.id} ${Math.round(c.times!.busy!)}%`);
  let text = `${cores.length} cores:`;
  const parts = [
    ...(hidden > 0 ? [` +${hidden} not shown`] : []),
    ` ${s[0]}<25% ${s[1]}<50% ${s[2]}<75% ${s[3]}${ascii ? '>=' : '≥'}75%`,
    ...(na > 0 ? [`, ${NA_CELL} n/a ${na}`] : []),
    ...busiest.map((b, i) => (i === 0 ? `, busiest: ${b}` : `, ${b}`)),
  ];
  for (const part of parts) {
    if (text.length + part.length > width) break;
    text += part;
  }
  return text;
}

/**
 * Lay out `cores` in a grid `width` cells wide with at most `maxRows` rows of cells (the legend
 * is a line of its own). Pure, so the panel test and this one agree on what is drawn.
 */
export function layoutCoreGrid(cores: CpuCore[], width: number, maxRows: number, ascii: boolean): CoreGridLayout {
  const idWidth = labelWidth(cores);
  const room = Math.max(1, width - idWidth - 1);
  const perRow = cores.length === 0 ? room : cellsPerRow(cores.length, room);
  const rowCount = Math.min(Math.max(0, maxRows), Math.ceil(cores.length / perRow));
  const rows = Array.from({ length: rowCount }, (_, r) => {
    const slice = cores.slice(r * perRow, (r + 1) * perRow);
    return {
      label: String(slice[0].id).padStart(idWidth),
      cells: slice.map((c) => ({ id: c.id, char: shadeFor(c.times?.busy, ascii), percent: c.times?.busy })),
    };
  });
  const hidden = cores.length - Math.min(cores.length, rowCount * perRow);
  return { rows, hidden, legend: legendText(cores, hidden, ascii, width) };
}

/** Consecutive cells of one colour, so a row costs one colour escape per run, not per core. */
function colourRuns(cells: GridCell[], colour: (p: number | undefined) => string | undefined): { colour: string | undefined; text: string }[] {
  const runs: { colour: string | undefined; text: string }[] = [];
  for (const cell of cells) {
    const c = colour(cell.percent);
    const last = runs.at(-1);
    if (last !== undefined && last.colour === c) last.text += cell.char;
    else runs.push({ colour: c, text: cell.char });
  }
  return runs;
}

export interface CoreGridProps {
  cores: CpuCore[];
  /** Cells across, label included. */
  width: number;
  /** Lines for the grid, legend included. */
  height: number;
  /** The legend line below the cells (left out where it would take a row the cells need). */
  legend?: boolean;
}

export const CoreGrid = React.memo(function CoreGrid({ cores, width, height, legend = true }: CoreGridProps) {
  const { theme, ascii } = useSettings();
  const grid = layoutCoreGrid(cores, width, legend ? height - 1 : height, ascii);
  return (
    <Box flexDirection="column">
      {grid.rows.map((row) => (
        <Line key={row.label}>
          <Text color={theme.label}>{`${row.label} `}</Text>
          {colourRuns(row.cells, (p) => levelColor(theme, p)).map((run, i) => (
            <Text key={i} color={run.colour}>
              {run.text}
            </Text>
          ))}
        </Line>
      ))}
      {legend ? <Line color={theme.dim}>{grid.legend}</Line> : null}
    </Box>
  );
});
