/**
 * `smoothtask top --listen` end to end: the real CLI in tmux serves /metrics from its runtime
 * while the screen runs, keeps exporting fresh snapshots while the screen is paused, logs where it
 * listens and says so after it quits; a port already taken is refused before any screen.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/prometheus.js';
import { smoothtaskBin, TmuxSession } from './tmux.js';

let session: TmuxSession | undefined;
const dirs: string[] = [];

afterEach(() => {
  session?.kill();
  session = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function home(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'smoothtask-listen-'));
  dirs.push(dir);
  return { HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
}

const ready = (s: string): boolean => /PID\s+USER/.test(s) && /F10 quit/.test(s);

async function snapshotTime(address: string): Promise<number> {
  const body = await (await fetch(`http://${address}/metrics`)).text();
  const line = body.split('\n').find((l) => l.startsWith('smoothtask_snapshot_timestamp_seconds '));
  return Number(line?.split(' ')[1]);
}

describe('smoothtask top --listen', () => {
  it('serves /metrics beside the screen, fresh while the screen is paused', async () => {
    const env = home();
    const address = `127.0.0.1:${await freePort()}`;
    session = TmuxSession.start([smoothtaskBin, 'top', '--listen', address], { cols: 120, rows: 40, env });
    await session.waitFor(ready);
    const res = await fetch(`http://${address}/metrics`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/^node_cpu_seconds_total\{cpu="0",mode="user"\} /m);
    expect(body).toMatch(/^smoothtask_process_resident_memory_bytes\{pid="\d+",comm="[^"]*"/m);
    expect(readFileSync(join(env.XDG_STATE_HOME, 'smoothtask', 'smoothtask.log'), 'utf8')).toContain(`metrics endpoint listening on http://${address}/metrics`);

    session.sendKeys('p');
    await session.waitFor(/paused/);
    const before = await snapshotTime(address);
    // Sampling goes on while the screen is paused: the endpoint's time moves within a few passes.
    let now = before;
    for (const until = Date.now() + 15_000; now <= before && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 250));
      now = await snapshotTime(address);
    }
    expect(now).toBeGreaterThan(before);

    session.sendKeys('q');
    const after = await session.waitFor(/EXITED:0/);
    expect(after).toContain(`served metrics at http://${address}/metrics`);
    await expect(fetch(`http://${address}/metrics`)).rejects.toThrow();
  }, 40_000);

  it('refuses a port already taken, before any screen', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      session = TmuxSession.start([smoothtaskBin, 'top', '--listen', `127.0.0.1:${port}`], { cols: 120, rows: 40, env: home() });
      const screen = await session.waitFor(/EXITED:1/);
      expect(screen).toMatch(new RegExp(`cannot serve metrics at 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    } finally {
      taken.close();
    }
  }, 30_000);
});
