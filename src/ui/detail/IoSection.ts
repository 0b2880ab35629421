/** I/O lines: storage bytes, characters and syscalls, cumulative and per second. */
import type { IoInfo } from '../../collectors/procdetail/types.js';
import { fmtBytes, fmtNumber, fmtRate } from '../format.js';
import { table, type Column, type Line } from './lines.js';

type IoRow = readonly [label: string, total: string, rate: string];

const COLUMNS: readonly Column<IoRow>[] = [
  ['', 22, 'l', (r) => r[0]],
  ['TOTAL', 12, 'r', (r) => r[1]],
  ['RATE', 14, 'r', (r) => r[2]],
];

export function ioLines(io: IoInfo): Line[] {
  const c = io.counters;
  return table<IoRow>(COLUMNS, [
    ['read from storage', fmtBytes(c.readBytes), fmtRate(io.readBytesPerSec)],
    ['written to storage', fmtBytes(c.writeBytes), fmtRate(io.writeBytesPerSec)],
    ['cancelled writes', fmtBytes(c.cancelledWriteBytes), ''],
    ['read (all, rchar)', fmtBytes(c.rchar), fmtRate(io.rcharPerSec)],
    ['written (all, wchar)', fmtBytes(c.wchar), fmtRate(io.wcharPerSec)],
    ['read syscalls', fmtNumber(c.syscr), `${fmtNumber(io.syscrPerSec, 1)}/s`],
    ['write syscalls', fmtNumber(c.syscw), `${fmtNumber(io.syscwPerSec, 1)}/s`],
  ]);
}
