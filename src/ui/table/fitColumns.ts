/**
 * Which columns fit a width: the least telling columns go first (htop users still get PID, USER,
 * S, CPU%, MEM%, RES and the command at 80 columns), and the command keeps at least MIN_COMMAND.
 */
import type { Column, ColumnId } from './columns.js';

export const MIN_COMMAND = 16;

const DROP_ORDER: readonly ColumnId[] = [
  'time',
  'pri',
  'shr',
  'virt',
  'rqp50',
  'rqp99',
  'rqwait',
  'elapsed',
  'gpumem',
  'netrx',
  'nettx',
  'iow',
  'ior',
  'ni',
  'gpu',
];

/** Width of the fixed columns (all but those of width 0), each followed by one space. */
export function fixedWidth(columns: readonly { width: number }[]): number {
  return columns.reduce((w, c) => (c.width === 0 ? w : w + c.width + 1), 0);
}

export function fitColumns(columns: readonly Column[], width: number): Column[] {
  let kept = [...columns];
  for (const id of DROP_ORDER) {
    if (fixedWidth(kept) + MIN_COMMAND <= width) break;
    kept = kept.filter((c) => c.id !== id);
  }
  return kept;
}
