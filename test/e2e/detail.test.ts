/**
 * End to end in a real terminal (tmux): a child with a unique name holds a known file and a TCP
 * connection to a server on 127.0.0.1; SmoothTask top filters to it, Enter drills in, and the
 * cgroup, the file path and the socket are on screen; SIGTERM sent through the signal dialog ends
 * the child, and the view says it exited. Needs the built app (`npm run build`) and tmux.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCgroup } from '../../src/collectors/processes/parse.js';
import { appBuilt, haveTmux, smoothtaskBin, TmuxSession } from './tmux.js';

const cleanups: (() => void)[] = [];
const settle = () => new Promise((r) => setTimeout(r, 300));
afterAll(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

describe.skipIf(!appBuilt || !haveTmux)('detail view end to end (needs `npm run build` and tmux)', () => {
  it('drills into a child, shows its file, socket and cgroup, and ends it with SIGTERM', async () => {
    const accepted: Socket[] = [];
    const server = createServer((s) => accepted.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      for (const s of accepted) s.destroy();
      server.close();
    });
    const port = (server.address() as { port: number }).port;
    const name = `st-e2e-${process.pid}`;
    const child = spawn('bash', ['-c', `exec 3</etc/hostname; exec 4<>/dev/tcp/127.0.0.1/${port}; exec -a ${name} sleep 300`], {
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
    cleanups.push(() => child.kill('SIGKILL'));
    const pid = child.pid!;
    // Wait until bash has exec'd sleep with the name and the connection is up.
    for (let i = 0; i < 100 && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(name); i++) await new Promise((r) => setTimeout(r, 20));
    const cgroup = parseCgroup(readFileSync(`/proc/${pid}/cgroup`, 'utf8'))!;

    const tmux = TmuxSession.start([smoothtaskBin, 'top', '--interval', '1'], { cols: 160, rows: 50 });
    cleanups.push(() => tmux.kill());
    await tmux.waitFor(/PID/);
    tmux.sendKeys('F4');
    tmux.type(name);
    // One key per input event: wait for the text to land before Enter.
    await tmux.waitFor((s) => s.includes(`Filter: ${name}_`));
    tmux.sendKeys('Enter');
    // The filter prompt has closed and the table shows the child.
    await tmux.waitFor((s) => s.includes(`filter "${name}"`) && s.includes(`${name} 300`));
    tmux.sendKeys('Enter');
    const overview = await tmux.waitFor(/cgroup\s+\//);
    expect(overview).toContain(`PID ${pid}`);
    expect(overview).toContain(cgroup);
    // A newly drawn view subscribes to keys in an effect just after the frame: give it a moment.
    await settle();
    tmux.sendKeys('3');
    await tmux.waitFor((s) => s.includes('/etc/hostname'));
    tmux.sendKeys('4');
    const network = await tmux.waitFor(/ESTABLISHED/);
    expect(network).toContain(`127.0.0.1:${port}`);
    tmux.sendKeys('K');
    await tmux.waitFor(/Send signal/);
    expect(tmux.capture()).toMatch(/15 SIGTERM/);
    await settle();
    tmux.sendKeys('Enter');
    await tmux.waitFor(new RegExp(`send SIGTERM \\(15\\) to pid ${pid}\\? y/N`));
    tmux.sendKeys('y');
    expect(await exited).toBe('SIGTERM');
    await tmux.waitFor(/has exited: showing the last data read/);
    tmux.sendKeys('F10');
    await tmux.waitFor(/EXITED:0/);
  });
});
