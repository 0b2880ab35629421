/**
 * The join of the kernel's event streams to the snapshot: processes that live and exit between
 * two ticks of a real Monitor reach snapshot.recentExits (and `smoothtask snapshot --json`), and a
 * TCP connection opened and closed on 127.0.0.1 between two reads reaches
 * snapshot.connectionEvents with its endpoints, bytes and duration; both then reach the screen.
 * Root only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect, type AddressInfo } from 'node:net';
import { appBuilt, smoothtaskBin } from '../e2e/tmux.js';
import { Monitor } from '../../src/runtime/monitor.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { plain } from '../ui/helpers/frame.js';
import { KEYS, renderApp, tick } from '../ui/helpers/render.js';
import { skipReason } from './helpers.js';

describe.skipIf(skipReason !== undefined)(`short-lived processes and connections (${skipReason ?? 'root'})`, () => {
  let monitor: Monitor | undefined;
  afterEach(() => {
    monitor?.stop();
    monitor = undefined;
  });

  it('30 runs of /bin/true between two ticks are in recentExits, newest first, with status and lifetime', async () => {
    monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}) });
    const first = await monitor.tick();
    expect(first.recentExits).toMatchObject({ exits: expect.any(Array), seen: expect.any(Number), lost: expect.any(Number) });
    for (let i = 0; i < 30; i++) expect(spawnSync('/bin/true').status).toBe(0);
    spawnSync('/bin/sh', ['-c', 'exit 3']);
    const snap = await monitor.tick();
    const mine = snap.recentExits!.exits.filter((e) => e.ppid === process.pid);
    const trues = mine.filter((e) => e.comm === 'true');
    expect(trues).toHaveLength(30);
    for (const e of trues) {
      expect(e).toMatchObject({ exitCode: 0, uid: 0 });
      expect(e.signal).toBeUndefined();
      expect(e.lifetimeMs).toBeGreaterThan(0);
      expect(e.lifetimeMs).toBeLessThan(1000);
      expect(e.cpuMs).toBeGreaterThanOrEqual(0);
      expect(e.exitedAt).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(mine.find((e) => e.comm === 'sh')).toMatchObject({ exitCode: 3 });
    // Newest first: the sh ran last.
    expect(mine[0].comm).toBe('sh');
    expect(snap.recentExits!.seen).toBeGreaterThanOrEqual(31);
    // Each spawn execs once: the same interval counts them as programs started.
    expect(snap.recentExits!.execs).toBeGreaterThanOrEqual(31);
    expect(snap.recentExits!.lost).toBe(0);
    // A process listed by a sample is not short-lived: this one was listed by both.
    expect(snap.recentExits!.exits.some((e) => e.pid === process.pid)).toBe(false);
    // And on the screen, below the process table (other processes on the machine may add more).
    const screen = renderApp({ snapshot: snap, columns: 200, rows: 40 });
    try {
      await tick();
      const count = /exited: .*\btrue ×(\d+)/.exec(plain(screen.frame()));
      expect(Number(count?.[1])).toBeGreaterThanOrEqual(30);
    } finally {
      screen.instance.unmount();
    }
  });

  it('a TCP connection opened and closed on 127.0.0.1 between reads is in connectionEvents', async () => {
    monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}) });
    await monitor.tick();
    const server = createServer((s) => s.on('data', () => s.end('pong')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const client = connect(port, '127.0.0.1');
    let localPort: number | undefined;
    client.on('connect', () => {
      localPort = client.localPort;
      client.write('ping');
    });
    client.resume();
    await new Promise((r) => client.on('close', r));
    server.close();
    // The connections collector reads every other tick: one of the next two reads it.
    const snaps: Snapshot[] = [await monitor.tick(), await monitor.tick()];
    const events = snaps.flatMap((s) => s.connectionEvents?.events ?? []);
    const local = `127.0.0.1:${localPort}`;
    const closed = events.find((e) => e.kind === 'close' && e.local === local && e.remote === `127.0.0.1:${port}`);
    expect(closed).toMatchObject({ proto: 'tcp', pid: process.pid, txBytes: 4, rxBytes: 4 });
    expect(closed!.durationMs).toBeGreaterThan(0);
    expect(events.find((e) => e.kind === 'open' && e.local === local)).toMatchObject({ proto: 'tcp', remote: `127.0.0.1:${port}` });
    expect(snaps.every((s) => s.connectionEvents!.lost === 0)).toBe(true);
    // Only this test's sockets are looked at from here: test files running beside this one open
    // and close sockets of their own in the same interval.
    const isOurs = (e: (typeof events)[number]): boolean => e.local.endsWith(`:${port}`) || e.remote.endsWith(`:${port}`) || e.pid === process.pid;
    // And on the screen, at the bottom of the connections view. Its strip of closed connections is
    // one line, which other tests' connections of the same interval could fill before ours.
    const withClose = snaps.find((sn) => sn.connectionEvents!.events.includes(closed!))!;
    const snapshot = { ...withClose, connectionEvents: { ...withClose.connectionEvents!, events: withClose.connectionEvents!.events.filter(isOurs) } };
    const screen = renderApp({ snapshot, columns: 250, rows: 40 });
    try {
      await tick();
      await screen.press('C');
      expect(plain(screen.frame())).toContain(`${local}→127.0.0.1:${port}`);
      await screen.press(KEYS.escape);
    } finally {
      screen.instance.unmount();
    }
    // The listener's close is not a connection.
    const ours = events.filter(isOurs);
    expect(ours.some((e) => e.local === '127.0.0.1:0' || (e.local === `127.0.0.1:${port}` && e.remote === '0.0.0.0:0'))).toBe(false);
  });

  it.skipIf(!appBuilt)('smoothtask snapshot --json carries recentExits and connectionEvents', async () => {
    // A loop of short processes while the snapshot samples: each /bin/true lives a few ms.
    const loop = spawn('/bin/sh', ['-c', 'while :; do /bin/true; sleep 0.02; done'], { stdio: 'ignore' });
    try {
      const out = spawnSync(smoothtaskBin, ['snapshot', '--json', '--interval', '500ms'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(out.status).toBe(0);
      const snap = JSON.parse(out.stdout) as Snapshot;
      expect(snap.recentExits!.exits.some((e) => e.comm === 'true' && e.ppid === loop.pid && e.exitCode === 0)).toBe(true);
      expect(snap.connectionEvents).toMatchObject({ lost: 0 });
    } finally {
      loop.kill('SIGKILL');
    }
  });
});
