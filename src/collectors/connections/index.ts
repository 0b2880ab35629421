/**
 * The connections collector. Its backends are a parameter, in priority order: the registry puts
 * the eBPF backend (ebpf.ts) first, then sock_diag (sock-diag.ts), then /proc (proc.ts).
 */
import type { Backend, Collector } from '../contract.js';
import type { ConnectionEvents, ConnectionRow } from '../../types/snapshot.js';
import { deriveConnections } from './derive.js';
import type { ConnectionsRaw } from './proc.js';

export type { ConnectionsRaw } from './proc.js';

/** What the connections collector derives: the sockets, and the TCP opens and closes of the interval. */
export interface ConnectionsPart {
  rows: ConnectionRow[];
  connectionEvents?: ConnectionEvents;
}

/** A connections collector over `backends`, in priority order. */
export function makeConnectionsCollector(backends: Backend<ConnectionsRaw>[]): Collector<ConnectionsRaw, ConnectionsPart> {
  // Every other tick: listing TCP sockets walks every bucket of the kernel's established hash
  // however few sockets there are; from /proc/net/tcp and tcp6 that cost the kernel more than all
  // other system collectors together (bench/README.md, 'Socket tables every other tick').
  return {
    name: 'connections',
    everyTicks: 2,
    backends,
    derive: (prev, cur, ctx) => ({
      rows: deriveConnections(prev, cur, ctx),
      ...(cur.raw.connectionEvents ? { connectionEvents: cur.raw.connectionEvents } : {}),
    }),
  };
}
