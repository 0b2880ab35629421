/**
 * The /proc connections backend: sockets from /proc/net/{tcp,tcp6,udp,udp6} of the sampler's
 * network namespace, with the owning process from the cached fd walk (owners.ts). It cannot
 * measure bytes sent and received per socket; those stay undefined (the eBPF backend has them).
 */
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import type { ConnectionEvents, ConnectionRow } from '../../types/snapshot.js';
import { readSeqTableSync, unlessGoneOrDenied, type ReadBuffer } from '../../util/readfile.js';
import { probeOpenable } from '../../util/probe.js';
import { SocketOwnerCache } from './owners.js';
import { parseSocketTable, type SocketEntry, type SocketProto } from './parse.js';
import { readSocketTableCounts } from './socket-counts.js';
import { skipped, tcpWalkDue, walkedEntries, type TcpWalk } from './tcp-walk.js';

/** The socket list one backend produced. */
export interface ConnectionsRaw {
  /** Owner comm is raw kernel text here; derive sanitises it. */
  connections: ConnectionRow[];
  /** TCP opens and closes since the last read (eBPF net group; conn-events.ts). */
  connectionEvents?: ConnectionEvents;
}

const TABLES: SocketProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/**
 * A busy server can hold hundreds of thousands of sockets at ~150 bytes a line; the default
 * 4 MiB bound of readTextSync would cut the table at ~28,000. This allows ~440,000 per table.
 */
const SOCKET_TABLE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * More than the longest line of the four tables: tcp and udp pad theirs to 150 and 128 bytes, tcp6
 * and udp6 lines run to ~180 (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c, net/ipv4/udp.c).
 */
const SOCKET_LINE_MAX_BYTES = 512;

/**
 * Every socket in the tables under `procRoot`/net; a table that is missing (no IPv6) is skipped.
 * `pageSize` lets a table that fits in one read be read once (readSeqTableSync).
 */
export function readSocketTables(buffer: ReadBuffer, procRoot: string, pageSize: number, littleEndian = endianness() === 'LE'): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const proto of TABLES) {
    const path = join(procRoot, 'net', proto);
    const text = unlessGoneOrDenied(() => readSeqTableSync(buffer, path, pageSize, SOCKET_LINE_MAX_BYTES, SOCKET_TABLE_MAX_BYTES).toString('utf8'));
    if (text !== undefined) entries.push(...parseSocketTable(text, proto, littleEndian));
  }
  return entries;
}

/**
 * A backend that lists the sockets with `list` and finds each one's process by the cached fd
 * walk: the /proc backend and the sock_diag one (sock-diag.ts) differ only in the listing. A
 * listing walks the kernel's whole established hash, so a read lists again only when the
 * kernel's socket counters moved since the last listing, or by the other rules of tcp-walk.ts
 * (socket-counts.ts says what the counters miss), and otherwise keeps the last listing.
 */
export function fdOwnedBackend(
  id: string,
  probe: (ctx: CollectorContext) => ProbeResult,
  list: (ctx: CollectorContext) => SocketEntry[],
  owners: SocketOwnerCache,
): Backend<ConnectionsRaw> {
  let last: { walk: TcpWalk; sockets: SocketEntry[] } | undefined;
  const listing = (ctx: CollectorContext): SocketEntry[] => {
    // Read before the listing, so that a change during it makes the next read list again.
    const counts = readSocketTableCounts(ctx.readBuffer, ctx.procRoot);
    if (counts === undefined) {
      last = undefined;
      return list(ctx);
    }
    if (last !== undefined && !tcpWalkDue(last.walk, counts)) {
      last = { walk: skipped(last.walk), sockets: last.sockets };
      return last.sockets;
    }
    const sockets = list(ctx);
    last = { walk: walkedEntries(counts, sockets), sockets };
    return sockets;
  };
  return {
    id,
    probe,
    read(ctx: CollectorContext, prior: Partial<ConnectionsRaw>): Partial<ConnectionsRaw> {
      // A higher-priority backend (eBPF) already listed the sockets; the fd walk would be wasted.
      if (prior.connections !== undefined) return {};
      const sockets = listing(ctx);
      const byInode = owners.lookup(
        ctx.readBuffer,
        ctx.procRoot,
        sockets.map((s) => s.inode),
        ctx.now(),
      );
      return {
        connections: sockets.map((s) => {
          const owner = byInode.get(s.inode);
          return { proto: s.proto, local: s.local, remote: s.remote, state: s.state, pid: owner?.pid, comm: owner?.comm };
        }),
      };
    },
  };
}

/** A /proc connections backend with its own owner cache. */
export function createConnectionsProcBackend(owners = new SocketOwnerCache()): Backend<ConnectionsRaw> {
  return fdOwnedBackend(
    'proc',
    (ctx) => probeOpenable(join(ctx.procRoot, 'net/tcp'), 'no /proc/net/tcp (kernel without IPv4?)'),
    (ctx) => readSocketTables(ctx.readBuffer, ctx.procRoot, ctx.host.pageSize),
    owners,
  );
}
