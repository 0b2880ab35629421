/** I/O lines: storage bytes, characters and syscalls, cumulative and per second. */
import type { IoInfo } from '../../collectors/procdetail/types.js';
import { fmtBytes, fmtNumber, fmtRate } from '../format.js';
import { line, row, type Line } from './lines.js';

export function ioLines(io: IoInfo): Line[] {
  const c = io.counters;
  const r = (label: string, total: string, rate: string) => line(row([[label, 22, 'l'], [total, 12, 'r'], [rate, 14, 'r']]));
  return [
    line(row([['', 22, 'l'], ['TOTAL', 12, 'r'], ['RATE', 14, 'r']]), { bold: true }),
    r('read from storage', fmtBytes(c.readBytes), fmtRate(io.readBytesPerSec)),
    r('written to storage', fmtBytes(c.writeBytes), fmtRate(io.writeBytesPerSec)),
    r('cancelled writes', fmtBytes(c.cancelledWriteBytes), ''),
    r('read (all, rchar)', fmtBytes(c.rchar), fmtRate(io.rcharPerSec)),
    r('written (all, wchar)', fmtBytes(c.wchar), fmtRate(io.wcharPerSec)),
    r('read syscalls', fmtNumber(c.syscr), `${fmtNumber(io.syscrPerSec, 1)}/s`),
    r('write syscalls', fmtNumber(c.syscw), `${fmtNumber(io.syscwPerSec, 1)}/s`),
  ];
}
