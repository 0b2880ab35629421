/**
 * The fleet table's columns (one row per host), on the table pieces every screen shares
 * (table/tableColumn.ts), and which of them fit a width: the least telling go first, the host,
 * its state, CPU, memory, GPUs and top process stay at 80 columns.
 */
import type { FleetRow } from '../../fleet/types.js';
import { fmtBytes, fmtDuration, fmtNumber, fmtPercent, fmtRate, NA } from '../format.js';
import { fixedWidth } from '../table/fitColumns.js';
import type { TableColumn } from '../table/tableColumn.js';

export type FleetColumnId =
  | 'host'
  | 'state'
  | 'cpu'
  | 'load'
  | 'mem'
  | 'memp'
  | 'some'
  | 'full'
  | 'disk'
  | 'net'
  | 'gpus'
  | 'gpu'
  | 'gpumax'
  | 'gmem'
  | 'temp'
  | 'power'
  | 'alerts'
  | 'rqp99'
  | 'top';

/** What cells need beyond the row: when the rows were fetched (for "down 5m"). */
export interface FleetCellContext {
  /** Unix seconds the rows were fetched at. */
  at: number;
}

export type FleetColumn = TableColumn<FleetRow, FleetColumnId, FleetCellContext>;

/** "up", "down 4:05" (how long since a target was last up), ">1h" beyond the hour looked at, "2/3" when some targets are down. */
export function stateText(row: FleetRow, at: number): string {
  if (row.targetsUp === row.targetsTotal) return 'up';
  if (row.targetsUp > 0) return `${row.targetsUp}/${row.targetsTotal} up`;
  return row.lastUpAt === undefined ? 'down >1h' : `down ${fmtDuration(at - row.lastUpAt)}`;
}

const pct = (used: number | undefined, total: number | undefined) =>
  used === undefined || total === undefined || total <= 0 ? undefined : (100 * used) / total;
const MIB = 2 ** 20;

/** Seconds as a short latency: "850us", "12.3ms", "1.20s". */
export function fmtLatency(s: number | undefined): string {
  if (s === undefined) return NA;
  if (s < 1e-3) return `${Math.round(s * 1e6)}us`;
  if (s < 1) return `${(s * 1e3).toFixed(s < 0.01 ? 2 : 1)}ms`;
  return `${s.toFixed(2)}s`;
}

function watts(w: number | undefined): string {
  if (w === undefined) return NA;
  return w >= 1000 ? `${(w / 1000).toFixed(1)}kW` : `${Math.round(w)}W`;
}

const num = (
  id: FleetColumnId,
  header: string,
  width: number,
  value: (r: FleetRow) => number | undefined,
  text: (v: number | undefined) => string,
): FleetColumn => ({
  id,
  header,
  width,
  align: 'right',
  cell: (r) => text(value(r)),
  sortValue: (r) => value(r),
  descendingFirst: true,
});

/** GPU memory as "used/total": the cell of the GMEM column when the total is known. */
export function gpuMemCell(r: FleetRow): string {
  if (r.gpuMemUsedMiB === undefined) return NA;
  const used = fmtBytes(r.gpuMemUsedMiB * MIB);
  return r.gpuMemTotalMiB === undefined ? used : `${used}/${fmtBytes(r.gpuMemTotalMiB * MIB)}`;
}

export const FLEET_COLUMNS: readonly FleetColumn[] = [
  { id: 'host', header: 'HOST', width: 18, align: 'left', cell: (r) => r.host, sortValue: (r) => r.host, descendingFirst: false },
  {
    id: 'state',
    header: 'STATE',
    width: 10,
    align: 'left',
    cell: (r, c) => stateText(r, c.at),
    // Down hosts first when sorted descending (the interesting end), the longest down on top.
    sortValue: (r, c) => (r.targetsUp === r.targetsTotal ? 0 : r.targetsUp > 0 ? 1 : 2 + (r.lastUpAt === undefined ? 3600 : c.at - r.lastUpAt) / 3600),
    descendingFirst: true,
  },
  num('cpu', 'CPU%', 5, (r) => r.cpuPercent, fmtPercent),
  num(
    'load',
    'LOAD/C',
    6,
    (r) => r.loadPerCore,
    (v) => fmtNumber(v, 2),
  ),
  num('mem', 'MEM', 6, (r) => r.memUsedBytes, fmtBytes),
  num('memp', 'MEM%', 5, (r) => pct(r.memUsedBytes, r.memTotalBytes), fmtPercent),
  num('some', 'SOME%', 5, (r) => r.psiSomePercent, fmtPercent),
  num('full', 'FULL%', 5, (r) => r.psiFullPercent, fmtPercent),
  num('disk', 'DISK', 9, (r) => r.diskBytesPerSec, fmtRate),
  num('net', 'NET', 9, (r) => r.netBytesPerSec, fmtRate),
  num(
    'gpus',
    'GPUS',
    4,
    (r) => r.gpuCount,
    (v) => fmtNumber(v),
  ),
  num('gpu', 'GPU%', 5, (r) => r.gpuUtilMean, fmtPercent),
  num('gpumax', 'GMAX%', 5, (r) => r.gpuUtilMax, fmtPercent),
  { ...num('gmem', 'GMEM', 13, (r) => r.gpuMemUsedMiB, fmtNumber), cell: gpuMemCell },
  num(
    'temp',
    'TEMP',
    4,
    (r) => r.gpuTempMaxC,
    (v) => (v === undefined ? NA : `${Math.round(v)}C`),
  ),
  num('power', 'POWER', 6, (r) => r.gpuPowerW, watts),
  num(
    'alerts',
    'ALRT',
    4,
    (r) => r.alertsFiring,
    (v) => fmtNumber(v),
  ),
  num('rqp99', 'RQP99', 7, (r) => r.runqueueP99Seconds, fmtLatency),
  {
    id: 'top',
    header: 'TOP PROCESS',
    width: 0,
    align: 'left',
    cell: (r) => (r.topProcess === undefined ? NA : `${r.topProcess.comm} ${fmtPercent(r.topProcess.cpuPercent)}%`),
    sortValue: (r) => r.topProcess?.cpuPercent,
    descendingFirst: true,
  },
];

export const FLEET_COLUMN_IDS: readonly FleetColumnId[] = FLEET_COLUMNS.map((c) => c.id);

export function fleetColumnById(id: FleetColumnId): FleetColumn {
  const c = FLEET_COLUMNS.find((col) => col.id === id);
  if (c === undefined) throw new Error(`no fleet column ${id}`);
  return c;
}

/** The top process keeps at least this much of the line. */
const MIN_TOP = 14;

/** The columns that go first when the width runs out. */
const DROP_ORDER: readonly FleetColumnId[] = ['gpumax', 'full', 'memp', 'temp', 'disk', 'power', 'rqp99', 'some', 'alerts', 'net', 'gmem', 'load'];

export function fitFleetColumns(width: number): FleetColumn[] {
  let kept = [...FLEET_COLUMNS];
  for (const id of DROP_ORDER) {
    if (fixedWidth(kept) + MIN_TOP <= width) break;
    kept = kept.filter((c) => c.id !== id);
  }
  return kept;
}
