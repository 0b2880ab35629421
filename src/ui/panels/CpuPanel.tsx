/**
 * CPU: total busy % with its split, per-core bars, the history chart of cpu.total, and the
 * sensors line (package temperature and power, n/a where the machine has no sensor).
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { CpuPanel as CpuData, SensorsPanel } from '../../types/snapshot.js';
import { Chart } from '../components/Chart.js';
import { Meter } from '../components/Meter.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings, useStore } from '../context.js';
import { fmtNumber, fmtPercent, NA } from '../format.js';
import { Line } from '../components/Line.js';
import type { PanelProps } from './panelProps.js';

export interface CpuPanelProps extends PanelProps {
  cpu?: CpuData;
  sensors?: SensorsPanel;
}

function split(cpu: CpuData | undefined): string {
  const t = cpu?.total;
  return `usr ${fmtPercent(t?.user)} sys ${fmtPercent(t?.system)} iow ${fmtPercent(t?.iowait)} st ${fmtPercent(t?.steal)}`;
}

function sensorsText(s: SensorsPanel | undefined): string {
  const temp = s?.cpuPackageC === undefined ? NA : `${fmtNumber(s.cpuPackageC)}°C`;
  const watts = s?.cpuPackageWatts === undefined ? NA : `${fmtNumber(s.cpuPackageWatts, 1)}W`;
  return `pkg ${temp} ${watts}`;
}

export const CpuPanel = React.memo(function CpuPanel({ cpu, sensors, source, reason, variant, width, height, alerting }: CpuPanelProps) {
  const { theme, ascii } = useSettings();
  const store = useStore();
  const sensorsLine = ascii ? sensorsText(sensors).replace('°C', 'C') : sensorsText(sensors);
  if (variant === 'line') {
    return (
      <Meter
        label="CPU"
        alerting={alerting}
        percent={cpu?.total?.busy}
        width={width}
        detail={cpu === undefined ? `n/a: ${reason ?? 'no reading'}` : `${split(cpu)}  ${sensorsLine}`}
      />
    );
  }
  const inner = width - 4;
  const innerHeight = height - 3;
  const cores = cpu?.cores ?? [];
  // One core per line while lines last (the chart keeps at least two), then more per line.
  const maxCoreLines = Math.max(1, innerHeight - 2 - 2);
  const coreCols = Math.max(1, Math.min(Math.floor(inner / 16), Math.ceil(cores.length / maxCoreLines)));
  const allFit = Math.ceil(cores.length / coreCols) <= maxCoreLines;
  // When not every core fits, the last line says how many are left out.
  const coreLines = allFit ? Math.ceil(cores.length / coreCols) : Math.max(0, maxCoreLines - 1);
  const chartHeight = Math.max(0, innerHeight - 2 - coreLines - (allFit ? 0 : 1));
  const shownCores = cores.slice(0, coreLines * coreCols);
  const idWidth = String(cores.length).length;
  return (
    <PanelBox title="CPU" source={source} width={width} height={height} alerting={alerting}>
      <Meter label="all" percent={cpu?.total?.busy} width={inner} detail={cpu === undefined ? `n/a: ${reason ?? 'no reading'}` : undefined} />
      <Line color={theme.dim}>{`${split(cpu)}  ${sensorsLine}`}</Line>
      {chartHeight > 0 ? (
        <Chart values={store.history.values('cpu.total')} width={inner} height={chartHeight} range={{ min: 0, max: 100 }} color={theme.chart} />
      ) : null}
      {Array.from({ length: coreLines }, (_, line) => (
        <Box key={line}>
          {shownCores.slice(line * coreCols, (line + 1) * coreCols).map((c) => (
            <Box key={c.id} width={Math.floor(inner / coreCols)}>
              <Meter label={`${c.id}`.padStart(idWidth)} labelWidth={idWidth + 1} percent={c.times?.busy} width={Math.floor(inner / coreCols) - 1} />
            </Box>
          ))}
        </Box>
      ))}
      {shownCores.length < cores.length ? <Text color={theme.dim}>+{cores.length - shownCores.length} cores not shown</Text> : null}
    </PanelBox>
  );
});
