/**
 * GPUs, one box per device: utilisation, memory, power and temperature with trend charts from the
 * gpu.N.* history; "GPU: n/a — <reason>" when there is none (sources.gpus.reason). More GPUs than
 * boxes fit in a row (a server's 8) are lines: one each, or a summary and a grid (gpuRows.ts).
 */
import React from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { GpuDevice } from '../../types/snapshot.js';
import { Sparkline } from '../components/Chart.js';
import { Meter } from '../components/Meter.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings } from '../context.js';
import { useChart } from '../hooks/useChart.js';
import { fmtBytes, fmtNumber, fmtPercent } from '../format.js';
import { percentOf } from '../../util/percent.js';
import { truncateToWidth } from '../../util/sanitize.js';
import { Line } from '../components/Line.js';
import { PanelLabel } from '../components/PanelLabel.js';
import type { PanelProps } from './panelProps.js';
import { gpuCellText, gpuLines, gpuSummaryText } from './gpuRows.js';

/** `items` in rows of `size`. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

export interface GpuPanelProps extends Omit<PanelProps, 'source'> {
  gpus: GpuDevice[];
}

function GpuBox({ gpu, width, height, alerting }: { gpu: GpuDevice; width: number; height: number; alerting: boolean }) {
  const { theme, ascii } = useSettings();
  const chart = useChart();
  const inner = width - 4;
  const meter = Math.min(inner, Math.max(30, Math.floor(inner / 2)));
  const spark = Math.max(0, inner - meter - 1);
  const deg = ascii ? 'C' : '°C';
  const rows: { key: string; label: string; percent: number | undefined; detail: string; range: { min: number; max: number } }[] = [
    { key: 'util', label: 'use', percent: gpu.utilPercent, detail: '', range: { min: 0, max: 100 } },
    {
      key: 'mem',
      label: 'mem',
      percent: percentOf(gpu.memUsedBytes, gpu.memTotalBytes),
      detail: `${fmtBytes(gpu.memUsedBytes)}/${fmtBytes(gpu.memTotalBytes)}`,
      range: { min: 0, max: 100 },
    },
    {
      key: 'power',
      label: 'pwr',
      percent: percentOf(gpu.powerWatts, gpu.powerLimitWatts),
      detail: `${fmtNumber(gpu.powerWatts)}/${fmtNumber(gpu.powerLimitWatts)}W`,
      range: { min: 0, max: gpu.powerLimitWatts ?? 1 },
    },
    {
      key: 'temp',
      label: 'tmp',
      percent: percentOf(gpu.temperatureC, gpu.slowdownTempC),
      detail: `${fmtNumber(gpu.temperatureC)}${deg}`,
      range: { min: 0, max: gpu.slowdownTempC ?? 100 },
    },
  ];
  return (
    <PanelBox
      title={`GPU${gpu.index} ${truncateToWidth(gpu.name ?? 'n/a', Math.max(0, inner - 20))}`}
      source={gpu.source}
      width={width}
      height={height}
      alerting={alerting}
    >
      {rows.slice(0, Math.max(0, height - 3)).map((r) => (
        <Box key={r.key}>
          <Box width={meter + 1}>
            <Meter label={r.label} percent={r.percent} width={meter} detail={r.detail} />
          </Box>
          {spark > 0 ? <Sparkline values={chart(`gpu.${gpu.index}.${r.key}`)} width={spark} range={r.range} color={theme.chart} /> : null}
        </Box>
      ))}
    </PanelBox>
  );
}

export const GpuPanel = React.memo(function GpuPanel({ gpus, reason, variant, width, height, alerting }: GpuPanelProps) {
  const { theme, ascii } = useSettings();
  if (gpus.length === 0) {
    return (
      <Line>
        <Text color={theme.label}>GPU</Text>: n/a {ascii ? '-' : '—'} {reason ?? 'no GPU found'}
      </Line>
    );
  }
  const boxWidth = 60;
  const perRow = Math.max(1, Math.floor(width / boxWidth));
  // Boxes with charts while every device fits in one row; lines otherwise (gpuRows.ts).
  if (variant === 'line' || gpus.length > perRow) {
    const plan = gpuLines(gpus, width, Math.max(1, height), ascii);
    if (plan.kind === 'each') {
      return (
        <Box flexDirection="column" height={height}>
          {gpus.map((g) => (
            <Line key={g.index}>
              <PanelLabel text={`GPU${g.index}`} width={`GPU${g.index}`.length + (alerting ? 2 : 1)} alerting={alerting} />
              use {fmtPercent(g.utilPercent)}% mem {fmtBytes(g.memUsedBytes)}/{fmtBytes(g.memTotalBytes)} pwr {fmtNumber(g.powerWatts)}W tmp{' '}
              {fmtNumber(g.temperatureC)}
              {ascii ? 'C' : '°C'} {g.name ?? ''} [{g.source}]
            </Line>
          ))}
        </Box>
      );
    }
    return (
      <Box flexDirection="column" height={height}>
        <Line>
          <PanelLabel text="GPU" width={alerting ? 4 : 3} alerting={alerting} />
          {gpuSummaryText(gpus, ascii)}
        </Line>
        {plan.kind === 'strip' ? <Line color={theme.dim}>{plan.text}</Line> : null}
        {plan.kind === 'grid'
          ? chunk([...plan.shown.map((g) => gpuCellText(g, ascii)), ...(plan.more > 0 ? [`+${plan.more} more GPUs`] : [])], plan.columns).map((row, i) => (
              <Line key={i}>{row.map((cell) => cell.padEnd(plan.cellWidth)).join('')}</Line>
            ))
          : null}
      </Box>
    );
  }
  const each = Math.floor(width / gpus.length);
  return (
    <Box width={width} height={height}>
      {gpus.map((g) => (
        <GpuBox key={g.index} gpu={g} width={each} height={height} alerting={alerting === true} />
      ))}
    </Box>
  );
});
