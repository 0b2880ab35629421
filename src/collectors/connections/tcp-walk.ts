/**
 * When a connections backend walks the TCP table again. The tcp iterator walks every bucket
 * of the kernel's established hash, which is sized by the machine's memory however few sockets
 * there are (bench/README.md, 'TCP table walked on a state change'), and the table changes only
 * through a TCP state change, which the inet_sock_set_state tracepoint counts (tcp_state_changes
 * in bpf/net.bpf.c). So a read walks when the count moved since the last walk, and otherwise keeps
 * the last walk's sockets with their bytes read again from sock_net (the map the walk takes them
 * from), which is what a walk would have listed, but for three changes that fire no state change:
 * - an accepted connection gets its inode (and so its owner) at accept(), with no new state:
 *   while the last walk listed a connection that no file held yet, every read walks;
 * - a TIME_WAIT socket leaves the table when its timer ends, and a request socket (a SYN
 *   received, the handshake not done) enters and leaves it: those show up to
 *   TCP_RECHECK_READS - 1 reads late, when every read walks anyway.
 * The /proc-path backends (sock_diag, the /proc tables) cannot attach the tracepoint; they read
 * the kernel's socket counters instead (socket-counts.ts says which, and what they miss), and
 * decide by the same rules.
 */
import type { NetBytes, SocketRecord } from '../../native/bpf-net.js';
import { stateName, type SocketEntry } from './parse.js';

/**
 * The table is walked at least once in this many reads (the connections collector reads every
 * other tick: at 1 s, every 10 s), for the changes no state change announces.
 */
export const TCP_RECHECK_READS = 5;

/** What the last walk left for the next read to decide on. */
export interface TcpWalk {
  /** What told of changes, read just before that walk: the state-change count, or the socket counters. */
  changes: number | string;
  /** Reads since that walk. */
  readsSince: number;
  /** It listed a connection no file held yet (see the file comment). */
  awaitingAccept: boolean;
}

/**
 * Whether a TCP socket is a connection not yet accepted: established (or its peer closed
 * already) with no file. A socket whose file was closed has moved on to FIN_WAIT1 or LAST_ACK,
 * and a kernel socket (an NFS mount's) holds no file ever, so every read walks on such a host.
 */
function awaitingAccept(inode: number, state: string): boolean {
  return inode === 0 && (state === 'ESTABLISHED' || state === 'CLOSE_WAIT');
}

/** The record of the eBPF backend's walk that listed `sockets`, after reading `changes` just before it. */
export function walked(changes: number, sockets: readonly SocketRecord[]): TcpWalk {
  return { changes, readsSince: 0, awaitingAccept: sockets.some((s) => awaitingAccept(s.inode, stateName('tcp', s.state))) };
}

/** The same for a /proc-path backend's listing (TCP and UDP, states by name), after reading the counters. */
export function walkedEntries(counts: string, entries: readonly SocketEntry[]): TcpWalk {
  const tcp = (e: SocketEntry): boolean => e.proto === 'tcp' || e.proto === 'tcp6';
  return { changes: counts, readsSince: 0, awaitingAccept: entries.some((e) => tcp(e) && awaitingAccept(e.inode, e.state)) };
}

/** Whether this read walks, given what was read now and the last walk. */
export function tcpWalkDue(last: TcpWalk, changes: number | string): boolean {
  return changes !== last.changes || last.awaitingAccept || last.readsSince + 1 >= TCP_RECHECK_READS;
}

/** The last walk's record after a read that did not walk. */
export function skipped(last: TcpWalk): TcpWalk {
  return { ...last, readsSince: last.readsSince + 1 };
}

/**
 * The last walk's sockets with the bytes sock_net holds now: a socket not in the map moved no
 * byte since the group loaded (the walk leaves its bytes undefined too).
 */
export function withSocketBytes(sockets: readonly SocketRecord[], bytes: ReadonlyMap<bigint, NetBytes>): SocketRecord[] {
  return sockets.map((s) => {
    const b = bytes.get(s.sk);
    return { ...s, txBytes: b?.txBytes, rxBytes: b?.rxBytes };
  });
}
