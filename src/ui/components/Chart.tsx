/**
 * A history chart: braille line chart, or the ASCII area chart with --ascii. One colour per line
 * (not per cell), which keeps the bytes written per refresh low.
 */
import { Text } from './Text.js';
import { asciiChart, asciiSparkline } from '../charts/ascii.js';
import { brailleChart, brailleSparkline, type ChartRange } from '../charts/braille.js';
import { useSettings } from '../context.js';

/** Range for a rate series: 0 to its largest finite value (1 when all are 0 or n/a). */
export function autoRange(values: readonly number[]): ChartRange {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  return { min: 0, max: max > 0 ? max : 1 };
}

export interface ChartProps {
  values: readonly number[];
  width: number;
  height: number;
  range: ChartRange;
  color?: string;
}

export function Chart({ values, width, height, range, color }: ChartProps) {
  const { ascii } = useSettings();
  const lines = ascii ? asciiChart(values, width, height, range) : brailleChart(values, width, height, range);
  // One Text for the whole chart: its lines change together, so one node is drawn, not one a line.
  // Cut, not wrapped, at the edge (its lines are as wide as the box): a cut text whose size stayed
  // the same leaves the layout as it was (terminal/inkDom.ts).
  return (
    <Text color={color} wrap="truncate">
      {lines.join('\n')}
    </Text>
  );
}

export interface SparklineProps {
  values: readonly number[];
  width: number;
  range: ChartRange;
  color?: string;
}

export function Sparkline({ values, width, range, color }: SparklineProps) {
  const { ascii } = useSettings();
  return (
    <Text color={color} wrap="truncate">
      {ascii ? asciiSparkline(values, width, range) : brailleSparkline(values, width, range)}
    </Text>
  );
}
