/** Threads lines: tid, state, CPU % and run-queue wait over the measured gap, name. */
import type { ThreadRow } from '../../collectors/procdetail/types.js';
import { fmtNumber, fmtPercent } from '../format.js';
import { line, row, type Line } from './lines.js';

export function threadsLines(threads: ThreadRow[]): Line[] {
  const out: Line[] = [
    line(row([['TID', 8, 'r'], ['S', 1, 'l'], ['CPU%', 6, 'r'], ['WAIT ms/s', 10, 'r'], ['NAME', 30, 'l']]), { bold: true }),
  ];
  const sorted = [...threads].sort((a, b) => (b.cpuPercent ?? -1) - (a.cpuPercent ?? -1) || a.tid - b.tid);
  for (const t of sorted) {
    out.push(
      line(
        row([
          [String(t.tid), 8, 'r'],
          [t.state, 1, 'l'],
          [fmtPercent(t.cpuPercent), 6, 'r'],
          [fmtNumber(t.runqueueWaitMsPerSec, 2), 10, 'r'],
          [t.comm, 30, 'l'],
        ]),
      ),
    );
  }
  return out;
}
