/**
 * The connections collector. Its backends are a parameter so the eBPF backend (ebpf.ts) can be
 * put in front of the /proc one: makeConnectionsCollector([ebpfBackend, connectionsProcBackend]).
 */
import type { Backend, Collector } from '../contract.js';
import type { ConnectionRow } from '../../types/snapshot.js';
import { deriveConnections } from './derive.js';
import { connectionsProcBackend, type ConnectionsRaw } from './proc.js';

export { connectionsProcBackend, createConnectionsProcBackend, readSocketTables, type ConnectionsRaw } from './proc.js';
export { SocketOwnerCache } from './owners.js';

/** A connections collector over `backends`, in priority order. */
export function makeConnectionsCollector(backends: Backend<ConnectionsRaw>[]): Collector<ConnectionsRaw, ConnectionRow[]> {
  return { name: 'connections', backends, derive: deriveConnections };
}

/** The /proc-only collector. */
export const connectionsCollector = makeConnectionsCollector([connectionsProcBackend]);
