/**
 * How the GPU panel lists devices when they are not drawn as boxes. One line per GPU while lines
 * last. A server's 8 GPUs rarely get 8 lines: then a summary line over all of them (mean use,
 * memory and power summed, hottest temperature) and below it the GPUs as cells, as many columns
 * as the width holds; where fewer than half of them would fit, one strip of every GPU's use (and
 * on a single line, the summary alone).
 */
import type { GpuDevice } from '../../types/snapshot.js';
import { fmtBytes, fmtNumber, fmtPercent } from '../format.js';

export type GpuLines =
  | { kind: 'each' }
  | { kind: 'grid'; columns: number; cellWidth: number; shown: GpuDevice[]; more: number }
  | { kind: 'strip'; text: string }
  | { kind: 'summary' };

/** The sum of the measured values; undefined when none is. */
function measuredSum(values: (number | undefined)[]): number | undefined {
  let sum: number | undefined;
  for (const v of values) if (v !== undefined && Number.isFinite(v)) sum = (sum ?? 0) + v;
  return sum;
}

function measured(values: (number | undefined)[]): number[] {
  return values.filter((v): v is number => v !== undefined && Number.isFinite(v));
}

/** One GPU in a cell: `GPU0 use 100% mem 1.11G/140G pwr 691W tmp 63°C`. */
export function gpuCellText(g: GpuDevice, ascii: boolean): string {
  return `GPU${g.index} use ${fmtPercent(g.utilPercent)}% mem ${fmtBytes(g.memUsedBytes)}/${fmtBytes(g.memTotalBytes)} pwr ${fmtNumber(g.powerWatts)}W tmp ${fmtNumber(g.temperatureC)}${ascii ? 'C' : '°C'}`;
}

/** Every GPU at once: `×8 NVIDIA H200 use avg 100% max 100% mem 8.87G/1.10T pwr 5524W tmp max 63°C [nvml]`. */
export function gpuSummaryText(gpus: readonly GpuDevice[], ascii: boolean): string {
  const use = measured(gpus.map((g) => g.utilPercent));
  const temps = measured(gpus.map((g) => g.temperatureC));
  const names = new Set(gpus.map((g) => g.name ?? ''));
  const sources = new Set(gpus.map((g) => g.source));
  const avg = use.length === 0 ? undefined : use.reduce((a, b) => a + b, 0) / use.length;
  return [
    `×${gpus.length}${names.size === 1 && gpus[0].name !== undefined ? ` ${gpus[0].name}` : ''}`,
    `use avg ${fmtPercent(avg)}% max ${fmtPercent(use.length === 0 ? undefined : Math.max(...use))}%`,
    `mem ${fmtBytes(measuredSum(gpus.map((g) => g.memUsedBytes)))}/${fmtBytes(measuredSum(gpus.map((g) => g.memTotalBytes)))}`,
    `pwr ${fmtNumber(measuredSum(gpus.map((g) => g.powerWatts)))}W`,
    `tmp max ${fmtNumber(temps.length === 0 ? undefined : Math.max(...temps))}${ascii ? 'C' : '°C'}`,
    `[${[...sources].join(',')}]`,
  ].join(' ');
}

/** How `gpus` fill `lines` lines of `width` columns (below the summary line when they do not get one each). */
export function gpuLines(gpus: readonly GpuDevice[], width: number, lines: number, ascii: boolean): GpuLines {
  if (gpus.length <= lines) return { kind: 'each' };
  const rows = Math.max(0, lines - 1);
  if (rows === 0) return { kind: 'summary' };
  const cellWidth = Math.max(...gpus.map((g) => gpuCellText(g, ascii).length)) + 2;
  const columns = Math.max(1, Math.floor(width / cellWidth));
  const capacity = rows * columns;
  if (capacity >= gpus.length) return { kind: 'grid', columns, cellWidth, shown: [...gpus], more: 0 };
  if (capacity * 2 >= gpus.length) return { kind: 'grid', columns, cellWidth, shown: gpus.slice(0, capacity - 1), more: gpus.length - (capacity - 1) };
  return { kind: 'strip', text: `use ${gpus.map((g) => `${g.index}:${fmtPercent(g.utilPercent)}%`).join(' ')}` };
}
