/**
 * Typed wrapper for the addon's "sockdiag" module (native/sockdiag.cc): the TCP and UDP sockets
 * of this process's network namespace from the kernel's sock_diag netlink interface, as ss(8)
 * lists them, one dump a call. The connections backend without eBPF lists them this way
 * (src/collectors/connections/sock-diag.ts); the endpoints stay bytes here.
 */
import { nativeModule } from './binding.js';
import { readTable, TABLE_HEADER_BYTES } from './table.js';

/** A socket as the kernel's own interfaces give it (sock_diag here, the eBPF iterators too): numbers and address bytes. */
export interface KernelSocket {
  /** AF_INET (2) or AF_INET6 (10). */
  family: number;
  /** The kernel's state number (include/net/tcp_states.h; UDP uses 1 and 7). */
  state: number;
  sport: number;
  dport: number;
  /** 16 bytes in network order; an IPv4 address is the first 4. */
  saddr: Uint8Array;
  daddr: Uint8Array;
}

/** One socket (native/sockdiag.cc Record). */
export interface DiagSocket extends KernelSocket {
  protocol: 'tcp' | 'udp';
  uid: number;
  /** Matches `socket:[inode]` in /proc/PID/fd; 0 for a socket no file holds (TIME_WAIT). */
  inode: number;
}

/** The record's layout (native/sockdiag.cc Record). */
export const RECORD = { bytes: 48, family: 0, state: 1, protocol: 2, sport: 4, dport: 6, src: 8, dst: 24, uid: 40, inode: 44 } as const;

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

/** The sockets of one dump's output; throws on a protocol the module does not list (an addon built from other sources). */
export function decodeDiagSockets(buffer: ArrayBuffer): DiagSocket[] {
  const { view, bytes, count } = readTable(buffer, 'sockdiag', RECORD.bytes, 1);
  const sockets: DiagSocket[] = [];
  for (let i = 0; i < count; i++) {
    const at = TABLE_HEADER_BYTES + i * RECORD.bytes;
    const protocol = view.getUint8(at + RECORD.protocol);
    if (protocol !== IPPROTO_TCP && protocol !== IPPROTO_UDP) throw new Error(`sockdiag record ${i} has protocol ${protocol}, not TCP or UDP`);
    sockets.push({
      protocol: protocol === IPPROTO_TCP ? 'tcp' : 'udp',
      family: view.getUint8(at + RECORD.family),
      state: view.getUint8(at + RECORD.state),
      sport: view.getUint16(at + RECORD.sport, true),
      dport: view.getUint16(at + RECORD.dport, true),
      saddr: bytes.subarray(at + RECORD.src, at + RECORD.src + 16),
      daddr: bytes.subarray(at + RECORD.dst, at + RECORD.dst + 16),
      uid: view.getUint32(at + RECORD.uid, true),
      inode: view.getUint32(at + RECORD.inode, true),
    });
  }
  return sockets;
}

interface SockDiagModule {
  dump(check?: boolean): ArrayBuffer;
}

/**
 * The addon's socket dump: `dump` lists the sockets; `check` makes the same requests for no state,
 * which the kernel answers without walking its tables, and returns how many sockets came (none).
 * Both throw NativeError (code, syscall) when the kernel refuses the requests.
 */
export type SockDiagNative = { ok: true; dump: () => DiagSocket[]; check: () => number } | { ok: false; reason: string; remedy: string };

/** The addon's socket dump, or why it is not available (addon not built, or built without sockdiag.cc). */
export function sockDiagNative(): SockDiagNative {
  const loaded = nativeModule<SockDiagModule>('sockdiag');
  if (!loaded.ok) return loaded;
  const { module } = loaded;
  return {
    ok: true,
    dump: () => decodeDiagSockets(module.dump()),
    check: () => readTable(module.dump(true), 'sockdiag', RECORD.bytes, 1).count,
  };
}
