/** Memory lines: RSS split, PSS and swap, the largest mappings by RSS, and resource limits. */
import type { MemoryInfo } from '../../collectors/procdetail/types.js';
import { fmtBytes } from '../format.js';
import { field, line, row, type Line } from './lines.js';

export function memoryLines(m: MemoryInfo, width: number): Line[] {
  const r = m.rollup;
  const out: Line[] = [
    field('RSS', `${fmtBytes(r.rssBytes)}  (anon ${fmtBytes(m.rssAnonBytes)}, file ${fmtBytes(m.rssFileBytes)}, shmem ${fmtBytes(m.rssShmemBytes)})`),
    field('PSS', `${fmtBytes(r.pssBytes)}  (anon ${fmtBytes(r.pssAnonBytes)}, file ${fmtBytes(r.pssFileBytes)}, shmem ${fmtBytes(r.pssShmemBytes)})`),
    field('swap', `${fmtBytes(r.swapBytes)}  (PSS ${fmtBytes(r.swapPssBytes)})`),
    line(''),
    line(`largest mappings by RSS${m.smapsTruncated ? ' (smaps read up to its bound: the first part only)' : ''}`, { tone: 'title' }),
    line(row([['RSS', 8, 'r'], ['PSS', 8, 'r'], ['SWAP', 8, 'r'], ['PERM', 4, 'l'], ['MAPPING', Math.max(10, width - 32), 'l']]), { bold: true }),
  ];
  for (const map of m.largest) {
    out.push(
      line(
        row([
          [fmtBytes(map.rssBytes), 8, 'r'],
          [fmtBytes(map.pssBytes), 8, 'r'],
          [fmtBytes(map.swapBytes), 8, 'r'],
          [map.perms, 4, 'l'],
          [map.name === '' ? `[anon ${map.start}-${map.end}]` : map.name, Math.max(10, width - 32), 'l'],
        ]),
      ),
    );
  }
  out.push(line(''), line('limits (soft / hard)', { tone: 'title' }));
  for (const l of m.limits) out.push(line(row([['' + l.name, 26, 'l'], [String(l.soft), 20, 'r'], [String(l.hard), 20, 'r'], [l.units, 10, 'l']])));
  return out;
}
