/**
 * The TCP lifecycle as the snapshot carries it: the net group's open and close events
 * (bpf/net.bpf.c inet_sock_set_state) since the collector's last read, so a connection that
 * opened and closed between two reads is still seen, with its bytes and duration. Pure.
 */
import { eventWallTime } from '../../native/bpf-common.js';
import type { ConnEvent } from '../../native/bpf-net.js';
import type { ConnectionEvent, ConnectionEvents } from '../../types/snapshot.js';
import { sanitizeText } from '../../util/sanitize.js';
import { AF_INET6 } from './parse.js';

/** Events kept in the list; `seen` still counts every one. */
const CONNECTION_EVENTS_MAX = 200;

/** include/net/tcp_states.h TCP_LISTEN: a listener closing is not a connection. */
const TCP_LISTEN = 10;

/**
 * `events` (oldest first, endpoints completed, with the open time of a close when known) as the
 * snapshot's connectionEvents, newest first. `comms` names pids (the socket owner pass);
 * `bootTime` (ms since epoch) dates them when known; `lost` is the ring's drops in the interval.
 */
export function connectionEvents(
  events: readonly (ConnEvent & { openedNs?: bigint })[],
  comms: ReadonlyMap<number, string>,
  lost: number,
  bootTime: number | undefined,
  format: (family: number, addr: Uint8Array, port: number) => string,
): ConnectionEvents {
  const connections = events.filter((e) => !(e.kind === 'close' && e.oldState === TCP_LISTEN));
  const newest = connections.slice(-CONNECTION_EVENTS_MAX).reverse();
  return {
    events: newest.map((e): ConnectionEvent => {
      const comm = e.pid === undefined ? undefined : comms.get(e.pid);
      return {
        kind: e.kind,
        proto: e.family === AF_INET6 ? 'tcp6' : 'tcp',
        local: format(e.family, e.saddr, e.sport),
        remote: format(e.family, e.daddr, e.dport),
        pid: e.pid,
        comm: comm === undefined ? undefined : sanitizeText(comm),
        at: eventWallTime(bootTime, e.timeNs),
        txBytes: e.txBytes,
        rxBytes: e.rxBytes,
        durationMs: e.kind === 'close' && e.openedNs !== undefined ? Number(e.timeNs - e.openedNs) / 1e6 : undefined,
      };
    }),
    seen: connections.length,
    lost,
  };
}
