import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeConnectionsCollector } from '../../../src/collectors/connections/index.js';
import { createConnectionsProcBackend, type ConnectionsRaw } from '../../../src/collectors/connections/proc.js';
import { pidsToWalk, scanSocketOwners, SocketOwnerCache } from '../../../src/collectors/connections/owners.js';
import { decodeEndpoint, formatIPv6, parseSocketLink, parseSocketTable } from '../../../src/collectors/connections/parse.js';
import { EDGE, RECORDED, contextAt, liveContext, timed } from '../host/context.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { runTsAsNobody } from '../../helpers/nobody.js';
import { openTcpSockets, type TcpSockets } from './support/tcp-sockets.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

/** The /proc-only collector. */
const connectionsCollector = makeConnectionsCollector([createConnectionsProcBackend()]);

const read = (path: string) => readFileSync(path, 'utf8');

describe('endpoint decoding', () => {
  it('decodes IPv4 as a little-endian host printed it, and as a big-endian one would', () => {
    expect(decodeEndpoint('0100007F:1F90', true)).toBe('127.0.0.1:8080');
    expect(decodeEndpoint('7F000001:1F90', false)).toBe('127.0.0.1:8080');
    expect(decodeEndpoint('00000000:0000', true)).toBe('0.0.0.0:0');
  });

  it('decodes IPv6 word by word', () => {
    expect(decodeEndpoint('00000000000000000000000001000000:480B', true)).toBe('[::1]:18443');
    expect(decodeEndpoint('00000000000000000000000000000000:0000', true)).toBe('[::]:0');
    expect(decodeEndpoint('B80D0120000000000000000001000000:01BB', true)).toBe('[2001:db8::1]:443');
    expect(decodeEndpoint('0000000000000000FFFF00000100007F:0050', true)).toBe('[::ffff:127.0.0.1]:80');
  });

  it('refuses anything else', () => {
    expect(decodeEndpoint('ZZZZ007F:1F90', true)).toBeUndefined();
    expect(decodeEndpoint('0100007F', true)).toBeUndefined();
    expect(decodeEndpoint('0100007F:1F9', true)).toBeUndefined();
  });

  it('writes IPv6 as RFC 5952 says', () => {
    const bytes = (groups: number[]) => groups.flatMap((g) => [g >> 8, g & 0xff]);
    expect(formatIPv6(bytes([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]))).toBe('2001:db8::1:0:0:1');
    expect(formatIPv6(bytes([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIPv6(bytes([0x2001, 0, 0, 1, 0, 0, 0, 1]))).toBe('2001:0:0:1::1');
    expect(formatIPv6(bytes([0xfe80, 0, 0, 0, 0xabcd, 0, 0, 0]))).toBe('fe80::abcd:0:0:0');
  });
});

describe('parseSocketTable', () => {
  it('reads the recorded tables: listeners, an established pair, TIME_WAIT without inode, UDP', () => {
    const tcp = parseSocketTable(read(`${RECORDED}/proc/net/tcp`), 'tcp', true);
    expect(tcp).toContainEqual(expect.objectContaining({ local: '127.0.0.1:18080', remote: '0.0.0.0:0', state: 'LISTEN' }));
    expect(tcp.filter((s) => s.state === 'ESTABLISHED' && s.inode > 0)).toHaveLength(2);
    expect(tcp.filter((s) => s.state === 'TIME_WAIT').every((s) => s.inode === 0)).toBe(true);
    expect(parseSocketTable(read(`${RECORDED}/proc/net/tcp6`), 'tcp6', true)).toEqual([
      { proto: 'tcp6', local: '[::1]:18443', remote: '[::]:0', state: 'LISTEN', uid: 0, inode: expect.any(Number) },
    ]);
    expect(parseSocketTable(read(`${RECORDED}/proc/net/udp`), 'udp', true)[0]).toMatchObject({ local: '127.0.0.1:15353', state: 'UNCONN' });
    expect(parseSocketTable(read(`${RECORDED}/proc/net/udp6`), 'udp6', true)[0]).toMatchObject({ local: '[::]:15354', state: 'UNCONN' });
  });

  it('skips truncated and non-hex lines and names unknown states', () => {
    expect(parseSocketTable(read(`${EDGE}/proc/net/tcp`), 'tcp', true)).toEqual([
      { proto: 'tcp', local: '127.0.0.1:8080', remote: '0.0.0.0:0', state: 'LISTEN', uid: 1000, inode: 4242 },
      { proto: 'tcp', local: '127.0.0.1:40360', remote: '127.0.0.1:8080', state: 'UNKNOWN(13)', uid: 0, inode: 0 },
    ]);
  });

  it('reads socket fd links', () => {
    expect(parseSocketLink('socket:[20291]')).toBe(20291);
    expect(parseSocketLink('/dev/null')).toBeUndefined();
    expect(parseSocketLink('anon_inode:[eventpoll]')).toBeUndefined();
  });
});

describe('owners on the recording', () => {
  const holder = Number(read(`${RECORDED}/socket-holder-pid`));

  it('maps every socket of the holder to its pid and comm', () => {
    const owners = scanSocketOwners(buffer, `${RECORDED}/proc`);
    expect(owners.size).toBe(6);
    expect([...owners.values()].every((o) => o.pid === holder && o.comm === 'python3')).toBe(true);
  });

  it('agrees with ss -tuanp taken at the same moment', async () => {
    const ctx = contextAt(RECORDED);
    const backend = createConnectionsProcBackend();
    // The first read walks no fd folder (owners.ts: it is the first frame's); the second does.
    await backend.read(ctx, {});
    const { rows } = connectionsCollector.derive(undefined, timed(await backend.read(ctx, {}), 0), ctx);
    const ssRows = read(`${RECORDED}/ss-tuanp.txt`)
      .split('\n')
      .filter((l) => l.includes('pid='));
    expect(ssRows).toHaveLength(6);
    for (const line of ssRows) {
      const [, , , , local, remote] = line.trim().split(/\s+/);
      const pid = Number(/pid=(\d+)/.exec(line)![1]);
      // ss writes an unspecified address as '[::]', '0.0.0.0' or '*', and an unconnected peer's port as '*'
      const norm = (endpoint: string) => endpoint.replace(/^(\[::\]|\*|0\.0\.0\.0):/, 'ANY:').replace(/:0$/, ':*');
      const ours = rows.filter((r) => norm(r.local) === norm(local) && norm(r.remote) === norm(remote));
      expect(ours, line).toHaveLength(1);
      expect(ours[0]).toMatchObject({ pid, comm: 'python3' });
    }
    // sockets no file holds (TIME_WAIT) and the listener of a process not recorded have no owner
    expect(rows.find((r) => r.state === 'TIME_WAIT')?.pid).toBeUndefined();
    expect(rows.find((r) => r.local === '0.0.0.0:2024')?.pid).toBeUndefined();
  });
});

describe('SocketOwnerCache', () => {
  const root = mkdtempSync(join(tmpdir(), 'smoothtask-owners-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const addProcess = (pid: number, comm: string, inodes: number[]) => {
    mkdirSync(join(root, String(pid), 'fd'), { recursive: true });
    writeFileSync(join(root, String(pid), 'comm'), `${comm}\n`);
    inodes.forEach((inode, fd) => symlinkSync(`socket:[${inode}]`, join(root, String(pid), 'fd', String(fd + 10))));
  };

  it('rebuilds at most every minAge for new sockets, and not at all for sockets no process holds', () => {
    const cache = new SocketOwnerCache(5000, 1000);
    addProcess(100, 'srv', [1]);
    expect(cache.lookup(buffer, root, [1], 0).size).toBe(0);
    expect(cache.lookup(buffer, root, [1], 0).get(1)).toEqual({ pid: 100, comm: 'srv' });
    addProcess(200, 'cli \u001b]0;x', [2]);
    expect(cache.lookup(buffer, root, [1, 2], 500).get(2)).toBeUndefined();
    expect(cache.lookup(buffer, root, [1, 2], 1000).get(2)).toEqual({ pid: 200, comm: 'cli \u001b]0;x' });
    // 3 belongs to no process: one rebuild finds that out, later ticks do not walk again for it
    expect(cache.lookup(buffer, root, [1, 2, 3], 2000).get(3)).toBeUndefined();
    addProcess(300, 'late', [3]);
    expect(cache.lookup(buffer, root, [1, 2, 3], 3500).get(3)).toBeUndefined();
    expect(cache.lookup(buffer, root, [1, 2, 3], 7000).get(3)).toEqual({ pid: 300, comm: 'late' });
  });

  it('skips the fd folders the last walk was denied, and asks for them again every sixth walk', () => {
    const listed = ['1', '2', '3', '4'];
    expect(pidsToWalk(listed, new Set(), 1)).toEqual({ visit: listed, skipped: new Set() });
    expect(pidsToWalk(listed, new Set(['2', '4', '9']), 1)).toEqual({ visit: ['1', '3'], skipped: new Set(['2', '4']) });
    expect(pidsToWalk(listed, new Set(['2', '4']), 6)).toEqual({ visit: listed, skipped: new Set() });
  });

  it.runIf(process.getuid?.() === 0)('as nobody places the sockets of the folders it may list, past one it may not', () => {
    withSixSocketHolders((tree) => {
      chmodSync(tree, 0o755);
      chmodSync(join(tree, '2', 'fd'), 0o700);
      const out = runTsAsNobody(join(import.meta.dirname, 'support', 'unprivileged-owners.ts'), [tree]);
      expect(JSON.parse(out)).toEqual({ 10: 1, 30: 3 });
    });
  });

  /** A /proc-like tree of 6 processes, pid N holding socket inode N * 10 as fd 3; removed after `use`. */
  function withSixSocketHolders(use: (tree: string, inodes: number[]) => void): void {
    const tree = mkdtempSync(join(tmpdir(), 'smoothtask-walk-'));
    try {
      for (let pid = 1; pid <= 6; pid++) {
        mkdirSync(join(tree, String(pid), 'fd'), { recursive: true });
        symlinkSync(`socket:[${pid * 10}]`, join(tree, String(pid), 'fd', '3'));
      }
      use(tree, [10, 20, 30, 40, 50, 60]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }

  it('spreads a walk over lookups by time budget, answering from what it found so far', () => {
    withSixSocketHolders((tree, inodes) => {
      // a fake clock that advances 10 ms per reading: a 25 ms budget walks 2 processes a lookup
      let clock = 0;
      const cache = new SocketOwnerCache(5000, 1000, 25, () => (clock += 10));
      // (readdir order is the filesystem's, so count rather than name the owners found)
      expect(cache.lookup(buffer, tree, inodes, 0).size).toBe(0);
      expect(cache.lookup(buffer, tree, inodes, 0).size).toBe(2);
      expect(cache.lookup(buffer, tree, inodes, 100).size).toBe(4);
      expect(cache.lookup(buffer, tree, inodes, 200).size).toBe(6);
      // finished: the next lookups within maxAge do not walk, so a vanished process keeps its row
      rmSync(join(tree, '1'), { recursive: true });
      expect(cache.lookup(buffer, tree, inodes, 300).get(10)).toEqual({ pid: 1, comm: undefined });
    });
  });

  it('walks nothing on the first lookup (the first frame waits for it and shows no owner), all on the next', () => {
    withSixSocketHolders((tree, inodes) => {
      let readings = 0;
      const cache = new SocketOwnerCache(5000, 1000, 75, () => (readings += 1));
      expect(cache.lookup(buffer, tree, inodes, 0).size).toBe(0);
      expect(readings).toBe(0);
      expect(cache.lookup(buffer, tree, inodes, 100).size).toBe(6);
    });
  });

  it('comm is sanitised on the way to the snapshot', () => {
    const { rows } = connectionsCollector.derive(
      undefined,
      timed<ConnectionsRaw>({ connections: [{ proto: 'tcp', local: 'a', remote: 'b', state: 'LISTEN', pid: 1, comm: 'x\u001b[2J' }] }, 0),
      contextAt(RECORDED),
    );
    expect(rows[0].comm).toBe('x\\x1b[2J');
  });
});

describe('backends list', () => {
  it('a higher-priority backend can go in front; /proc then adds nothing', async () => {
    const procBackend = createConnectionsProcBackend();
    const collector = makeConnectionsCollector([procBackend]);
    expect(collector.backends[0].id).toBe('proc');
    const prior: ConnectionsRaw = { connections: [] };
    expect(await procBackend.read(contextAt(RECORDED), prior)).toEqual({});
  });
});

describe('connections on the live kernel', () => {
  let sockets: TcpSockets | undefined;
  afterAll(() => sockets?.close());

  it('a server opened on 127.0.0.1 and [::1] in this test appears with our pid, as ss -tanp shows it', async () => {
    sockets = await openTcpSockets();
    const { port, port6 } = sockets;
    const clientPort = sockets.client.localPort!;

    const ctx = liveContext();
    // An unbounded walk budget: the second read then knows every owner (see the budget tests).
    const backend = createConnectionsProcBackend(new SocketOwnerCache(5000, 1000, Infinity));
    expect((await backend.probe(ctx)).available).toBe(true);
    await backend.read(ctx, {}); // the first read walks no fd folder (owners.ts)
    const { rows } = connectionsCollector.derive(undefined, timed(await backend.read(ctx, {}), 0), ctx);
    const comm = read('/proc/self/comm').replace(/\n$/, '');

    expect(rows).toContainEqual({ proto: 'tcp', local: `127.0.0.1:${port}`, remote: '0.0.0.0:0', state: 'LISTEN', pid: process.pid, comm });
    expect(rows).toContainEqual({ proto: 'tcp6', local: `[::1]:${port6}`, remote: '[::]:0', state: 'LISTEN', pid: process.pid, comm });
    expect(rows).toContainEqual(
      expect.objectContaining({ local: `127.0.0.1:${clientPort}`, remote: `127.0.0.1:${port}`, state: 'ESTABLISHED', pid: process.pid }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ local: `127.0.0.1:${port}`, remote: `127.0.0.1:${clientPort}`, state: 'ESTABLISHED', pid: process.pid }),
    );

    const ss = execFileSync('ss', ['-tanp'], { encoding: 'utf8' }).split('\n');
    const listen = ss.find((l) => l.startsWith('LISTEN') && l.includes(` 127.0.0.1:${port} `))!;
    expect(listen).toContain(`pid=${process.pid},`);
    const listen6 = ss.find((l) => l.startsWith('LISTEN') && l.includes(` [::1]:${port6} `))!;
    expect(listen6).toContain(`pid=${process.pid},`);
  });
});
