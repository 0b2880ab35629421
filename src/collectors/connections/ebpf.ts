/**
 * The eBPF backend of the connections collector (bpf/net.bpf.c): the TCP and UDP socket tables
 * from the tcp and udp iterators, each socket's owner from a task_file iterator pass (socket
 * inode → process, what ss -p finds by walking /proc/PID/fd, done in the kernel), and bytes sent
 * and received per socket from the sock_send_length / sock_recv_length tracepoints, and the TCP
 * lifecycle since the last read (connectionEvents: opens and closes, with a closing connection's
 * bytes and duration). The group comes from the KernelSession in the collector context, which
 * shares it with the processes backend (bytes per process) and closes it with the Monitor.
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import type { ConnectionRow } from '../../types/snapshot.js';
import { perCpuCounter, RingLoss } from '../../native/bpf-common.js';
import { decodeConnEvents, decodeSockNet, decodeSocketRecords, type ConnEvent, type SocketOwnerRecord, type SocketRecord } from '../../native/bpf-net.js';
import { NO_KERNEL_SESSION } from '../../native/kernel-session.js';
import { connectionEvents } from './conn-events.js';
import { formatEndpoint, socketColumns } from './parse.js';
import type { ConnectionsRaw } from './proc.js';
import { skipped, tcpWalkDue, walked, withSocketBytes, type TcpWalk } from './tcp-walk.js';

/** Join sockets with their owners into connection rows (owner comm raw; derive sanitises it). */
export function connectionsFromRecords(sockets: readonly SocketRecord[], owners: readonly SocketOwnerRecord[]): ConnectionRow[] {
  const byInode = new Map<number, SocketOwnerRecord>();
  // A socket shared by several processes (fork) goes to the lowest pid, as a stable choice.
  for (const o of owners) {
    const seen = byInode.get(o.inode);
    if (seen === undefined || o.pid < seen.pid) byInode.set(o.inode, o);
  }
  return sockets.map((s) => {
    const owner = s.inode === 0 ? undefined : byInode.get(s.inode);
    return {
      ...socketColumns(s.kind, s),
      pid: owner?.pid,
      comm: owner?.comm,
      txBytes: s.txBytes,
      rxBytes: s.rxBytes,
    };
  });
}

/** As ST_NET_MAX_SOCKS (bpf/net.h): past this, endpoints not in the table are forgotten. */
const MAX_KNOWN_SOCKETS = 65_536;

/**
 * The owner pass walks every open file of every process (bench/README.md, 'Owner pass only for
 * new sockets'), so it runs when a socket appears that the last pass did not look up, and otherwise
 * once in this many reads: a socket changes hands without a new inode only when its owner forks
 * and exits, or passes it over a Unix socket, and such a row shows its old owner at most this
 * many ticks.
 */
export const OWNER_REFRESH_READS = 5;

/** Whether the tables list a socket inode the last owner pass did not look up. */
export function hasUnlookedSocket(sockets: readonly SocketRecord[], lookedUp: ReadonlySet<number>): boolean {
  return sockets.some((s) => s.inode !== 0 && !lookedUp.has(s.inode));
}

/** A connection's endpoints, and when it opened if its open event was seen. */
type Endpoints = Pick<ConnEvent, 'family' | 'saddr' | 'daddr' | 'sport' | 'dport'> & { timeNs?: bigint };

/**
 * Give close events the endpoints their connection had: by the time a socket reaches CLOSE the
 * kernel may have released its port (a client going to TIME_WAIT reads sport 0), so they come
 * from the connection's open event or the last iterator pass, matched by socket address; and the
 * time it opened (openedNs) when its open event was seen. `known` is updated: opens and listed
 * sockets added, closed ones removed.
 */
export function completeConnEvents(events: ConnEvent[], known: Map<bigint, Endpoints>): (ConnEvent & { openedNs?: bigint })[] {
  return events.map((e) => {
    if (e.kind === 'open') {
      known.set(e.sk, e);
      return e;
    }
    const seen = known.get(e.sk);
    known.delete(e.sk);
    if (seen === undefined) return e;
    const ends = e.sport === 0 ? { family: seen.family, saddr: seen.saddr, daddr: seen.daddr, sport: seen.sport, dport: seen.dport } : {};
    return { ...e, ...ends, openedNs: seen.timeNs };
  });
}

/** The group comes from ctx.kernel (shared with the processes backend, loaded once). */
export function createEbpfConnectionsBackend(): Backend<ConnectionsRaw> {
  const ringLoss = new RingLoss();
  let known = new Map<bigint, Endpoints>();
  let owners: SocketOwnerRecord[] = [];
  let lookedUp = new Set<number>();
  let readsSinceOwners = OWNER_REFRESH_READS;
  let tcpWalk: TcpWalk | undefined;
  let tcpSockets: SocketRecord[] = [];
  return {
    id: 'ebpf',
    usesKernel: true,
    probe(ctx: CollectorContext): ProbeResult {
      if (ctx.kernel === undefined) return { available: false, reason: NO_KERNEL_SESSION };
      const net = ctx.kernel.open('net');
      if (!net.ok) return { available: false, reason: net.reason, remedy: net.remedy };
      return { available: true, reason: 'tcp/udp/task_file iterators, sock_send/recv_length and inet_sock_set_state tracepoints (bpf/net.bpf.c)' };
    },
    read(ctx: CollectorContext): Partial<ConnectionsRaw> {
      const k = ctx.kernel;
      if (k === undefined) throw new Error(NO_KERNEL_SESSION);
      // The count is read before the walk, so a change during the walk makes the next read walk.
      const changes = perCpuCounter(k.readMap('net', 'tcp_state_changes'));
      if (tcpWalk === undefined || tcpWalkDue(tcpWalk, changes)) {
        tcpSockets = decodeSocketRecords(k.iterate('net', 'dump_tcp')).sockets;
        tcpWalk = walked(changes, tcpSockets);
      } else {
        tcpSockets = withSocketBytes(tcpSockets, decodeSockNet(k.readMap('net', 'sock_net')));
        tcpWalk = skipped(tcpWalk);
      }
      const udp = decodeSocketRecords(k.iterate('net', 'dump_udp'));
      const sockets = [...tcpSockets, ...udp.sockets];
      if (++readsSinceOwners >= OWNER_REFRESH_READS || hasUnlookedSocket(sockets, lookedUp)) {
        owners = decodeSocketRecords(k.iterate('net', 'dump_sock_owners')).owners;
        lookedUp = new Set(sockets.map((sock) => sock.inode));
        readsSinceOwners = 0;
      }
      // Endpoints of the sockets listed now (with their open time when their open was seen),
      // plus those opened since and not listed (closed already, or their close event was lost:
      // bounded like the kernel's socket map).
      const listed = new Map<bigint, Endpoints>();
      for (const sock of tcpSockets) listed.set(sock.sk, known.get(sock.sk) ?? sock);
      if (known.size < MAX_KNOWN_SOCKETS) for (const [sk, ends] of known) if (!listed.has(sk)) listed.set(sk, ends);
      known = listed;
      const events = completeConnEvents(decodeConnEvents(k.consumeRing('net', 'conn_events')), known);
      const lost = ringLoss.sinceLastRead(k.readMap('net', 'conn_events_lost'));
      // Owners by pid, to name the events' processes: only when there are events to name.
      const comms = new Map<number, string>();
      if (events.length > 0) for (const o of owners) comms.set(o.pid, o.comm);
      const lifecycle = connectionEvents(events, comms, lost, ctx.host.bootTime, formatEndpoint);
      return { connections: connectionsFromRecords(sockets, owners), connectionEvents: lifecycle };
    },
  };
}
