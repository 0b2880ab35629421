/**
 * What the processes backend's eBPF read adds beyond the process list, on the real kernel:
 * storage bytes (task->ioac, summed as /proc/PID/io does), run-queue counters from the sched
 * group, and bytes per process from the shared net group, so the /proc fill after it reads
 * neither io nor schedstat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { CollectorContext } from '../../src/collectors/contract.js';
import { createEbpfConnectionsBackend } from '../../src/collectors/connections/ebpf.js';
import { createEbpfProcessesBackend } from '../../src/collectors/processes/ebpf.js';
import { parseIo } from '../../src/collectors/processes/parse.js';
import type { RawProcess } from '../../src/collectors/processes/raw.js';
import { decodeProcNet } from '../../src/native/bpf-net.js';
import type { KernelSession } from '../../src/native/kernel-session.js';
import { kernelContext, readFresh, skipReason, sleep, stdoutLine } from './helpers.js';

const MIB = 1024 * 1024;

/**
 * A Python child (Python has fsync and posix_fadvise; Node has no fadvise) that writes 8 MiB
 * from a thread that then exits (its bytes move to signal->ioac), 4 MiB from a thread that stays,
 * 12 MiB from the main thread, fsyncs each file, drops the first from the page cache and reads
 * it back, then waits. write_bytes is charged when a page is first dirtied, so each fresh file
 * adds its size; the read after POSIX_FADV_DONTNEED goes to the disk, so read_bytes grows by at
 * least 8 MiB. Once it prints "ready" its counters stand still, so eBPF and /proc must agree
 * exactly.
 */
const WRITER = `
import os, sys, threading
d = sys.argv[1]
def write(name, mib):
    with open(os.path.join(d, name), 'wb') as f:
        f.write(b'x' * (mib << 20))
        f.flush()
        os.fsync(f.fileno())
gone = threading.Thread(target=write, args=('gone', 8))
gone.start(); gone.join()
stay = threading.Event()
def stays():
    write('live', 4)
    stay.wait()
live = threading.Thread(target=stays, daemon=True)
live.start()
write('main', 12)
while not os.path.exists(os.path.join(d, 'live')) or os.path.getsize(os.path.join(d, 'live')) < (4 << 20):
    pass
fd = os.open(os.path.join(d, 'gone'), os.O_RDONLY)
os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
while os.read(fd, 1 << 20):
    pass
print('ready', flush=True)
sys.stdin.read()
`;

describe.skipIf(skipReason !== undefined)(`processes backend: I/O, run queue, net bytes (${skipReason ?? 'root'})`, () => {
  let ctx: CollectorContext & { kernel: KernelSession };
  const backend = createEbpfProcessesBackend();
  const kids: ChildProcessWithoutNullStreams[] = [];
  // /var/tmp: a disk filesystem on Debian (tmpfs does no writeback, so no write_bytes).
  const dir = mkdtempSync('/var/tmp/smoothtask-io-');

  beforeAll(async () => {
    ctx = await kernelContext();
    expect(backend.probe(ctx)).toMatchObject({ available: true });
    expect(backend.netStatus()).toEqual({ on: true });
  });
  afterAll(() => {
    backend.close?.();
    ctx.kernel.close();
    for (const k of kids) if (k.pid !== undefined && k.exitCode === null) process.kill(k.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const list = () => (readFresh(backend, ctx) as { processes: RawProcess[] }).processes;

  it('reports read_bytes and write_bytes as /proc/PID/io does, live and exited threads included', async () => {
    const writer = spawn('python3', ['-c', WRITER, dir]);
    kids.push(writer);
    await stdoutLine(writer, 'ready');
    const p = list().find((x) => x.pid === writer.pid)!;
    const io = parseIo(readFileSync(`/proc/${writer.pid}/io`, 'utf8'))!;
    expect({ readBytes: p.readBytes?.value, writeBytes: p.writeBytes?.value }).toEqual(io);
    expect(p.writeBytes!.value).toBeGreaterThanOrEqual(24 * MIB);
    expect(p.writeBytes!.value).toBeLessThan(25 * MIB);
    expect(p.readBytes!.value).toBeGreaterThanOrEqual(8 * MIB);
  });

  it('gives every process I/O bytes and, with the sched group, run-queue counters: nothing left for /proc io or schedstat', () => {
    const procs = list().filter((p) => p.pid !== 1);
    expect(procs.length).toBeGreaterThan(10);
    expect(procs.filter((p) => p.readBytes === undefined || p.writeBytes === undefined)).toEqual([]);
    expect(backend.schedStatus()).toEqual({ on: true });
    expect(procs.filter((p) => p.runqueueWaitNs?.source !== 'ebpf')).toEqual([]);
    expect(procs.filter((p) => p.runqueueHistogram?.length !== 32 || p.runqueueMaxNs === undefined)).toEqual([]);
  });

  it('counts 4 MB sent over 127.0.0.1 in its own read, sharing one net group with the connections backend', async () => {
    const total = 4 * MIB;
    const receiver = spawn(process.execPath, [
      '-e',
      `const srv = require('net').createServer((s) => { let n = 0; s.on('data', (d) => { n += d.length; if (n >= ${total}) console.log('got'); }); });
       srv.listen(0, '127.0.0.1', () => console.log('port ' + srv.address().port));`,
    ]);
    kids.push(receiver);
    const port = await stdoutLine(receiver, 'port ');
    const sender = spawn(process.execPath, [
      '-e',
      `const s = require('net').connect(${port}, '127.0.0.1', () => s.write(Buffer.alloc(${total}), () => console.log('sent')));`,
    ]);
    kids.push(sender);
    await Promise.all([stdoutLine(receiver, 'got'), stdoutLine(sender, 'sent')]);
    await sleep(50);
    const procs = list();
    const within1pct = (n: number | undefined) => expect(Math.abs((n ?? 0) - total)).toBeLessThan(total * 0.01);
    within1pct(procs.find((p) => p.pid === sender.pid)?.netTxBytes);
    within1pct(procs.find((p) => p.pid === receiver.pid)?.netRxBytes);

    // A connections backend opened now gets the same loaded group from the session: same
    // programs, and in the same tick the same read of proc_net.
    const net = ctx.kernel.loadedGroups().filter((g) => g.name === 'net');
    expect(net).toHaveLength(1);
    const batch = ctx.kernel.readMap('net', 'proc_net');
    const conns = createEbpfConnectionsBackend();
    try {
      expect(conns.probe(ctx)).toMatchObject({ available: true });
      expect(ctx.kernel.loadedGroups().filter((g) => g.name === 'net')).toEqual(net);
      await conns.read(ctx, {});
      expect(ctx.kernel.readMap('net', 'proc_net')).toBe(batch);
      expect(decodeProcNet(batch.keys, batch.values, batch.count).get(sender.pid!)!.txBytes).toBe(procs.find((p) => p.pid === sender.pid)!.netTxBytes);
    } finally {
      conns.close?.();
    }
    // Its close leaves the group loaded for the processes backend.
    expect(list().find((p) => p.pid === sender.pid)?.netTxBytes).toBeGreaterThanOrEqual(total);
  });
});
