/**
 * The net group (bpf/net.bpf.c) through the connections backend: 10 MB over 127.0.0.1 between
 * two child processes is counted for the sender and the receiver, and the connection is listed
 * with the state and owning pid that `ss -tanp` shows.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import type { CollectorContext } from '../../src/collectors/contract.js';
import { createEbpfConnectionsBackend } from '../../src/collectors/connections/ebpf.js';
import type { ConnectionsRaw } from '../../src/collectors/connections/proc.js';
import { perCpuCounter } from '../../src/native/bpf-common.js';
import { CONN_EVENT_SIZE, decodeProcNet, NET_BYTES_SIZE, SOCKET_REC_SIZE } from '../../src/native/bpf-net.js';
import type { KernelSession } from '../../src/native/kernel-session.js';
import { kernelContext, lineReader, readFresh, requireNative, skipReason, sleep, stdoutLine } from './helpers.js';

const TOTAL = 10 * 1024 * 1024;

const RECEIVER = `
  const srv = require('net').createServer((s) => {
    let n = 0;
    s.on('data', (d) => { n += d.length; if (n >= ${TOTAL}) console.log('got ' + n); });
  });
  srv.listen(0, '127.0.0.1', () => console.log('port ' + srv.address().port));`;
const SENDER = `
  const s = require('net').connect(Number(process.argv[1]), '127.0.0.1', () => {
    console.log('local ' + s.localPort);
    s.write(Buffer.alloc(${TOTAL}, 7), () => console.log('sent'));
  });`;

/**
 * A connection over 127.0.0.1 within one process: the server accepts it at once, or (argument
 * `later`) after a line on stdin; then each line on stdin, a byte count, is sent by the client
 * and read by the server. Python's sockets, because Node's server accepts as soon as it can.
 */
const PAIR = `
import socket, sys
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(8)
cli = socket.create_connection(srv.getsockname())
print('ports', srv.getsockname()[1], cli.getsockname()[1], flush=True)
if sys.argv[1] == 'later': sys.stdin.readline()
conn, _ = srv.accept()
print('accepted', flush=True)
for line in sys.stdin:
    n = int(line); cli.sendall(b'x' * n); got = 0
    while got < n: got += len(conn.recv(n - got))
    print('moved', n, flush=True)
`;

function node(script: string, args: string[] = []): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['-e', script, ...args]);
}

describe.skipIf(skipReason !== undefined)(`net group (${skipReason ?? 'root'})`, () => {
  let ctx: CollectorContext & { kernel: KernelSession };
  const backend = createEbpfConnectionsBackend();
  const kids: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    ctx = await kernelContext();
    expect(backend.probe(ctx)).toMatchObject({ available: true });
  });
  afterAll(() => {
    backend.close?.();
    ctx.kernel.close();
    for (const k of kids) if (k.pid !== undefined && k.exitCode === null) process.kill(k.pid, 'SIGKILL');
  });

  it('decodes records of the sizes the addon was compiled with', () => {
    expect(requireNative().recordLayouts.st_net_bytes.size).toBe(NET_BYTES_SIZE);
    expect(requireNative().recordLayouts.st_tcp_rec.size).toBe(SOCKET_REC_SIZE);
    expect(requireNative().recordLayouts.st_conn_event.size).toBe(CONN_EVENT_SIZE);
  });

  it('counts 10 MB over 127.0.0.1 for sender and receiver within 1%, and lists the connection as ss does', async () => {
    const receiver = node(RECEIVER);
    kids.push(receiver);
    const port = Number(await stdoutLine(receiver, 'port '));
    const sender = node(SENDER, [String(port)]);
    kids.push(sender);
    const localPort = Number(await stdoutLine(sender, 'local '));
    await Promise.all([stdoutLine(receiver, 'got '), stdoutLine(sender, 'sent')]);
    await sleep(50);

    const { connections } = readFresh(backend, ctx) as ConnectionsRaw;
    // The processes backend reads the same map in the same tick: the session reads it once.
    const batch = ctx.kernel.readMap('net', 'proc_net');
    const perProcess = decodeProcNet(batch.keys, batch.values, batch.count);
    const within1pct = (n: number | undefined) => expect(Math.abs((n ?? 0) - TOTAL)).toBeLessThan(TOTAL * 0.01);
    within1pct(perProcess.get(sender.pid!)?.txBytes);
    within1pct(perProcess.get(receiver.pid!)?.rxBytes);

    const out = connections.find((c) => c.local === `127.0.0.1:${localPort}` && c.remote === `127.0.0.1:${port}`)!;
    const back = connections.find((c) => c.local === `127.0.0.1:${port}` && c.remote === `127.0.0.1:${localPort}`)!;
    const listen = connections.find((c) => c.local === `127.0.0.1:${port}` && c.state === 'LISTEN')!;
    expect(out).toMatchObject({ proto: 'tcp', state: 'ESTABLISHED', pid: sender.pid });
    expect(back).toMatchObject({ proto: 'tcp', state: 'ESTABLISHED', pid: receiver.pid });
    expect(listen).toMatchObject({ proto: 'tcp', pid: receiver.pid });
    within1pct(out.txBytes);
    within1pct(back.rxBytes);

    // ss -tanp: "ESTAB 0 0 127.0.0.1:A 127.0.0.1:B users:(("node",pid=N,fd=F))"
    const ss = execFileSync('ss', ['-tanpH'], { encoding: 'utf8' }).split('\n');
    const ssOut = ss.find((l) => l.includes(` 127.0.0.1:${localPort} `) && l.includes(` 127.0.0.1:${port} `) && l.includes(`pid=${sender.pid},`));
    expect(ssOut).toMatch(new RegExp(`^ESTAB\\s.* 127\\.0\\.0\\.1:${localPort} +127\\.0\\.0\\.1:${port} `));
    expect(ssOut!.split(/\s+/)[0]).toBe('ESTAB');
    expect(ssOut).toContain(`(("${out.comm}",pid=${sender.pid},`);
    const ssListen = ss.find((l) => l.startsWith('LISTEN') && l.includes(` 127.0.0.1:${port} `))!;
    expect(ssListen).toContain(`pid=${receiver.pid},`);
  });

  it('records a connection that opens and closes between two reads, with its bytes', async () => {
    const script = `
      const net = require('net');
      const srv = net.createServer((s) => s.on('data', () => {}).on('end', () => { s.end(); srv.close(); }));
      srv.listen(0, '127.0.0.1', () => {
        const c = net.connect(srv.address().port, '127.0.0.1', () => {
          console.log('ports ' + srv.address().port + ' ' + c.localPort);
          c.end(Buffer.alloc(5000, 1));
        });
      });`;
    readFresh(backend, ctx);
    const child = node(script);
    kids.push(child);
    const [port, localPort] = (await stdoutLine(child, 'ports ')).split(' ').map(Number);
    await once(child, 'exit');
    await sleep(50);
    const lifecycle = (readFresh(backend, ctx) as ConnectionsRaw).connectionEvents!;
    // Newest first.
    const mine = lifecycle.events.filter((e) => e.local === `127.0.0.1:${localPort}` && e.remote === `127.0.0.1:${port}`);
    expect(mine.map((e) => e.kind)).toEqual(['close', 'open']);
    expect(mine[0]).toMatchObject({ pid: child.pid, txBytes: 5000 });
    expect(lifecycle.lost).toBe(0);
  });

  it('lists an IPv6 listener and UDP socket with their owner, as ss does', async () => {
    const script = `
      const srv = require('net').createServer().listen(0, '::1', () => {
        const u = require('dgram').createSocket('udp6');
        u.bind(0, '::1', () => console.log('ports ' + srv.address().port + ' ' + u.address().port));
      });`;
    const child = node(script);
    kids.push(child);
    const [tcpPort, udpPort] = (await stdoutLine(child, 'ports ')).split(' ').map(Number);
    const { connections } = readFresh(backend, ctx) as ConnectionsRaw;
    expect(connections.find((c) => c.local === `[::1]:${tcpPort}`)).toMatchObject({ proto: 'tcp6', state: 'LISTEN', remote: '[::]:0', pid: child.pid });
    expect(connections.find((c) => c.local === `[::1]:${udpPort}`)).toMatchObject({ proto: 'udp6', state: 'UNCONN', pid: child.pid });
    const ss = execFileSync('ss', ['-uanpH'], { encoding: 'utf8' });
    expect(ss.split('\n').find((l) => l.includes(`[::1]:${udpPort} `))).toContain(`pid=${child.pid},`);
  });

  it('walks the TCP table again only after a TCP state change, with the bytes between walks as a walk reads them', async () => {
    const pair = spawn('python3', ['-c', PAIR, 'now']);
    kids.push(pair);
    const line = lineReader(pair);
    const [port, localPort] = (await line('ports ')).split(' ').map(Number);
    await line('accepted');
    const client = (raw: Partial<ConnectionsRaw>) => raw.connections!.find((c) => c.local === `127.0.0.1:${localPort}` && c.remote === `127.0.0.1:${port}`);
    const before = client(readFresh(backend, ctx))!.txBytes ?? 0;
    const changesBefore = perCpuCounter(ctx.kernel.readMap('net', 'tcp_state_changes'));
    const iterate = vi.spyOn(ctx.kernel, 'iterate');
    try {
      pair.stdin.write('100000\n');
      await line('moved ');
      const raw = readFresh(backend, ctx);
      // The read's own count (the session reads a map once a tick).
      const changed = perCpuCounter(ctx.kernel.readMap('net', 'tcp_state_changes')) !== changesBefore;
      expect(iterate.mock.calls.filter(([, program]) => program === 'dump_tcp')).toHaveLength(changed ? 1 : 0);
      expect(client(raw)!.txBytes).toBe(before + 100000);
      // A backend that has not walked yet walks in this same tick: the same TCP rows.
      const fresh = createEbpfConnectionsBackend();
      const tcpRows = (r: Partial<ConnectionsRaw>) => r.connections!.filter((c) => c.proto.startsWith('tcp'));
      expect(new Set(tcpRows(raw))).toEqual(new Set(tcpRows(fresh.read(ctx, {}) as ConnectionsRaw)));
    } finally {
      iterate.mockRestore();
    }
  });

  it('names the owner of a connection accepted after the walk that listed it, with no TCP state change between', async () => {
    const pair = spawn('python3', ['-c', PAIR, 'later']);
    kids.push(pair);
    const line = lineReader(pair);
    const [port, localPort] = (await line('ports ')).split(' ').map(Number);
    const server = (raw: Partial<ConnectionsRaw>) => raw.connections!.find((c) => c.local === `127.0.0.1:${port}` && c.remote === `127.0.0.1:${localPort}`);
    const waiting = server(readFresh(backend, ctx));
    expect(waiting).toMatchObject({ state: 'ESTABLISHED' });
    expect(waiting!.pid).toBeUndefined();
    pair.stdin.write('\n');
    await line('accepted');
    expect(server(readFresh(backend, ctx))).toMatchObject({ state: 'ESTABLISHED', pid: pair.pid });
  });

  it('lists every TCP socket ss lists (those that live through both of its reads)', async () => {
    // ss -tanH: "State Recv-Q Send-Q Local:Port Peer:Port" (a listener's peer port is "*").
    const ssKeys = () =>
      new Set(
        execFileSync('ss', ['-tanH'], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => l.trim().split(/\s+/))
          .map((f) => `${f[3]} ${f[4].replace(/:\*$/, ':0')}`),
      );
    const before = ssKeys();
    const { connections } = readFresh(backend, ctx) as ConnectionsRaw;
    const after = ssKeys();
    const ours = new Set(connections.filter((c) => c.proto.startsWith('tcp')).map((c) => `${c.local} ${c.remote}`));
    const stable = [...before].filter((k) => after.has(k));
    expect(stable.length).toBeGreaterThan(0);
    expect(stable.filter((k) => !ours.has(k))).toEqual([]);
  });
});
