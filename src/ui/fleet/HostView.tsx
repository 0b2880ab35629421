/**
 * One host: six charts over the last hour from range queries (CPU, memory, load per core,
 * network, disk, GPU utilisation), then its GPUs and its top processes, which scroll. Esc
 * returns to the fleet. The data is the poller's (snapshot.host); this only draws it.
 */
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { HostChartId, HostDetail } from '../../fleet/types.js';
import { autoRange, Chart } from '../components/Chart.js';
import { Line } from '../components/Line.js';
import { useSettings } from '../context.js';
import { fmtPercent, fmtRate, fmtNumber } from '../format.js';
import { hostLines, resample } from './hostLines.js';
import { statusWords } from './words.js';

export interface HostViewProps {
  detail: HostDetail | undefined;
  width: number;
  height: number;
  offset: number;
}

interface ChartSpec {
  id: HostChartId;
  title: string;
  percent: boolean;
  text: (v: number | undefined) => string;
}

const CHARTS: readonly ChartSpec[] = [
  { id: 'cpu', title: 'CPU %', percent: true, text: fmtPercent },
  { id: 'mem', title: 'memory used %', percent: true, text: fmtPercent },
  { id: 'load', title: 'load per core', percent: false, text: (v) => fmtNumber(v, 2) },
  { id: 'gpu', title: 'GPU util % (mean)', percent: true, text: fmtPercent },
  { id: 'net', title: 'network rx+tx', percent: false, text: fmtRate },
  { id: 'disk', title: 'disk read+write', percent: false, text: fmtRate },
];

/** Lines the charts take: per row of two charts, a title line and the chart. */
export function chartLines(height: number): { chartHeight: number; lines: number } {
  const chartHeight = height >= 30 ? 4 : height >= 22 ? 3 : 2;
  return { chartHeight, lines: (CHARTS.length / 2) * (chartHeight + 1) };
}

function last(values: readonly number[] | undefined): number | undefined {
  if (values === undefined) return undefined;
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return undefined;
}

export function HostView({ detail, width, height, offset }: HostViewProps) {
  const { theme } = useSettings();
  if (detail === undefined) return <Text>no host open</Text>;
  const { chartHeight, lines: chartRows } = chartLines(height);
  const half = Math.floor((width - 2) / 2);
  const bad = detail.status.state !== 'ok' && detail.status.state !== 'connecting';
  const list = hostLines(detail);
  const room = Math.max(0, height - 1 - chartRows);
  const from = Math.min(offset, Math.max(0, list.length - room));
  const pairs = [CHARTS.slice(0, 2), CHARTS.slice(2, 4), CHARTS.slice(4, 6)];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Line bold color={bad ? theme.crit : theme.title}>
        {`${detail.host}: the last hour${bad ? `  ${statusWords(detail.status)}` : ''}${detail.at === undefined ? '  (loading)' : ''}`}
      </Line>
      {pairs.map((pair, pi) => (
        <Box key={pi} flexDirection="row" height={chartHeight + 1}>
          {pair.map((c) => {
            const values = detail.charts[c.id];
            const shown = values === undefined ? [] : resample(values, half * 2);
            return (
              <Box key={c.id} flexDirection="column" width={half} marginRight={1}>
                <Line color={theme.label}>{`${c.title}: ${values === undefined ? 'n/a (not exported)' : c.text(last(values))}`}</Line>
                <Chart values={shown} width={half} height={chartHeight} range={c.percent ? { min: 0, max: 100 } : autoRange(shown)} color={theme.chart} />
              </Box>
            );
          })}
        </Box>
      ))}
      {list.slice(from, from + room).map((l, i) => (
        <Line key={i} bold={l.kind !== 'text'} color={l.kind === 'title' ? theme.title : l.kind === 'header' ? theme.label : undefined}>
          {l.text}
        </Line>
      ))}
    </Box>
  );
}
