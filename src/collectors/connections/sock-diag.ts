/**
 * The sock_diag connections backend: the TCP and UDP sockets of the sampler's network namespace
 * from the kernel's sock_diag netlink interface (the addon's "sockdiag" module, as ss(8) lists
 * them), with the owning process from the cached fd walk, as the /proc backend. It lists what
 * /proc/net/{tcp,tcp6,udp,udp6} list for a fifth of the kernel's work: each of those tables walks
 * the whole established hash on its own, a dump here walks it once for both families
 * (native/sockdiag.cc; bench/README.md, 'Sockets by sock_diag'). Without eBPF it is the first
 * choice; the /proc backend stays for a recorded tree, an addon not built, or a kernel without
 * sock_diag.
 */
import { errorText } from '../../util/probe.js';
import { sockDiagNative, type DiagSocket, type SockDiagNative } from '../../native/sockdiag.js';
import { isLiveProcRoot, type Backend, type CollectorContext, type ProbeResult } from '../contract.js';
import { SocketOwnerCache } from './owners.js';
import { socketColumns, type SocketEntry } from './parse.js';
import { fdOwnedBackend, type ConnectionsRaw } from './proc.js';

/** A dumped socket as the /proc tables list it. */
export function socketEntryOf(s: DiagSocket): SocketEntry {
  return { ...socketColumns(s.protocol, s), uid: s.uid, inode: s.inode };
}

function probeDump(ctx: CollectorContext, native: SockDiagNative): ProbeResult {
  if (!isLiveProcRoot(ctx.procRoot)) return { available: false, reason: `netlink lists this machine's sockets, not those of the tree at ${ctx.procRoot}` };
  if (!native.ok) return { available: false, reason: native.reason, remedy: native.remedy };
  try {
    // The requests for no state: a refusal shows, and the tables are walked by the first read,
    // not by the probe before the first frame as well (as probeOpenable for the /proc tables).
    native.check();
    return { available: true, reason: 'lists sockets by netlink sock_diag (as ss does)' };
  } catch (err) {
    return {
      available: false,
      reason: `sock_diag refused the dump (${errorText(err)})`,
      remedy: 'a kernel with CONFIG_INET_DIAG, CONFIG_INET_TCP_DIAG and CONFIG_INET_UDP_DIAG (or their modules loaded)',
    };
  }
}

/** A sock_diag connections backend with its own owner cache; `native` is the addon's dump, or why there is none. */
export function createSockDiagConnectionsBackend(native: SockDiagNative = sockDiagNative(), owners = new SocketOwnerCache()): Backend<ConnectionsRaw> {
  return fdOwnedBackend(
    'sock_diag',
    (ctx) => probeDump(ctx, native),
    () => {
      // The probe made the backend unavailable; a read that still came is a sampler's bug.
      if (!native.ok) throw new Error(native.reason);
      return native.dump().map(socketEntryOf);
    },
    owners,
  );
}
