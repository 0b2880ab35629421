/**
 * CPU: total busy % with its split, per-core bars (a heat grid, CoreGrid, where a bar per core
 * does not fit), the history chart of cpu.total, and the sensors line (package temperature and
 * power, n/a where the machine has no sensor).
 */
import React from 'react';
import { Box } from 'ink';
import type { CpuPanel as CpuData, SensorsPanel } from '../../types/snapshot.js';
import { Chart } from '../components/Chart.js';
import { Meter } from '../components/Meter.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings } from '../context.js';
import { useChart } from '../hooks/useChart.js';
import { fmtNumber, fmtPercent, NA } from '../format.js';
import { Line } from '../components/Line.js';
import { CoreGrid, coreGridWidth, layoutCoreGrid } from './CoreGrid.js';
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

/** Rows of cells the heat grid may take in a box `height` lines high: all but the meter, split and legend lines. */
function gridRows(height: number): number {
  return Math.max(1, height - 3 - 3);
}

/**
 * The box width a machine's cores ask for at `height`: enough for the heat grid to hold every core
 * (0 when there are no cores). The screen widens the CPU box to it where the other boxes keep room.
 */
export function cpuBoxWidth(cpu: CpuData | undefined, height: number): number {
  const cores = cpu?.cores ?? [];
  return cores.length === 0 ? 0 : coreGridWidth(cores, gridRows(height)) + 4;
}

/** What the box draws around a heat grid of `rows` rows in `lines` inner lines (below the meter line). */
interface GridPlan {
  split: boolean;
  legend: boolean;
  /** Lines of the CoreGrid, legend included. */
  gridLines: number;
}

/**
 * Every core first: where the grid and its companions do not all fit, the split line goes, then
 * the legend (the meter keeps the total); only where the cells alone do not fit is the grid cut,
 * its legend saying how many cores are not shown.
 */
function planGrid(rows: number, lines: number): GridPlan {
  if (lines >= rows + 2) return { split: true, legend: true, gridLines: rows + 1 };
  if (lines >= rows + 1) return { split: false, legend: true, gridLines: rows + 1 };
  if (lines >= rows) return { split: false, legend: false, gridLines: rows };
  return { split: false, legend: true, gridLines: Math.max(1, lines) };
}

export const CpuPanel = React.memo(function CpuPanel({ cpu, sensors, source, reason, variant, width, height, alerting }: CpuPanelProps) {
  const { theme, ascii } = useSettings();
  const chart = useChart();
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
  const barsFit = Math.ceil(cores.length / coreCols) <= maxCoreLines;
  // Where a bar per core does not fit, a heat grid of one cell per core does, and its rows come
  // before the chart: every core is shown even where no chart is left (planGrid).
  const grid = barsFit ? { split: true, legend: false, gridLines: 0 } : planGrid(layoutCoreGrid(cores, inner, innerHeight, ascii).rows.length, innerHeight - 1);
  const coreLines = barsFit ? Math.ceil(cores.length / coreCols) : grid.gridLines;
  const chartHeight = Math.max(0, innerHeight - 1 - (grid.split ? 1 : 0) - coreLines);
  const idWidth = String(cores.length).length;
  return (
    <PanelBox title="CPU" source={source} width={width} height={height} alerting={alerting}>
      <Meter label="all" percent={cpu?.total?.busy} width={inner} detail={cpu === undefined ? `n/a: ${reason ?? 'no reading'}` : undefined} />
      {grid.split ? <Line color={theme.dim}>{`${split(cpu)}  ${sensorsLine}`}</Line> : null}
      {chartHeight > 0 ? <Chart values={chart('cpu.total')} width={inner} height={chartHeight} range={{ min: 0, max: 100 }} color={theme.chart} /> : null}
      {barsFit
        ? Array.from({ length: coreLines }, (_, line) => (
            <Box key={line}>
              {cores.slice(line * coreCols, (line + 1) * coreCols).map((c) => (
                <Box key={c.id} width={Math.floor(inner / coreCols)}>
                  <Meter label={`${c.id}`.padStart(idWidth)} labelWidth={idWidth + 1} percent={c.times?.busy} width={Math.floor(inner / coreCols) - 1} />
                </Box>
              ))}
            </Box>
          ))
        : null}
      {barsFit ? null : <CoreGrid cores={cores} width={inner} height={grid.gridLines} legend={grid.legend} />}
    </PanelBox>
  );
});
