/**
 * ASCII fallbacks for terminals without Unicode (--ascii): charts drawn with a ten-step ramp of
 * printable ASCII characters, darker meaning higher. One sample per cell.
 */
import { dotLevel, lastSamples, type ChartRange } from './braille.js';

/** Ten levels, blank to full. */
export const ASCII_RAMP = ' .:-=+*#%@';

/** A one-line chart: one ramp character per sample, blank for n/a. */
export function asciiSparkline(values: readonly number[], width: number, range: ChartRange): string {
  if (width <= 0) return '';
  let out = '';
  for (const v of lastSamples(values, width)) {
    const level = dotLevel(v, range, ASCII_RAMP.length);
    out += level === undefined ? ' ' : ASCII_RAMP[level];
  }
  return out;
}

/**
 * An area chart `width` x `height` cells: full cells are '#', the top cell of each column takes
 * the ramp character for the remainder, n/a columns stay blank.
 */
export function asciiChart(values: readonly number[], width: number, height: number, range: ChartRange): string[] {
  if (width <= 0 || height <= 0) return [];
  const steps = ASCII_RAMP.length - 1;
  const samples = lastSamples(values, width);
  const grid: string[][] = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  for (let x = 0; x < width; x++) {
    const level = dotLevel(samples[x], range, height * steps + 1);
    if (level === undefined) continue;
    for (let row = 0; row < height; row++) {
      const inCell = Math.max(0, Math.min(steps, level - row * steps));
      if (inCell > 0) grid[height - 1 - row][x] = inCell === steps ? '#' : ASCII_RAMP[inCell];
    }
  }
  return grid.map((r) => r.join(''));
}
