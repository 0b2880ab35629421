/**
 * The connections view's columns (issue #3: protocol, local, remote, state, process, bytes).
 * LOCAL and REMOTE share what the fixed columns leave; TX/RX are bytes since the socket was
 * first seen, measured only by the eBPF backend (n/a from /proc).
 */
import type { ConnectionRow } from '../../types/snapshot.js';
import { fmtBytes, fmtNumber, NA } from '../format.js';
import type { TableColumn } from '../table/tableColumn.js';

export type ConnColumnId = 'proto' | 'local' | 'remote' | 'state' | 'pid' | 'process' | 'tx' | 'rx';

export type ConnColumn = TableColumn<ConnectionRow, ConnColumnId, undefined>;

/** Narrowest an address column gets (at 80 columns both get 14). */
export const MIN_ADDRESS = 14;

function text(id: ConnColumnId, header: string, width: number, value: (r: ConnectionRow) => string | undefined): ConnColumn {
  return {
    id,
    header,
    width,
    align: 'left',
    descendingFirst: false,
    cell: (r) => value(r) ?? NA,
    sortValue: (r) => value(r)?.toLowerCase(),
  };
}

function bytes(id: ConnColumnId, header: string, value: (r: ConnectionRow) => number | undefined): ConnColumn {
  // fmtBytes is at most 5 characters ("1023K", "1.50G").
  return { id, header, width: 5, align: 'right', descendingFirst: true, cell: (r) => fmtBytes(value(r)), sortValue: value };
}

/** Every column in display order. */
export const CONN_COLUMNS: readonly ConnColumn[] = [
  // One wider than "PROTO" so the sort mark has a place of its own.
  text('proto', 'PROTO', 6, (r) => r.proto),
  text('local', 'LOCAL', 0, (r) => r.local),
  text('remote', 'REMOTE', 0, (r) => r.remote),
  // ESTABLISHED is the longest TCP state name.
  text('state', 'STATE', 11, (r) => r.state),
  {
    id: 'pid',
    header: 'PID',
    width: 7,
    align: 'right',
    descendingFirst: true,
    cell: (r) => fmtNumber(r.pid),
    sortValue: (r) => r.pid,
  },
  // Grows on wide terminals (ConnectionsView); at 80 columns the addresses need the room.
  text('process', 'PROCESS', 10, (r) => r.comm),
  bytes('tx', 'TX', (r) => r.txBytes),
  bytes('rx', 'RX', (r) => r.rxBytes),
];

export const CONN_COLUMN_IDS: readonly ConnColumnId[] = CONN_COLUMNS.map((c) => c.id);

export function connColumnById(id: ConnColumnId): ConnColumn {
  const c = CONN_COLUMNS.find((col) => col.id === id);
  if (c === undefined) throw new Error(`unknown connections column ${id}`);
  return c;
}

/**
 * An address cut to `width` keeping its port, the part that tells connections apart:
 * "192.168.100.200:54321" in 14 becomes "192.168…:54321" (`mark` is "~" under --ascii).
 */
export function truncateAddress(address: string, width: number, mark: string): string {
  if (address.length <= width) return address;
  const colon = address.lastIndexOf(':');
  const port = colon < 0 ? '' : address.slice(colon);
  const head = width - port.length - mark.length;
  if (head < 1) return address.slice(0, Math.max(0, width - mark.length)) + mark.slice(0, width);
  return address.slice(0, head) + mark + port;
}
