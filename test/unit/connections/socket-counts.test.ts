/**
 * The /proc-path connections backends list the socket tables again only when the kernel's socket
 * counters moved (src/collectors/connections/socket-counts.ts), or by tcp-walk.ts's other rules:
 * the counters as recorded on the development VM before and after a listener and a connection
 * opened (fixture debian12-2cpu-vm-sockstat), their parser on any text, the backends' decision
 * on a tree whose counters the test writes, and the sock_diag backend on the live kernel.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SocketOwnerCache } from '../../../src/collectors/connections/owners.js';
import type { SocketEntry } from '../../../src/collectors/connections/parse.js';
import { fdOwnedBackend } from '../../../src/collectors/connections/proc.js';
import { createSockDiagConnectionsBackend } from '../../../src/collectors/connections/sock-diag.js';
import { readSocketTableCounts, socketTableCounts } from '../../../src/collectors/connections/socket-counts.js';
import { TCP_RECHECK_READS } from '../../../src/collectors/connections/tcp-walk.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { contextAt, liveContext } from '../host/context.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'debian12-2cpu-vm-sockstat');
const recorded = (moment: string) => (name: string) => readFileSync(join(FIXTURE, moment, name), 'utf8');
const countsAt = (moment: string) => {
  const read = recorded(moment);
  return socketTableCounts(read('sockstat'), read('sockstat6'), read('snmp'));
};

describe('socketTableCounts', () => {
  it('reads the counting fields of a recorded machine, and neither memory nor traffic', () => {
    const counts = countsAt('before')!.split(' ');
    expect(counts).toEqual(expect.arrayContaining(['TCP.inuse=1', 'TCP.orphan=0', 'TCP.tw=2', 'TCP.alloc=1', 'UDP.inuse=0', 'TCP6.inuse=0', 'UDP6.inuse=0']));
    expect(counts).toEqual(
      expect.arrayContaining(['Tcp.ActiveOpens=2546', 'Tcp.PassiveOpens=2186', 'Tcp.AttemptFails=191', 'Tcp.EstabResets=9', 'Tcp.CurrEstab=0']),
    );
    expect(counts.filter((c) => /mem|Segs|RAW|FRAG|sockets/.test(c))).toEqual([]);
  });

  it('moves when a listener opens, and again when a connection is made', () => {
    const [before, listening, connected] = ['before', 'listening', 'connected'].map(countsAt);
    expect(new Set([before, listening, connected]).size).toBe(3);
  });

  it('stays when only traffic and memory move', () => {
    const read = recorded('connected');
    const busier = (text: string) => text.replace(/mem \d+/g, 'mem 9999').replace(/^(Tcp: (?:\S+ ){9})\d+ \d+/m, '$1123456 654321');
    expect(busier(read('snmp'))).not.toBe(read('snmp'));
    expect(socketTableCounts(busier(read('sockstat')), read('sockstat6'), busier(read('snmp')))).toBe(countsAt('connected'));
  });

  it('differs exactly when a counting field differs', () => {
    const fields = fc.record({
      inuse: fc.nat(),
      orphan: fc.nat(),
      tw: fc.nat(),
      alloc: fc.nat(),
      udp: fc.nat(),
      tcp6: fc.nat(),
      active: fc.nat(),
      estab: fc.nat(),
    });
    const texts = (
      f: { inuse: number; orphan: number; tw: number; alloc: number; udp: number; tcp6: number; active: number; estab: number },
      mem: number,
      segs: number,
    ) =>
      [
        `sockets: used ${mem}\nTCP: inuse ${f.inuse} orphan ${f.orphan} tw ${f.tw} alloc ${f.alloc} mem ${mem}\nUDP: inuse ${f.udp} mem ${mem}\nRAW: inuse ${mem}\n`,
        `TCP6: inuse ${f.tcp6}\nFRAG6: inuse 0 memory ${mem}\n`,
        `Ip: Forwarding\nIp: 1\nTcp: ActiveOpens CurrEstab InSegs\nTcp: ${f.active} ${f.estab} ${segs}\n`,
      ] as const;
    fc.assert(
      fc.property(fields, fields, fc.nat(), fc.nat(), (a, b, mem, segs) => {
        const same = JSON.stringify(a) === JSON.stringify(b);
        expect(socketTableCounts(...texts(a, 1, 1)) === socketTableCounts(...texts(b, mem, segs))).toBe(same);
      }),
    );
  });

  it('gives nothing for text without counters, and never throws', () => {
    expect(socketTableCounts('', '', '')).toBeUndefined();
    expect(socketTableCounts('garbage\n:::\nTCP:', 'TCP6', 'Tcp: ActiveOpens\n')).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        const counts = socketTableCounts(a, b, c);
        expect(counts === undefined || typeof counts === 'string').toBe(true);
      }),
    );
  });
});

describe('the /proc-path backends list again on a change of counts', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  /** A tree whose counters are those recorded at `moment`; no process, so no owner. */
  function treeAt(moment: string): string {
    root ??= mkdtempSync(join(tmpdir(), 'socket-counts-'));
    cpSync(join(FIXTURE, moment), join(root, 'proc', 'net'), { recursive: true });
    return root;
  }

  const listener: SocketEntry = { proto: 'tcp', local: '127.0.0.1:8080', remote: '0.0.0.0:0', state: 'LISTEN', uid: 0, inode: 4242 };
  const unaccepted: SocketEntry = { proto: 'tcp', local: '127.0.0.1:8080', remote: '127.0.0.1:5555', state: 'ESTABLISHED', uid: 0, inode: 0 };

  /** A backend over `entries`, and how many listings each of `reads` reads made. */
  function listingsOver(entries: SocketEntry[], reads: number, between: (read: number) => void = () => {}): number[] {
    const ctx = contextAt(root!);
    let listings = 0;
    const backend = fdOwnedBackend(
      'test',
      () => ({ available: true, reason: 'test' }),
      () => (listings++, entries),
      new SocketOwnerCache(),
    );
    const counts: number[] = [];
    for (let read = 1; read <= reads; read++) {
      between(read);
      const before = listings;
      const { connections } = backend.read(ctx, {}) as { connections: { local: string; state: string }[] };
      expect(connections.map((c) => c.state)).toEqual(entries.map((e) => e.state));
      counts.push(listings - before);
    }
    return counts;
  }

  it('lists on the first read, then keeps it while the counts stay, and lists once in TCP_RECHECK_READS reads', () => {
    treeAt('before');
    const cycle = [...Array<number>(TCP_RECHECK_READS - 1).fill(0), 1];
    expect(listingsOver([listener], 1 + 2 * TCP_RECHECK_READS)).toEqual([1, ...cycle, ...cycle]);
  });

  it('lists when the counts moved since the last listing', () => {
    treeAt('before');
    expect(listingsOver([listener], 4, (read) => read === 3 && treeAt('listening'))).toEqual([1, 0, 1, 0]);
  });

  it('lists every read while a connection awaits accept() (its owner comes with no count moving)', () => {
    treeAt('before');
    expect(listingsOver([listener, unaccepted], 4)).toEqual([1, 1, 1, 1]);
  });

  it('lists every read where the counters cannot be read', () => {
    root = mkdtempSync(join(tmpdir(), 'socket-counts-'));
    expect(readSocketTableCounts(new ReadBuffer(), join(root, 'proc'))).toBeUndefined();
    expect(listingsOver([listener], 3)).toEqual([1, 1, 1]);
  });

  it('shows a listener opened between two reads of the live kernel, and its close on the next', async () => {
    const ctx = liveContext();
    const backend = createSockDiagConnectionsBackend();
    expect((await backend.probe(ctx)).available).toBe(true);
    const listed = async (port: number) => {
      const { connections } = (await backend.read(ctx, {})) as { connections: { local: string; state: string }[] };
      return connections.some((c) => c.local === `127.0.0.1:${port}` && c.state === 'LISTEN');
    };
    await backend.read(ctx, {}); // the first listing, before the listener
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    expect(await listed(port)).toBe(true);
    expect(await listed(port)).toBe(true); // a read that kept the listing: still there
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await listed(port)).toBe(false);
  });
});
