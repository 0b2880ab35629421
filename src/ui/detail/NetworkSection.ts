/** Network lines: each socket descriptor with protocol, endpoints and state. */
import type { SocketRow } from '../../collectors/procdetail/types.js';
import { NA } from '../format.js';
import { line, row, type Line } from './lines.js';

export function networkLines(sockets: SocketRow[]): Line[] {
  const out: Line[] = [
    line(row([['FD', 6, 'r'], ['PROTO', 10, 'l'], ['LOCAL', 28, 'l'], ['REMOTE', 28, 'l'], ['STATE', 12, 'l'], ['INODE', 10, 'r']]), { bold: true }),
  ];
  if (sockets.length === 0) out.push(line('no sockets', { tone: 'dim' }));
  const inet = sockets.filter((s) => s.proto !== 'unix/other');
  const other = sockets.filter((s) => s.proto === 'unix/other');
  for (const s of [...inet, ...other]) {
    out.push(
      line(
        row([
          [String(s.fd), 6, 'r'],
          [s.proto, 10, 'l'],
          [s.local ?? NA, 28, 'l'],
          [s.remote ?? NA, 28, 'l'],
          [s.state ?? NA, 12, 'l'],
          [String(s.inode), 10, 'r'],
        ]),
      ),
    );
  }
  out.push(line('per-socket bytes need the eBPF connections backend; not shown here', { tone: 'dim' }));
  return out;
}
