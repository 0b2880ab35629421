/**
 * The big host (test/helpers/big-host.ts: 256 CPUs, 64 disks, 300 interfaces, 20,000 processes,
 * 8 GPUs) in a real terminal: the snapshot a Monitor reads from its fixture root, shown by the
 * built App (snapshot-screen.mjs) in tmux at 80x24 and 250x70. capture-pane shows a frame that
 * fits, and at 250x70 `v` lists the virtual interfaces one by one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bigHostDir, readBigHost } from '../helpers/big-host-snapshot.js';
import { TmuxSession } from './tmux.js';

const script = join(import.meta.dirname, 'snapshot-screen.mjs');

describe('the big host in tmux', () => {
  const tmp = bigHostDir();
  const json = join(tmp.dir, 'snapshot.json');
  let session: TmuxSession | undefined;
  beforeAll(async () => {
    writeFileSync(json, JSON.stringify((await readBigHost(tmp.dir)).snapshot));
  }, 180_000);
  afterEach(() => {
    session?.kill();
    session = undefined;
  });
  afterAll(() => tmp.remove());

  const ready = (s: string) => /PID\s+USER/.test(s) && /20000\/20000 procs/.test(s);
  const fits = (screen: string, cols: number, rows: number) => {
    const shown = screen.replace(/\n$/, '').split('\n');
    expect(shown.length).toBeLessThanOrEqual(rows);
    for (const l of shown) expect(stringWidth(l), l).toBeLessThanOrEqual(cols);
    expect(screen).not.toMatch(/NaN|undefined/);
    expect(shown[0]).toMatch(/^gpu-node-17 /);
  };

  it('fits 80x24: one-line panels, the GPU summary and every GPU use', async () => {
    session = TmuxSession.start([process.execPath, script, json], { cols: 80, rows: 24 });
    const screen = await session.waitFor(ready);
    fits(screen, 80, 24);
    expect(screen).toMatch(/^GPU×8 NVIDIA H200 use avg 100%/m);
    expect(screen).toMatch(/^use 0:100% 1:100% 2:100% 3:100% 4:100% 5:100% 6:100% 7:100%/m);
    session.sendKeys('q');
    await session.waitFor(/EXITED:0/);
  });

  it('fits 250x70 with every core, all 8 GPUs and the virtual line; v lists the virtual interfaces', async () => {
    session = TmuxSession.start([process.execPath, script, json], { cols: 250, rows: 70 });
    const screen = await session.waitFor(ready);
    fits(screen, 250, 70);
    expect(screen).toContain('256 cores: ');
    for (let i = 0; i < 8; i++) expect(screen).toContain(`GPU${i} use 100%`);
    expect(screen).toMatch(/virtual×296 +rx/);
    session.sendKeys('v');
    const listed = await session.waitFor(/│ veth[0-9a-f]{7} +rx/);
    fits(listed, 250, 70);
    expect(listed).not.toContain('virtual×296');
    expect(listed).toMatch(/\+\d+ more/);
    session.sendKeys('q');
    await session.waitFor(/EXITED:0/);
  });
});
