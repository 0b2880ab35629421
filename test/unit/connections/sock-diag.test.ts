/**
 * The sock_diag connections backend (native/sockdiag.cc, src/native/sockdiag.ts,
 * src/collectors/connections/sock-diag.ts): its records against the /proc tables recorded at the
 * same moment, its endpoints against the /proc parser's for any address, and on the live kernel,
 * as root and as nobody, the same rows as the /proc backend for sockets this test opens.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { makeConnectionsCollector } from '../../../src/collectors/connections/index.js';
import { SocketOwnerCache } from '../../../src/collectors/connections/owners.js';
import { decodeEndpoint, parseSocketTable, type SocketEntry, type SocketProto } from '../../../src/collectors/connections/parse.js';
import { createConnectionsProcBackend } from '../../../src/collectors/connections/proc.js';
import { createSockDiagConnectionsBackend, socketEntryOf } from '../../../src/collectors/connections/sock-diag.js';
import { createRegistry } from '../../../src/collectors/registry.js';
import { decodeDiagSockets, RECORD, sockDiagNative, type DiagSocket } from '../../../src/native/sockdiag.js';
import { TABLE_HEADER_BYTES } from '../../../src/native/table.js';
import { runTsAsNobody } from '../../helpers/nobody.js';
import { openTcpSockets, type TcpSockets } from './support/tcp-sockets.js';
import { contextAt, liveContext, RECORDED, timed } from '../host/context.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'debian12-2cpu-vm-sockdiag');
const PROTOS: SocketProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];
const native = sockDiagNative();

const arrayBufferOf = (bytes: Buffer): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const sorted = (entries: readonly SocketEntry[]) =>
  [...entries].sort((a, b) => `${a.proto} ${a.local} ${a.remote}`.localeCompare(`${b.proto} ${b.local} ${b.remote}`));

/** Sockets as the addon writes them (native/sockdiag.cc Record), after the table header. */
function encode(sockets: readonly DiagSocket[]): ArrayBuffer {
  const bytes = Buffer.alloc(TABLE_HEADER_BYTES + sockets.length * RECORD.bytes);
  bytes.writeUInt32LE(sockets.length, 0);
  bytes.writeUInt32LE(RECORD.bytes, 4);
  bytes.writeUInt32LE(bytes.length, 8);
  sockets.forEach((s, i) => {
    const at = TABLE_HEADER_BYTES + i * RECORD.bytes;
    bytes.writeUInt8(s.family, at + RECORD.family);
    bytes.writeUInt8(s.state, at + RECORD.state);
    bytes.writeUInt8(s.protocol === 'tcp' ? 6 : 17, at + RECORD.protocol);
    bytes.writeUInt16LE(s.sport, at + RECORD.sport);
    bytes.writeUInt16LE(s.dport, at + RECORD.dport);
    bytes.set(s.saddr, at + RECORD.src);
    bytes.set(s.daddr, at + RECORD.dst);
    bytes.writeUInt32LE(s.uid, at + RECORD.uid);
    bytes.writeUInt32LE(s.inode, at + RECORD.inode);
  });
  return arrayBufferOf(bytes);
}

/** An endpoint as /proc/net/tcp prints it on a little-endian host: each 32-bit word loaded natively, `%08X`. */
function procHex(family: number, addr: Uint8Array, port: number): string {
  const words = family === 10 ? 4 : 1;
  let hex = '';
  for (let w = 0; w < words; w++)
    hex += Buffer.from(addr.subarray(w * 4, w * 4 + 4))
      .readUInt32LE(0)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
  return `${hex}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

const diagSocket = fc.record({
  protocol: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
  family: fc.constantFrom(2, 10),
  state: fc.integer({ min: 1, max: 12 }),
  sport: fc.integer({ min: 0, max: 0xffff }),
  dport: fc.integer({ min: 0, max: 0xffff }),
  saddr: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  daddr: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  uid: fc.integer({ min: 0, max: 0xffffffff }),
  inode: fc.integer({ min: 0, max: 0xffffffff }),
});

describe('sock_diag records', () => {
  it('a dump recorded on the development VM lists what its /proc tables listed at the same moment', () => {
    const dumped = decodeDiagSockets(arrayBufferOf(readFileSync(join(FIXTURE, 'dump.bin')))).map(socketEntryOf);
    const fromProc = PROTOS.flatMap((proto) => parseSocketTable(readFileSync(join(FIXTURE, `proc-net-${proto}.txt`), 'utf8'), proto, true));
    expect(dumped).toHaveLength(7);
    expect(sorted(dumped)).toEqual(sorted(fromProc));
    expect(dumped).toContainEqual(expect.objectContaining({ proto: 'udp6', local: '[::1]:33934', remote: '[::1]:53', state: 'ESTABLISHED' }));
    expect(dumped).toContainEqual(expect.objectContaining({ proto: 'udp', local: '127.0.0.1:33364', remote: '0.0.0.0:0', state: 'UNCONN' }));
  });

  it('decodes what was encoded, and writes every endpoint as the /proc parser does', () => {
    fc.assert(
      fc.property(fc.array(diagSocket, { maxLength: 8 }), (sockets) => {
        const decoded = decodeDiagSockets(encode(sockets));
        expect(decoded).toEqual(sockets.map((s) => ({ ...s, saddr: Buffer.from(s.saddr), daddr: Buffer.from(s.daddr) })));
        for (const s of decoded) {
          const entry = socketEntryOf(s);
          expect(entry.local).toBe(decodeEndpoint(procHex(s.family, s.saddr, s.sport), true));
          expect(entry.remote).toBe(decodeEndpoint(procHex(s.family, s.daddr, s.dport), true));
        }
      }),
    );
  });

  it('refuses an output of another layout, or a protocol it does not list', () => {
    const one = encode([
      { protocol: 'tcp', family: 2, state: 10, sport: 80, dport: 0, saddr: new Uint8Array(16), daddr: new Uint8Array(16), uid: 0, inode: 1 },
    ]);
    const wrongSize = Buffer.from(new Uint8Array(one)); // a copy: Buffer.from(ArrayBuffer) would share it
    wrongSize.writeUInt32LE(40, 4);
    expect(() => decodeDiagSockets(arrayBufferOf(wrongSize))).toThrow(/sockdiag output has 40-byte entries/);
    const raw = Buffer.from(new Uint8Array(one));
    raw.writeUInt8(255, TABLE_HEADER_BYTES + RECORD.protocol);
    expect(() => decodeDiagSockets(arrayBufferOf(raw))).toThrow(/protocol 255/);
  });
});

describe('the sock_diag backend probe', () => {
  const unbuilt = { ok: false as const, reason: 'native addon not built', remedy: 'run `npm run build`' };

  it('is unavailable over a recorded tree: netlink lists this machine', async () => {
    const probe = await createSockDiagConnectionsBackend(native).probe(contextAt(RECORDED));
    expect(probe).toMatchObject({ available: false, reason: expect.stringContaining('not those of the tree at') });
  });

  it('is unavailable without the addon, saying why and what to do', async () => {
    expect(await createSockDiagConnectionsBackend(unbuilt).probe(liveContext())).toEqual({
      available: false,
      reason: unbuilt.reason,
      remedy: unbuilt.remedy,
    });
  });

  it('is unavailable when the kernel refuses the dump, naming the error', async () => {
    const refused = Object.assign(new Error('sock_diag: Protocol not supported'), { code: 'EPROTONOSUPPORT' });
    const refuse = () => {
      throw refused;
    };
    const backend = createSockDiagConnectionsBackend({ ok: true, dump: refuse, check: refuse });
    expect(await backend.probe(liveContext())).toMatchObject({
      available: false,
      reason: expect.stringContaining('EPROTONOSUPPORT'),
      remedy: expect.stringContaining('CONFIG_INET_DIAG'),
    });
  });

  it('stands between the eBPF and the /proc backends', () => {
    expect(createRegistry().connections.backends.map((b) => b.id)).toEqual(['ebpf', 'sock_diag', 'proc']);
  });
});

describe.skipIf(!native.ok)('sock_diag on the live kernel (addon built)', () => {
  let sockets: TcpSockets | undefined;
  const udp = createSocket('udp4');
  const udp6 = createSocket('udp6');
  afterAll(() => {
    sockets?.close();
    udp.close();
    udp6.close();
  });

  it("lists the same rows as the /proc backend for this test's sockets, with their owner", async () => {
    sockets = await openTcpSockets();
    const { port, port6, client } = sockets;
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => udp6.bind(0, '::1', resolve));
    udp6.connect(53, '::1');
    await new Promise<void>((resolve) => udp6.once('connect', resolve));
    // By protocol and address, not by port alone: another test file's TCP sockets, running at the
    // same time, may hold our UDP ports' numbers.
    const ours = new Set([
      `tcp 127.0.0.1:${port}`,
      `tcp6 [::1]:${port6}`,
      `tcp 127.0.0.1:${client.localPort}`,
      `udp 127.0.0.1:${udp.address().port}`,
      `udp6 [::1]:${udp6.address().port}`,
    ]);

    const ctx = liveContext();
    const collector = makeConnectionsCollector([]);
    const rowsOf = async (backend: ReturnType<typeof createConnectionsProcBackend>) => {
      expect((await backend.probe(ctx)).available).toBe(true);
      await backend.read(ctx, {}); // the first read walks no fd folder (owners.ts)
      const { rows } = collector.derive(undefined, timed(await backend.read(ctx, {}), 0), ctx);
      return rows
        .filter((r) => ours.has(`${r.proto} ${r.local}`))
        .sort((a, b) => `${a.proto}${a.local}${a.remote}`.localeCompare(`${b.proto}${b.local}${b.remote}`));
    };
    // An unbounded walk budget: the second read then knows every owner.
    const viaDiag = await rowsOf(createSockDiagConnectionsBackend(native, new SocketOwnerCache(5000, 1000, Infinity)));
    const viaProc = await rowsOf(createConnectionsProcBackend(new SocketOwnerCache(5000, 1000, Infinity)));
    expect(viaDiag).toEqual(viaProc);
    expect(viaDiag).toHaveLength(6);
    expect(viaDiag.every((r) => r.pid === process.pid)).toBe(true);
    expect(viaDiag).toContainEqual(expect.objectContaining({ proto: 'udp6', remote: '[::1]:53', state: 'ESTABLISHED' }));
  });

  it("checks the requests without listing a socket, where the dump lists this test's", () => {
    if (!native.ok) throw new Error(native.reason);
    const listener = `127.0.0.1:${sockets!.port}`;
    expect(native.dump().map(socketEntryOf)).toContainEqual(expect.objectContaining({ local: listener, state: 'LISTEN' }));
    expect(native.check()).toBe(0);
  });

  it.runIf(process.getuid?.() === 0)('lists an unprivileged process its own sockets as it lists root', () => {
    const out = JSON.parse(runTsAsNobody(join(import.meta.dirname, 'support', 'unprivileged-sock-diag.ts'), [])) as {
      probe: { available: boolean };
      listed: SocketEntry[];
      port: number;
    };
    expect(out.probe.available).toBe(true);
    expect(out.listed).toContainEqual({
      proto: 'tcp',
      local: `127.0.0.1:${out.port}`,
      remote: '0.0.0.0:0',
      state: 'LISTEN',
      uid: 65534,
      inode: expect.any(Number),
    });
  });
});
