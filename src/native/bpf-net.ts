/**
 * Decoders of the network group's records (bpf/net.h, bpf/net.bpf.c): bytes per process and the
 * drops of that map, the socket tables and socket owners of its iterators, and the TCP lifecycle
 * events of its ring buffer. Every offset comes from NET_LAYOUTS, which a test compares field by
 * field with the addon's offsetof table.
 */
import { bytesOf, cString, splitRingRecords, u64, type RecordLayout } from './bpf-common.js';
import type { MapBatch } from './bpf.js';

/** The structs of bpf/net.h: sizeof and offsetof of every field. */
export const NET_LAYOUTS = {
  st_net_drops: { size: 16, fields: { count: 0, last_ns: 8 } },
  st_net_bytes: { size: 24, fields: { tx_bytes: 0, rx_bytes: 8, tgid: 16, pad: 20 } },
  st_tcp_rec: {
    size: 112,
    fields: {
      kind: 0,
      tgid: 4,
      inode: 8,
      sk: 16,
      family: 24,
      sport: 26,
      dport: 28,
      state: 30,
      pad: 31,
      uid: 32,
      saddr: 36,
      daddr: 52,
      pad3: 68,
      tx_bytes: 72,
      rx_bytes: 80,
      has_bytes: 88,
      pad2: 92,
      comm: 96,
    },
  },
  st_conn_event: {
    size: 80,
    fields: {
      kind: 0,
      tgid: 4,
      sk: 8,
      time_ns: 16,
      family: 24,
      sport: 26,
      dport: 28,
      oldstate: 30,
      pad: 31,
      saddr: 32,
      daddr: 48,
      tx_bytes: 64,
      rx_bytes: 72,
    },
  },
} as const satisfies Record<string, RecordLayout>;

const B = NET_LAYOUTS.st_net_bytes.fields;
const D = NET_LAYOUTS.st_net_drops.fields;
const T = NET_LAYOUTS.st_tcp_rec.fields;
const C = NET_LAYOUTS.st_conn_event.fields;
/** sizeof(struct st_net_bytes), sizeof(struct st_tcp_rec), sizeof(struct st_conn_event). */
export const NET_BYTES_SIZE = NET_LAYOUTS.st_net_bytes.size;
export const SOCKET_REC_SIZE = NET_LAYOUTS.st_tcp_rec.size;
export const CONN_EVENT_SIZE = NET_LAYOUTS.st_conn_event.size;
const ADDR_LEN = 16;
const COMM_LEN = 16;

/** Bytes moved by one process (proc_net) since it started or the net group was loaded. */
export interface NetBytes {
  txBytes: number;
  rxBytes: number;
}

/** A map of struct st_net_bytes values, as key → bytes; `keyAt` reads the i-th key. */
function decodeBytesMap<K>(
  map: string,
  keys: ArrayBuffer,
  values: ArrayBuffer,
  count: number,
  keySize: number,
  keyAt: (k: DataView, i: number) => K,
): Map<K, NetBytes> {
  const k = new DataView(keys);
  const v = new DataView(values);
  if (k.byteLength !== count * keySize || v.byteLength !== count * NET_BYTES_SIZE) {
    throw new Error(`${map} batch has ${k.byteLength}/${v.byteLength} bytes for ${count} entries`);
  }
  const out = new Map<K, NetBytes>();
  for (let i = 0; i < count; i++) {
    const o = i * NET_BYTES_SIZE;
    out.set(keyAt(k, i), { txBytes: u64(v, o + B.tx_bytes), rxBytes: u64(v, o + B.rx_bytes) });
  }
  return out;
}

/** The proc_net map (key u32 tgid) as tgid → bytes. */
export function decodeProcNet(keys: ArrayBuffer, values: ArrayBuffer, count: number): Map<number, NetBytes> {
  return decodeBytesMap('proc_net', keys, values, count, 4, (k, i) => k.getUint32(i * 4, true));
}

/**
 * The sock_net map (key u64 socket address) as socket → bytes: what the tcp iterator puts in a
 * socket's record (fill_bytes in bpf/net.bpf.c), read without walking the socket table.
 */
export function decodeSockNet(batch: MapBatch): Map<bigint, NetBytes> {
  return decodeBytesMap('sock_net', batch.keys, batch.values, batch.count, 8, (k, i) => k.getBigUint64(i * 8, true));
}

/** Processes whose bytes went uncounted because proc_net was full (struct st_net_drops). */
export interface NetDrops {
  count: number;
  /** CLOCK_BOOTTIME ns of the last drop; 0 before the first. */
  lastNs: number;
}

/** The one-entry proc_net_drops array; no drop when the entry is missing. */
export function decodeNetDrops(batch: MapBatch): NetDrops {
  if (batch.count === 0) return { count: 0, lastNs: 0 };
  const v = new DataView(batch.values);
  return { count: u64(v, D.count), lastNs: u64(v, D.last_ns) };
}

/** A socket from the tcp or udp iterator. Addresses are 16 bytes, IPv4 in the first 4. */
export interface SocketRecord {
  kind: 'tcp' | 'udp';
  /** Kernel socket address (see ConnEvent.sk). */
  sk: bigint;
  inode: number;
  family: number;
  sport: number;
  dport: number;
  state: number;
  uid: number;
  saddr: Uint8Array;
  daddr: Uint8Array;
  /** Bytes since the net group was loaded; undefined when the socket moved none since. */
  txBytes?: number;
  rxBytes?: number;
}

/** A socket fd held by a process, from the task_file iterator. Comm is raw kernel text. */
export interface SocketOwnerRecord {
  pid: number;
  inode: number;
  comm: string;
}

const REC_SOCKET = 1;
const REC_OWNER = 2;
const REC_UDP = 3;

function addr(view: DataView, at: number): Uint8Array {
  return new Uint8Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + at + ADDR_LEN));
}

/** Decode one or more iterator passes of the net group (they share one record layout). */
export function decodeSocketRecords(view: DataView): { sockets: SocketRecord[]; owners: SocketOwnerRecord[] } {
  if (view.byteLength % SOCKET_REC_SIZE !== 0) {
    throw new Error(`socket iterator output is ${view.byteLength} bytes, not a multiple of ${SOCKET_REC_SIZE}`);
  }
  const bytes = bytesOf(view);
  const sockets: SocketRecord[] = [];
  const owners: SocketOwnerRecord[] = [];
  for (let o = 0; o < view.byteLength; o += SOCKET_REC_SIZE) {
    const kind = view.getUint32(o + T.kind, true);
    if (kind === REC_OWNER) {
      owners.push({ pid: view.getUint32(o + T.tgid, true), inode: u64(view, o + T.inode), comm: cString(bytes, o + T.comm, COMM_LEN) });
      continue;
    }
    if (kind !== REC_SOCKET && kind !== REC_UDP) throw new Error(`unknown socket record kind ${kind}`);
    const hasBytes = view.getUint32(o + T.has_bytes, true) === 1;
    sockets.push({
      kind: kind === REC_UDP ? 'udp' : 'tcp',
      sk: view.getBigUint64(o + T.sk, true),
      inode: u64(view, o + T.inode),
      family: view.getUint16(o + T.family, true),
      sport: view.getUint16(o + T.sport, true),
      dport: view.getUint16(o + T.dport, true),
      state: view.getUint8(o + T.state),
      uid: view.getUint32(o + T.uid, true),
      saddr: addr(view, o + T.saddr),
      daddr: addr(view, o + T.daddr),
      txBytes: hasBytes ? u64(view, o + T.tx_bytes) : undefined,
      rxBytes: hasBytes ? u64(view, o + T.rx_bytes) : undefined,
    });
  }
  return { sockets, owners };
}

/** A TCP connection reaching ESTABLISHED or CLOSE (ring buffer conn_events). */
export interface ConnEvent {
  kind: 'open' | 'close';
  /** Kernel socket address: the same connection's open, close and iterator records share it. */
  sk: bigint;
  /** Process that last moved data on the socket; undefined when none did since load. */
  pid?: number;
  family: number;
  sport: number;
  dport: number;
  /** TCP state it left (include/net/tcp_states.h numbering). */
  oldState: number;
  saddr: Uint8Array;
  daddr: Uint8Array;
  timeNs: bigint;
  /** At close, bytes since load; undefined at open. */
  txBytes?: number;
  rxBytes?: number;
}

export function decodeConnEvents(view: DataView): ConnEvent[] {
  return splitRingRecords(view).map((r) => {
    if (r.byteLength !== CONN_EVENT_SIZE) throw new Error(`connection event of ${r.byteLength} bytes, expected ${CONN_EVENT_SIZE}`);
    const kind = r.getUint32(C.kind, true);
    if (kind !== 1 && kind !== 2) throw new Error(`unknown connection event kind ${kind}`);
    const tgid = r.getUint32(C.tgid, true);
    return {
      kind: kind === 1 ? 'open' : 'close',
      pid: tgid === 0 ? undefined : tgid,
      sk: r.getBigUint64(C.sk, true),
      timeNs: r.getBigUint64(C.time_ns, true),
      family: r.getUint16(C.family, true),
      sport: r.getUint16(C.sport, true),
      dport: r.getUint16(C.dport, true),
      oldState: r.getUint8(C.oldstate),
      saddr: addr(r, C.saddr),
      daddr: addr(r, C.daddr),
      txBytes: kind === 2 ? u64(r, C.tx_bytes) : undefined,
      rxBytes: kind === 2 ? u64(r, C.rx_bytes) : undefined,
    };
  });
}
