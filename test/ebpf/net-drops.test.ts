/**
 * Bytes per process stay honest when proc_net (bpf/net.bpf.c) cannot hold every process: the
 * group counts failed inserts, and a process that started before the last one reads n/a
 * (undefined), never 0 or a short count; one started after it that moved nothing reads 0; and a
 * process's entry goes when it exits. A 4-entry map (set before load) makes it full here. Root only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { createEbpfProcessesBackend } from '../../src/collectors/processes/ebpf.js';
import type { RawProcess } from '../../src/collectors/processes/raw.js';
import { decodeNetDrops, decodeProcNet } from '../../src/native/bpf-net.js';
import type { KernelSession } from '../../src/native/kernel-session.js';
import type { CollectorContext } from '../../src/collectors/contract.js';
import { kernelContext, readFresh, skipReason, sleep, stdoutLine } from './helpers.js';

/** Sends 1000 bytes to the test's server, says so, and waits for its stdin to close. */
const SENDER = `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'x' * 1000)
print('sent', flush=True)
sys.stdin.read()
`;

describe.skipIf(skipReason !== undefined)(`proc_net when full, and at exit (${skipReason ?? 'root'})`, () => {
  let server: Server;
  let port: number;
  const kids: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    server = createServer((s) => s.resume());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());
  afterEach(() => {
    for (const k of kids.splice(0)) if (k.pid !== undefined && k.exitCode === null) process.kill(k.pid, 'SIGKILL');
  });

  async function sender(): Promise<ChildProcessWithoutNullStreams> {
    const child = spawn('python3', ['-c', SENDER, String(port)]);
    kids.push(child);
    await stdoutLine(child, 'sent');
    return child;
  }

  async function withSession(sizes: Record<string, number> | undefined, run: (ctx: CollectorContext & { kernel: KernelSession }) => Promise<void>) {
    const ctx = await kernelContext(sizes === undefined ? undefined : { mapSizes: { net: sizes } });
    try {
      await run(ctx);
    } finally {
      ctx.kernel.close();
    }
  }

  it('a full map: senders without an entry, and every process alive at the drop, read n/a; later ones are measured', async () => {
    await withSession({ proc_net: 4 }, async (ctx) => {
      const backend = createEbpfProcessesBackend();
      expect(backend.probe(ctx)).toMatchObject({ available: true });
      const senders = [];
      for (let i = 0; i < 6; i++) senders.push(await sender());
      expect(decodeNetDrops(ctx.kernel.readMap('net', 'proc_net_drops')).count).toBeGreaterThan(0);
      const before = (readFresh(backend, ctx) as { processes: RawProcess[] }).processes;
      // The senders' exits free their entries, so a process started now is likely after the last drop.
      for (const s of senders) s.stdin.end();
      await Promise.all(senders.filter((s) => s.exitCode === null).map((s) => once(s, 'exit')));
      const idle = spawn('sleep', ['30']);
      kids.push(idle);
      await sleep(50);
      const procs = [...before, ...(readFresh(backend, ctx) as { processes: RawProcess[] }).processes.filter((p) => p.pid === idle.pid)];
      const drops = decodeNetDrops(ctx.kernel.readMap('net', 'proc_net_drops'));
      const byPid = (pid: number | undefined) => procs.find((p) => p.pid === pid)!;
      const batch = ctx.kernel.readMap('net', 'proc_net');
      expect(decodeProcNet(batch.keys, batch.values, batch.count).size).toBeLessThanOrEqual(4);
      const counted = senders.filter((s) => byPid(s.pid).netTxBytes !== undefined);
      // Some senders found no room: they read n/a, not 0.
      expect(counted.length).toBeLessThan(senders.length);
      // A sender with a number has its full count: no short count passes as a measurement.
      for (const s of counted) expect(byPid(s.pid).netTxBytes).toBeGreaterThanOrEqual(1000);
      // The sleep moved nothing: 0, measured, if it started after the last drop (other processes
      // on the machine may still find the 4-entry map full); n/a if it did not.
      const idleRow = byPid(idle.pid);
      const startedAfter = idleRow.startTime * (1e9 / ctx.host.clockTicks) > drops.lastNs;
      expect(idleRow).toMatchObject(startedAfter ? { netTxBytes: 0, netRxBytes: 0 } : { netTxBytes: undefined, netRxBytes: undefined });
      backend.close?.();
    });
  });

  it("a process's entry goes when it exits", async () => {
    await withSession(undefined, async (ctx) => {
      const backend = createEbpfProcessesBackend();
      expect(backend.probe(ctx)).toMatchObject({ available: true });
      const child = await sender();
      const has = () => {
        ctx.kernel.nextTick();
        const batch = ctx.kernel.readMap('net', 'proc_net');
        return decodeProcNet(batch.keys, batch.values, batch.count).get(child.pid!);
      };
      expect(has()?.txBytes).toBeGreaterThanOrEqual(1000);
      child.stdin.end();
      await once(child, 'exit');
      expect(has()).toBeUndefined();
      backend.close?.();
    });
  });
});
