/**
 * Network lines: each socket descriptor with protocol, endpoints and state, and the bytes sent
 * and received where the store's connections come from eBPF (matched on protocol and endpoints).
 */
import type { SocketRow } from '../../collectors/procdetail/types.js';
import type { ConnectionRow } from '../../types/snapshot.js';
import { fmtBytes, NA } from '../format.js';
import { line, row, type Line } from './lines.js';

/** The connection row of the store for a socket, when it has byte counters. */
function bytesFor(s: SocketRow, connections: readonly ConnectionRow[]): ConnectionRow | undefined {
  return connections.find(
    (c) => c.proto === s.proto && c.local === s.local && c.remote === s.remote && (c.txBytes !== undefined || c.rxBytes !== undefined),
  );
}

/** True when any socket has eBPF byte counters (the source line says so). */
export function hasSocketBytes(sockets: readonly SocketRow[], connections: readonly ConnectionRow[]): boolean {
  return sockets.some((s) => bytesFor(s, connections) !== undefined);
}

export function networkLines(sockets: SocketRow[], connections: readonly ConnectionRow[]): Line[] {
  const out: Line[] = [
    line(
      row([['FD', 6, 'r'], ['PROTO', 10, 'l'], ['LOCAL', 28, 'l'], ['REMOTE', 28, 'l'], ['STATE', 12, 'l'], ['TX', 8, 'r'], ['RX', 8, 'r'], ['INODE', 10, 'r']]),
      { bold: true },
    ),
  ];
  if (sockets.length === 0) out.push(line('no sockets', { tone: 'dim' }));
  const inet = sockets.filter((s) => s.proto !== 'unix/other');
  const other = sockets.filter((s) => s.proto === 'unix/other');
  for (const s of [...inet, ...other]) {
    const c = bytesFor(s, connections);
    out.push(
      line(
        row([
          [String(s.fd), 6, 'r'],
          [s.proto, 10, 'l'],
          [s.local ?? NA, 28, 'l'],
          [s.remote ?? NA, 28, 'l'],
          [s.state ?? NA, 12, 'l'],
          [fmtBytes(c?.txBytes), 8, 'r'],
          [fmtBytes(c?.rxBytes), 8, 'r'],
          [String(s.inode), 10, 'r'],
        ]),
      ),
    );
  }
  if (!hasSocketBytes(sockets, connections)) out.push(line('TX/RX bytes need the eBPF connections backend', { tone: 'dim' }));
  return out;
}
