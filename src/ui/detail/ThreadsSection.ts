/** Threads lines: tid, state, CPU % and run-queue wait over the measured gap, name. */
import type { ThreadRow } from '../../collectors/procdetail/types.js';
import { fmtNumber, fmtPercent } from '../format.js';
import { table, type Column, type Line } from './lines.js';

const COLUMNS: readonly Column<ThreadRow>[] = [
  ['TID', 8, 'r', (t) => String(t.tid)],
  ['S', 1, 'l', (t) => t.state],
  ['CPU%', 6, 'r', (t) => fmtPercent(t.cpuPercent)],
  ['WAIT ms/s', 10, 'r', (t) => fmtNumber(t.runqueueWaitMsPerSec, 2)],
  ['NAME', 30, 'l', (t) => t.comm],
];

export function threadsLines(threads: ThreadRow[]): Line[] {
  const sorted = [...threads].sort((a, b) => (b.cpuPercent ?? -1) - (a.cpuPercent ?? -1) || a.tid - b.tid);
  return table(COLUMNS, sorted);
}
