/**
 * Network lines: each socket descriptor with protocol, endpoints and state, and the bytes sent
 * and received where the store's connections come from eBPF (matched on protocol and endpoints).
 */
import type { SocketRow } from '../../collectors/procdetail/types.js';
import type { ConnectionRow } from '../../types/snapshot.js';
import { fmtBytes, NA } from '../format.js';
import { line, table, type Column, type Line } from './lines.js';

/** The connection row of the store for a socket, when it has byte counters. */
function bytesFor(s: SocketRow, connections: readonly ConnectionRow[]): ConnectionRow | undefined {
  return connections.find((c) => c.proto === s.proto && c.local === s.local && c.remote === s.remote && (c.txBytes !== undefined || c.rxBytes !== undefined));
}

/** True when any socket has eBPF byte counters (the source line says so). */
export function hasSocketBytes(sockets: readonly SocketRow[], connections: readonly ConnectionRow[]): boolean {
  return sockets.some((s) => bytesFor(s, connections) !== undefined);
}

type SocketWithBytes = { s: SocketRow; c: ConnectionRow | undefined };

const COLUMNS: readonly Column<SocketWithBytes>[] = [
  ['FD', 6, 'r', ({ s }) => String(s.fd)],
  ['PROTO', 10, 'l', ({ s }) => s.proto],
  ['LOCAL', 28, 'l', ({ s }) => s.local ?? NA],
  ['REMOTE', 28, 'l', ({ s }) => s.remote ?? NA],
  ['STATE', 12, 'l', ({ s }) => s.state ?? NA],
  ['TX', 8, 'r', ({ c }) => fmtBytes(c?.txBytes)],
  ['RX', 8, 'r', ({ c }) => fmtBytes(c?.rxBytes)],
  ['INODE', 10, 'r', ({ s }) => String(s.inode)],
];

export function networkLines(sockets: SocketRow[], connections: readonly ConnectionRow[]): Line[] {
  const inet = sockets.filter((s) => s.proto !== 'unix/other');
  const other = sockets.filter((s) => s.proto === 'unix/other');
  const rows = [...inet, ...other].map((s) => ({ s, c: bytesFor(s, connections) }));
  const out = table(COLUMNS, rows);
  if (sockets.length === 0) out.push(line('no sockets', { tone: 'dim' }));
  if (!hasSocketBytes(sockets, connections)) out.push(line('TX/RX bytes need the eBPF connections backend', { tone: 'dim' }));
  return out;
}
