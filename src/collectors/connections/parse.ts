/**
 * Pure parsers for the socket tables /proc/net/{tcp,tcp6,udp,udp6}: hexadecimal endpoints,
 * numeric states, owning uid and socket inode; and the same columns from the kernel's own socket
 * records (socketColumns: the eBPF iterators, sock_diag), so every backend writes them alike.
 */
import type { KernelSocket } from '../../native/sockdiag.js';
import type { ConnectionRow } from '../../types/snapshot.js';

/** Which socket table a row came from. */
export type SocketProto = ConnectionRow['proto'];

/** One socket as the kernel lists it. */
export interface SocketEntry {
  proto: SocketProto;
  /** `127.0.0.1:8080` or `[::1]:8080`. */
  local: string;
  remote: string;
  state: string;
  uid: number;
  /** Socket inode: matches `socket:[inode]` in /proc/PID/fd; 0 for sockets no file holds (TIME_WAIT). */
  inode: number;
}

/**
 * TCP states by number (include/net/tcp_states.h), named as netstat names them.
 * @see https://www.kernel.org/doc/Documentation/networking/proc_net_tcp.txt
 */
const TCP_STATES: Record<number, string> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};

/**
 * The name of a socket's state number, as netstat and ss write it. UDP reuses the TCP numbers:
 * 1 for a connected socket, 7 for an unconnected one (ss: UNCONN).
 */
export function stateName(proto: SocketProto, code: number): string {
  if ((proto === 'udp' || proto === 'udp6') && code === 7) return 'UNCONN';
  return TCP_STATES[code] ?? `UNKNOWN(${code})`;
}

/**
 * The 4 bytes of one 32-bit word as the kernel printed it: `%08X` of a network-order value
 * loaded as a native integer, so on little-endian hosts the bytes come out reversed.
 */
function wordBytes(hex8: string, littleEndian: boolean): number[] {
  const word = parseInt(hex8, 16);
  const bigEndianBytes = [(word >>> 24) & 0xff, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff];
  return littleEndian ? bigEndianBytes.reverse() : bigEndianBytes;
}

/**
 * An IPv6 address from 16 bytes, as RFC 5952 writes it: lower-case hex, the longest run of two
 * or more zero groups as `::` (the first on a tie), and IPv4-mapped addresses as ::ffff:a.b.c.d.
 * @see https://www.rfc-editor.org/rfc/rfc5952
 */
export function formatIPv6(bytes: number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Linux's address family number for IPv6 (AF_INET is 2). */
export const AF_INET6 = 10;

/** `127.0.0.1:8080` or `[::1]:8080` from an address's bytes (network order, IPv4 the first 4), as decodeEndpoint writes it. */
export function formatEndpoint(family: number, addr: Uint8Array, port: number): string {
  if (family === AF_INET6) return `[${formatIPv6(Array.from(addr))}]:${port}`;
  return `${addr[0]}.${addr[1]}.${addr[2]}.${addr[3]}:${port}`;
}

/** The table, endpoints and state name of a TCP or UDP socket, as the /proc tables give them. */
export function socketColumns(kind: 'tcp' | 'udp', s: KernelSocket): Pick<SocketEntry, 'proto' | 'local' | 'remote' | 'state'> {
  const v6 = s.family === AF_INET6;
  const proto = kind === 'udp' ? (v6 ? 'udp6' : 'udp') : v6 ? 'tcp6' : 'tcp';
  return { proto, local: formatEndpoint(s.family, s.saddr, s.sport), remote: formatEndpoint(s.family, s.daddr, s.dport), state: stateName(proto, s.state) };
}

/**
 * `0100007F:1F90` → `127.0.0.1:8080`; a 32-digit address → `[::1]:8080`. The address is in the
 * host's byte order per 32-bit word; the port is already a host-order number.
 * Returns undefined for anything else.
 */
export function decodeEndpoint(hex: string, littleEndian: boolean): string | undefined {
  const match = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(hex);
  if (!match) return undefined;
  const [, address, portHex] = match;
  const port = parseInt(portHex, 16);
  if (address.length === 8) return `${wordBytes(address, littleEndian).join('.')}:${port}`;
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(address.slice(i, i + 8), littleEndian));
  return `[${formatIPv6(bytes)}]:${port}`;
}

/**
 * One of /proc/net/{tcp,tcp6,udp,udp6}: a header line, then
 * `sl: local remote st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...`.
 * Truncated or malformed lines are skipped.
 * @see https://man7.org/linux/man-pages/man5/proc_net.5.html
 * @see https://www.kernel.org/doc/Documentation/networking/proc_net_tcp.txt
 */
export function parseSocketTable(text: string, proto: SocketProto, littleEndian: boolean): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !/^\d+:$/.test(fields[0])) continue;
    const local = decodeEndpoint(fields[1], littleEndian);
    const remote = decodeEndpoint(fields[2], littleEndian);
    if (local === undefined || remote === undefined) continue;
    // uid is a u32 and inode a u64 (10 and 20 digits at most): longer is not a number the kernel wrote.
    if (!/^[0-9A-Fa-f]{2}$/.test(fields[3]) || !/^\d{1,10}$/.test(fields[7]) || !/^\d{1,20}$/.test(fields[9])) continue;
    entries.push({
      proto,
      local,
      remote,
      state: stateName(proto, parseInt(fields[3], 16)),
      uid: Number(fields[7]),
      inode: Number(fields[9]),
    });
  }
  return entries;
}

/** The inode in an fd link target `socket:[12345]`, or undefined for any other kind of file. */
export function parseSocketLink(target: string): number | undefined {
  const match = /^socket:\[(\d{1,20})\]$/.exec(target);
  return match ? Number(match[1]) : undefined;
}
