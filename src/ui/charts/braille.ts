/**
 * Braille charts: each terminal cell is a 2x4 grid of dots (Unicode block U+2800–U+28FF), so a
 * chart W cells wide and H cells tall plots 2W samples at 4H vertical steps. Pure functions from
 * numbers to strings; colour is applied by the caller per line, never per cell (see docs/ui.md).
 *
 * Dot numbering (Unicode "Braille Patterns"): left column dots 1,2,3,7 = bits 0x01,0x02,0x04,0x40;
 * right column dots 4,5,6,8 = bits 0x08,0x10,0x20,0x80, top to bottom.
 */

const BRAILLE_BASE = 0x2800;
/** DOT_BITS[column][row], row 0 at the top of the cell. */
const DOT_BITS: readonly (readonly number[])[] = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

/** Value range a chart maps onto its height. */
export interface ChartRange {
  min: number;
  max: number;
}

/** The last `count` samples, left-padded with NaN so the newest sample sits at the right edge. */
export function lastSamples(values: readonly number[], count: number): number[] {
  const tail = values.slice(Math.max(0, values.length - count));
  return tail.length < count ? [...new Array<number>(count - tail.length).fill(Number.NaN), ...tail] : tail;
}

/** Dot row (0 = bottom) of a value, or undefined for NaN; out-of-range values are clamped. */
export function dotLevel(value: number, range: ChartRange, dots: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const span = range.max - range.min;
  const f = span > 0 ? (value - range.min) / span : 0;
  return Math.max(0, Math.min(dots - 1, Math.round(f * (dots - 1))));
}

/**
 * A line chart `width` x `height` cells. Consecutive samples are joined by a vertical run of dots
 * so the line has no holes; a NaN sample (n/a) leaves its column blank and breaks the line.
 * With `fill`, every dot below the line is set too (an area chart).
 */
export function brailleChart(values: readonly number[], width: number, height: number, range: ChartRange, fill = false): string[] {
  if (width <= 0 || height <= 0) return [];
  const dotsHigh = height * 4;
  const samples = lastSamples(values, width * 2);
  const cells = new Uint8Array(width * height);
  let prev: number | undefined;
  for (let x = 0; x < samples.length; x++) {
    const level = dotLevel(samples[x], range, dotsHigh);
    if (level === undefined) {
      prev = undefined;
      continue;
    }
    const lo = fill ? 0 : Math.min(level, prev ?? level);
    const hi = fill ? level : Math.max(level, prev ?? level);
    const col = x >> 1;
    for (let y = lo; y <= hi; y++) {
      const fromTop = dotsHigh - 1 - y;
      cells[(fromTop >> 2) * width + col] |= DOT_BITS[x & 1][fromTop & 3];
    }
    prev = level;
  }
  const lines: string[] = [];
  for (let row = 0; row < height; row++) {
    let line = '';
    for (let col = 0; col < width; col++) {
      const bits = cells[row * width + col];
      line += bits === 0 ? ' ' : String.fromCharCode(BRAILLE_BASE + bits);
    }
    lines.push(line);
  }
  return lines;
}

/** A one-line braille area chart: 2 samples per cell, 4 levels plus blank. */
export function brailleSparkline(values: readonly number[], width: number, range: ChartRange): string {
  return brailleChart(values, width, 1, range, true)[0] ?? '';
}
