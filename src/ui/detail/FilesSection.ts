/**
 * Files lines: counts by kind, then every descriptor (fd, kind, flags, target), narrowed by the
 * filter (a substring of the target, the kind or the flags).
 */
import type { FdRow, FilesInfo } from '../../collectors/procdetail/types.js';
import { NA } from '../format.js';
import { line, table, type Column, type Line } from './lines.js';

export function filesLines(info: FilesInfo, filter: string, width: number): Line[] {
  const counts = Object.entries(info.countsByKind)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, n]) => `${k} ${n}`)
    .join('  ');
  const needle = filter.toLowerCase();
  const shown = needle === '' ? info.fds : info.fds.filter((f) => `${f.kind} ${f.flags ?? ''} ${f.target}`.toLowerCase().includes(needle));
  const out: Line[] = [line(`${info.fds.length} open: ${counts}`)];
  if (info.flagsLimit < info.fds.length) {
    out.push(
      line(`flags (fdinfo) read for the first ${info.flagsLimit} descriptors and those on screen (at the next refresh), to bound the cost`, { tone: 'dim' }),
    );
  }
  if (needle !== '') out.push(line(`filter "${filter}": ${shown.length} match`, { tone: 'warn' }));
  const columns: Column<FdRow>[] = [
    ['FD', 6, 'r', (f) => String(f.fd)],
    ['KIND', 10, 'l', (f) => f.kind],
    ['FLAGS', 22, 'l', (f) => f.flags ?? NA],
    ['TARGET', Math.max(10, width - 42), 'l', (f) => f.target],
  ];
  out.push(...table(columns, shown, (f) => ({ fd: f.fd })));
  return out;
}
