/** Memory lines: RSS split, PSS and swap, the largest mappings by RSS, and resource limits. */
import type { MemoryInfo } from '../../collectors/procdetail/types.js';
import { fmtBytes } from '../format.js';
import { field, line, row, table, type Line } from './lines.js';

export function memoryLines(m: MemoryInfo, width: number): Line[] {
  const r = m.rollup;
  const out: Line[] = [
    field('RSS', `${fmtBytes(r.rssBytes)}  (anon ${fmtBytes(m.rssAnonBytes)}, file ${fmtBytes(m.rssFileBytes)}, shmem ${fmtBytes(m.rssShmemBytes)})`),
    field('PSS', `${fmtBytes(r.pssBytes)}  (anon ${fmtBytes(r.pssAnonBytes)}, file ${fmtBytes(r.pssFileBytes)}, shmem ${fmtBytes(r.pssShmemBytes)})`),
    field('swap', `${fmtBytes(r.swapBytes)}  (PSS ${fmtBytes(r.swapPssBytes)})`),
    line(''),
    line(`largest mappings by RSS${m.smapsTruncated ? ' (smaps read up to its bound: the first part only)' : ''}`, { tone: 'title' }),
    ...table(
      [
        ['RSS', 8, 'r', (map) => fmtBytes(map.rssBytes)],
        ['PSS', 8, 'r', (map) => fmtBytes(map.pssBytes)],
        ['SWAP', 8, 'r', (map) => fmtBytes(map.swapBytes)],
        ['PERM', 4, 'l', (map) => map.perms],
        ['MAPPING', Math.max(10, width - 32), 'l', (map) => (map.name === '' ? `[anon ${map.start}-${map.end}]` : map.name)],
      ],
      m.largest,
    ),
  ];
  out.push(line(''), line('limits (soft / hard)', { tone: 'title' }));
  for (const l of m.limits)
    out.push(
      line(
        row([
          ['' + l.name, 26, 'l'],
          [String(l.soft), 20, 'r'],
          [String(l.hard), 20, 'r'],
          [l.units, 10, 'l'],
        ]),
      ),
    );
  return out;
}
