/**
 * When a connections backend walks the TCP table again (src/collectors/connections/
 * tcp-walk.ts): on a TCP state change (on the /proc path, a move of the socket counters), while a
 * connection awaits accept(), and once in TCP_RECHECK_READS reads; between walks the sockets keep
 * what the walk listed with their bytes from sock_net. The real kernel's side is in test/ebpf/net.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SocketEntry } from '../../../src/collectors/connections/parse.js';
import { skipped, TCP_RECHECK_READS, tcpWalkDue, walked, walkedEntries, withSocketBytes } from '../../../src/collectors/connections/tcp-walk.js';
import type { NetBytes, SocketRecord } from '../../../src/native/bpf-net.js';

const ESTABLISHED = 1;
const TIME_WAIT = 6;
const CLOSE_WAIT = 8;
const LISTEN = 10;

function socket(over: Partial<SocketRecord>): SocketRecord {
  return {
    kind: 'tcp',
    sk: 0xffff_8880_0000_1000n,
    inode: 4242,
    family: 2,
    sport: 8080,
    dport: 0,
    state: LISTEN,
    uid: 0,
    saddr: new Uint8Array(16),
    daddr: new Uint8Array(16),
    txBytes: undefined,
    rxBytes: undefined,
    ...over,
  };
}

describe('tcpWalkDue', () => {
  it('walks again when the state-change count moved, and not while it stays', () => {
    const last = walked(7, [socket({})]);
    expect(tcpWalkDue(last, 7)).toBe(false);
    expect(tcpWalkDue(last, 8)).toBe(true);
  });

  it('walks at least once in TCP_RECHECK_READS reads (TIME_WAIT timers and request sockets fire no state change)', () => {
    let last = walked(3, [socket({})]);
    const walks: boolean[] = [];
    for (let read = 1; read <= 2 * TCP_RECHECK_READS; read++) {
      const due = tcpWalkDue(last, 3);
      walks.push(due);
      last = due ? walked(3, [socket({})]) : skipped(last);
    }
    // Reads since the walk: 1 … TCP_RECHECK_READS - 1 skip, the next walks, and so on.
    const cycle = [...Array<boolean>(TCP_RECHECK_READS - 1).fill(false), true];
    expect(walks).toEqual([...cycle, ...cycle]);
  });

  it('walks every read while a listed connection has no file yet (accept() gives it one with no state change)', () => {
    for (const state of [ESTABLISHED, CLOSE_WAIT]) {
      expect(tcpWalkDue(walked(1, [socket({}), socket({ state, inode: 0, dport: 5555 })]), 1)).toBe(true);
    }
    // An accepted connection, a socket whose file was closed (TIME_WAIT), and a listener do not.
    const settled = [socket({ state: ESTABLISHED }), socket({ state: TIME_WAIT, inode: 0 }), socket({})];
    expect(tcpWalkDue(walked(1, settled), 1)).toBe(false);
  });

  it("decides alike for a /proc-path listing, whose states are names and whose count is the counters' text", () => {
    const entry = (over: Partial<SocketEntry>): SocketEntry => ({
      proto: 'tcp',
      local: '127.0.0.1:8080',
      remote: '0.0.0.0:0',
      state: 'LISTEN',
      uid: 0,
      inode: 4242,
      ...over,
    });
    for (const state of ['ESTABLISHED', 'CLOSE_WAIT']) {
      for (const proto of ['tcp', 'tcp6'] as const)
        expect(tcpWalkDue(walkedEntries('TCP.inuse=2', [entry({}), entry({ proto, state, inode: 0 })]), 'TCP.inuse=2')).toBe(true);
    }
    // A connected UDP socket of no file (a kernel's) awaits no accept(); settled TCP sockets as above.
    const settled = [
      entry({ state: 'ESTABLISHED' }),
      entry({ state: 'TIME_WAIT', inode: 0 }),
      entry({}),
      entry({ proto: 'udp', state: 'ESTABLISHED', inode: 0 }),
    ];
    expect(tcpWalkDue(walkedEntries('TCP.inuse=2', settled), 'TCP.inuse=2')).toBe(false);
    expect(tcpWalkDue(walkedEntries('TCP.inuse=2', settled), 'TCP.inuse=3')).toBe(true);
  });
});

describe('withSocketBytes', () => {
  const arbSocket = fc.record({
    sk: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
    inode: fc.nat(),
    state: fc.integer({ min: 1, max: 12 }),
    sport: fc.integer({ min: 0, max: 65535 }),
    txBytes: fc.option(fc.nat(), { nil: undefined }),
    rxBytes: fc.option(fc.nat(), { nil: undefined }),
  });
  const arbBytes = fc.record({ txBytes: fc.nat(), rxBytes: fc.nat() });

  it('keeps every field the walk listed and takes the bytes from sock_net, none where it has no entry', () => {
    fc.assert(
      fc.property(fc.array(arbSocket, { maxLength: 20 }), fc.array(arbBytes, { maxLength: 20 }), (fields, counts) => {
        const sockets = fields.map((f) => socket(f));
        const bytes = new Map<bigint, NetBytes>();
        counts.forEach((b, i) => {
          if (i < sockets.length) bytes.set(sockets[i].sk, b);
        });
        const out = withSocketBytes(sockets, bytes);
        expect(out).toHaveLength(sockets.length);
        out.forEach((s, i) => {
          const entry = bytes.get(sockets[i].sk);
          expect(s).toEqual({ ...sockets[i], txBytes: entry?.txBytes, rxBytes: entry?.rxBytes });
        });
      }),
    );
  });
});
