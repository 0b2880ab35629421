/**
 * The process table's columns: header, width, how a cell reads and how it sorts. Optional columns
 * (GPU, per-process network, run-queue p50/p99) appear only when some row carries the field, so a
 * machine without them shows no column of n/a.
 */
import type { ProcessRow } from '../../types/snapshot.js';
import { fmtAge, fmtBytes, fmtCpuTime, fmtNumber, fmtPercent, fmtRate, NA } from '../format.js';
import type { TableColumn } from './tableColumn.js';
import { elapsedSecondsAt } from '../../util/elapsed.js';
import { percentOf } from '../../util/percent.js';

export type ColumnId =
  | 'pid'
  | 'user'
  | 'pri'
  | 'ni'
  | 'virt'
  | 'res'
  | 'shr'
  | 'state'
  | 'cpu'
  | 'mem'
  | 'time'
  | 'elapsed'
  | 'rqwait'
  | 'ior'
  | 'iow'
  | 'gpu'
  | 'gpumem'
  | 'nettx'
  | 'netrx'
  | 'rqp50'
  | 'rqp99'
  | 'command';

/** What a cell needs besides its row. */
export interface CellContext {
  /** Memory total for MEM%; undefined when the memory panel is n/a. */
  memTotalBytes?: number;
  /** When the snapshot was taken, ms since the epoch (ELAPSED counts to it); undefined before one. */
  takenAtMs?: number;
}

/** A run-queue latency in µs, as µs below a millisecond and ms above. */
function fmtLatencyUs(v: number | undefined): string {
  return v === undefined ? NA : v >= 1000 ? `${fmtNumber(v / 1000, 1)}ms` : `${fmtNumber(v)}us`;
}

/** A process table column (the shared shape is in tableColumn.ts). */
export type Column = TableColumn<ProcessRow, ColumnId, CellContext>;

function memPercent(row: ProcessRow, ctx: CellContext): number | undefined {
  return percentOf(row.rssBytes, ctx.memTotalBytes);
}

function num(
  id: ColumnId,
  header: string,
  width: number,
  value: (row: ProcessRow, ctx: CellContext) => number | undefined,
  format: (v: number | undefined) => string,
  presentIf?: (row: ProcessRow) => boolean,
): Column {
  return {
    id,
    header,
    width,
    align: 'right',
    presentIf,
    descendingFirst: true,
    cell: (row, ctx) => format(value(row, ctx)),
    sortValue: value,
  };
}

/** Every column in display order. */
export const COLUMNS: readonly Column[] = [
  num(
    'pid',
    'PID',
    7,
    (r) => r.pid,
    (v) => fmtNumber(v),
  ),
  {
    id: 'user',
    header: 'USER',
    width: 9,
    align: 'left',
    descendingFirst: false,
    cell: (r) => r.user ?? (r.uid === undefined ? NA : String(r.uid)),
    sortValue: (r) => r.user ?? (r.uid === undefined ? undefined : String(r.uid)),
  },
  num(
    'pri',
    'PRI',
    4,
    (r) => r.priority,
    (v) => fmtNumber(v),
  ),
  num(
    'ni',
    'NI',
    3,
    (r) => r.nice,
    (v) => fmtNumber(v),
  ),
  num('virt', 'VIRT', 6, (r) => r.vszBytes, fmtBytes),
  num('res', 'RES', 6, (r) => r.rssBytes, fmtBytes),
  num('shr', 'SHR', 6, (r) => r.sharedBytes, fmtBytes),
  {
    id: 'state',
    header: 'S',
    width: 1,
    align: 'left',
    descendingFirst: false,
    cell: (r) => r.state,
    sortValue: (r) => r.state,
  },
  num('cpu', 'CPU%', 5, (r) => r.cpuPercent, fmtPercent),
  num('mem', 'MEM%', 5, memPercent, fmtPercent),
  num('time', 'TIME+', 9, (r) => r.cpuTimeSeconds, fmtCpuTime),
  num('elapsed', 'ELAPSED', 8, (r, ctx) => elapsedSecondsAt(r, ctx.takenAtMs), fmtAge),
  num(
    'rqwait',
    'RQ-WAIT',
    7,
    (r) => r.runqueueWaitMsPerSec,
    (v) => (v === undefined ? NA : `${fmtNumber(v, 1)}ms`),
  ),
  num('ior', 'IO-R', 8, (r) => r.readBytesPerSec, fmtRate),
  num('iow', 'IO-W', 8, (r) => r.writeBytesPerSec, fmtRate),
  num(
    'gpu',
    'GPU%',
    5,
    (r) => r.gpuPercent,
    fmtPercent,
    (r) => r.gpuPercent !== undefined,
  ),
  num(
    'gpumem',
    'GPUMEM',
    6,
    (r) => r.gpuMemBytes,
    fmtBytes,
    (r) => r.gpuMemBytes !== undefined,
  ),
  num(
    'nettx',
    'NET-TX',
    8,
    (r) => r.netTxBytesPerSec,
    fmtRate,
    (r) => r.netTxBytesPerSec !== undefined,
  ),
  num(
    'netrx',
    'NET-RX',
    8,
    (r) => r.netRxBytesPerSec,
    fmtRate,
    (r) => r.netRxBytesPerSec !== undefined,
  ),
  num(
    'rqp50',
    'RQ-P50',
    7,
    (r) => r.runqueue?.p50Us,
    fmtLatencyUs,
    (r) => r.runqueue?.p50Us !== undefined,
  ),
  num(
    'rqp99',
    'RQ-P99',
    7,
    (r) => r.runqueue?.p99Us,
    fmtLatencyUs,
    (r) => r.runqueue?.p99Us !== undefined,
  ),
  {
    id: 'command',
    header: 'Command',
    width: 0,
    align: 'left',
    descendingFirst: false,
    cell: (r) => r.comm,
    sortValue: (r) => r.comm.toLowerCase(),
  },
];

export function columnById(id: ColumnId): Column {
  const c = COLUMNS.find((col) => col.id === id);
  if (c === undefined) throw new Error(`unknown column ${id}`);
  return c;
}

/** The columns to show for these rows: every fixed column, optional ones when some row has data. */
export function visibleColumns(rows: readonly ProcessRow[]): Column[] {
  return COLUMNS.filter((c) => c.presentIf === undefined || rows.some(c.presentIf));
}
