/**
 * Reader for the network section: the process's socket descriptors joined by inode with its
 * network namespace's /proc/PID/net/{tcp,tcp6,udp,udp6} (parsed by the connections
 * collector's parser). Sockets of other families (unix, netlink, packet) are listed by inode.
 */
import { endianness } from 'node:os';
import { join } from 'node:path';
import { parseSocketTable, type SocketEntry, type SocketProto } from '../connections/parse.js';
import { tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import type { SocketRow } from './types.js';

const TABLES: SocketProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];
const LITTLE_ENDIAN = endianness() === 'LE';

/** Join fd → inode with the socket tables of the process's own network namespace. */
export function readSockets(buffer: ReadBuffer, procRoot: string, pid: number, sockets: Map<number, number>): SocketRow[] {
  if (sockets.size === 0) return [];
  const byInode = new Map<number, SocketEntry>();
  for (const proto of TABLES) {
    const text = tryReadTextSync(buffer, join(procRoot, String(pid), 'net', proto), 64 * 1024 * 1024);
    if (text === undefined) continue;
    for (const entry of parseSocketTable(text, proto, LITTLE_ENDIAN)) {
      if (entry.inode !== 0) byInode.set(entry.inode, entry);
    }
  }
  const rows: SocketRow[] = [];
  for (const [fd, inode] of sockets) {
    const e = byInode.get(inode);
    rows.push(e === undefined ? { fd, inode, proto: 'unix/other' } : { fd, inode, proto: e.proto, local: e.local, remote: e.remote, state: e.state });
  }
  return rows;
}
