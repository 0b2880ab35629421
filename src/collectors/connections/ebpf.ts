/**
 * The eBPF backend of the connections collector (bpf/net.bpf.c): the TCP and UDP socket tables
 * from the tcp and udp iterators, each socket's owner from a task_file iterator pass (socket
 * inode → process, what ss -p finds by walking /proc/PID/fd, done in the kernel), and bytes sent
 * and received per socket from the sock_send_length / sock_recv_length tracepoints. Also keeps
 * bytes per process (netBytes()) for the process table's network columns, and the TCP lifecycle
 * (drainConnEvents(): opens and closes, with a closing connection's bytes).
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import type { ConnectionRow } from '../../types/snapshot.js';
import { acquireBpfStats, BpfGroup, bpfNative, describeBpfError, releaseBpfStats, type BpfNative } from '../../native/bpf.js';
import { leaseGroup, type GroupLease } from '../../native/bpf-shared.js';
import {
  decodeConnEvents,
  decodeProcNet,
  decodeSocketRecords,
  sumPerCpuU64,
  type ConnEvent,
  type NetBytes,
  type SocketOwnerRecord,
  type SocketRecord,
} from '../../native/bpf-records.js';
import { formatIPv6, stateName } from './parse.js';
import type { ConnectionsRaw } from './proc.js';

const AF_INET6 = 10;

/** `127.0.0.1:8080` or `[::1]:8080`, as the /proc backend writes endpoints. */
export function formatEndpoint(family: number, addr: Uint8Array, port: number): string {
  if (family === AF_INET6) return `[${formatIPv6(Array.from(addr))}]:${port}`;
  return `${addr[0]}.${addr[1]}.${addr[2]}.${addr[3]}:${port}`;
}

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
    const v6 = s.family === AF_INET6;
    const proto = s.kind === 'udp' ? (v6 ? 'udp6' : 'udp') : v6 ? 'tcp6' : 'tcp';
    return {
      proto,
      local: formatEndpoint(s.family, s.saddr, s.sport),
      remote: formatEndpoint(s.family, s.daddr, s.dport),
      state: stateName(proto, s.state),
      pid: owner?.pid,
      comm: owner?.comm,
      txBytes: s.txBytes,
      rxBytes: s.rxBytes,
    };
  });
}

/** The connections backend plus per-process byte counters. */
export interface EbpfConnectionsBackend extends Backend<ConnectionsRaw> {
  /** Bytes per tgid since load, as of the last read; undefined before the first. */
  netBytes(): ReadonlyMap<number, NetBytes> | undefined;
  /** TCP connections opened and closed since the last call, oldest first (the lifecycle). */
  drainConnEvents(): ConnEvent[];
  /** Lifecycle records the kernel dropped because the ring buffer was full (cumulative). */
  connEventsLost(): number | undefined;
  /** The loaded group, for BPF run-time stats (the same group the processes backend leases). */
  groups(): BpfGroup[];
}

/** Lifecycle events kept between two drains; older ones are dropped first. */
const MAX_PENDING_CONN_EVENTS = 20_000;

/** As ST_NET_MAX_SOCKS (bpf/net.h): past this, endpoints not in the table are forgotten. */
const MAX_KNOWN_SOCKETS = 65_536;

/**
 * The owner pass walks every open file of every process (10 ms a tick at 5,000 processes,
 * measured), so it runs when a socket appears that the last pass did not look up, and otherwise
 * once in this many reads: a socket changes hands without a new inode only when its owner forks
 * and exits, or passes it over a Unix socket, and such a row shows its old owner at most this
 * many ticks.
 */
export const OWNER_REFRESH_READS = 5;

/** Whether the tables list a socket inode the last owner pass did not look up. */
export function hasUnlookedSocket(sockets: readonly SocketRecord[], lookedUp: ReadonlySet<number>): boolean {
  return sockets.some((s) => s.inode !== 0 && !lookedUp.has(s.inode));
}

type Endpoints = Pick<ConnEvent, 'family' | 'saddr' | 'daddr' | 'sport' | 'dport'>;

/**
 * Give close events the endpoints their connection had: by the time a socket reaches CLOSE the
 * kernel may have released its port (a client going to TIME_WAIT reads sport 0), so they come
 * from the connection's open event or the last iterator pass, matched by socket address.
 * `known` is updated: opens and listed sockets added, closed ones removed.
 */
export function completeConnEvents(events: ConnEvent[], known: Map<bigint, Endpoints>): ConnEvent[] {
  return events.map((e) => {
    if (e.kind === 'open') {
      known.set(e.sk, e);
      return e;
    }
    const seen = known.get(e.sk);
    known.delete(e.sk);
    return e.sport === 0 && seen !== undefined
      ? { ...e, family: seen.family, saddr: seen.saddr, daddr: seen.daddr, sport: seen.sport, dport: seen.dport }
      : e;
  });
}

/** `objectPath` overrides build/bpf/net.bpf.o (tests). */
export function createEbpfConnectionsBackend(objectPath?: string): EbpfConnectionsBackend {
  let lease: GroupLease | undefined;
  let perProcess: Map<number, NetBytes> | undefined;
  let statsHeld: BpfNative | undefined;
  let pending: ConnEvent[] = [];
  let known = new Map<bigint, Endpoints>();
  let owners: SocketOwnerRecord[] = [];
  let lookedUp = new Set<number>();
  let readsSinceOwners = OWNER_REFRESH_READS;
  return {
    id: 'ebpf',
    probe(): ProbeResult {
      const native = bpfNative();
      if (!native.ok) return { available: false, reason: native.reason, remedy: native.remedy };
      try {
        // Shared with the processes backend: one load, one attach of each tracepoint.
        lease = leaseGroup(native.module, 'net', objectPath);
        acquireBpfStats(native.module);
        statsHeld = native.module;
        return { available: true, reason: 'tcp/udp/task_file iterators and sock_send/recv_length tracepoints (bpf/net.bpf.c)' };
      } catch (err) {
        return { available: false, ...describeBpfError(err) };
      }
    },
    read(_ctx: CollectorContext): Partial<ConnectionsRaw> {
      const group = lease?.group;
      if (group === undefined || group.closed) throw new Error('eBPF net group is not loaded');
      const tcp = decodeSocketRecords(group.iterate('dump_tcp'));
      const udp = decodeSocketRecords(group.iterate('dump_udp'));
      const sockets = [...tcp.sockets, ...udp.sockets];
      if (++readsSinceOwners >= OWNER_REFRESH_READS || hasUnlookedSocket(sockets, lookedUp)) {
        owners = decodeSocketRecords(group.iterate('dump_sock_owners')).owners;
        lookedUp = new Set(sockets.map((sock) => sock.inode));
        readsSinceOwners = 0;
      }
      const batch = group.readMap('proc_net');
      perProcess = decodeProcNet(batch.keys, batch.values, batch.count);
      // Endpoints of the sockets listed now, plus those opened since and not listed (closed
      // already, or their close event was lost: bounded like the kernel's socket map).
      const listed = new Map<bigint, Endpoints>();
      for (const sock of tcp.sockets) listed.set(sock.sk, sock);
      if (known.size < MAX_KNOWN_SOCKETS) for (const [sk, ends] of known) if (!listed.has(sk)) listed.set(sk, ends);
      known = listed;
      pending.push(...completeConnEvents(decodeConnEvents(group.consumeRing('conn_events')), known));
      if (pending.length > MAX_PENDING_CONN_EVENTS) pending = pending.slice(-MAX_PENDING_CONN_EVENTS);
      return { connections: connectionsFromRecords(sockets, owners) };
    },
    close(): void {
      lease?.release();
      lease = undefined;
      if (statsHeld !== undefined) releaseBpfStats(statsHeld);
      statsHeld = undefined;
    },
    netBytes: () => perProcess,
    drainConnEvents(): ConnEvent[] {
      const out = pending;
      pending = [];
      return out;
    },
    connEventsLost(): number | undefined {
      const group = lease?.group;
      if (group === undefined || group.closed) return undefined;
      const batch = group.readMap('conn_events_lost');
      return batch.count === 0 ? 0 : sumPerCpuU64(batch.values, batch.valueSize);
    },
    groups: () => (lease === undefined || lease.group.closed ? [] : [lease.group]),
  };
}
