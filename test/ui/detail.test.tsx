/**
 * The detail view and its dialogs rendered on a fake terminal over the real /proc: a child holding
 * a known file, drilled into from the table; sections switch by Tab and number; SIGTERM through
 * the signal dialog ends the child; SmoothTask's own pid needs the typed confirmation, and a wrong
 * pid sends nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNAL_CHOICES } from '../../src/actions/signals.js';
import { readStartTime } from '../../src/collectors/procdetail/identity.js';
import { DetailView } from '../../src/ui/detail/DetailView.js';
import { KEYS, renderApp, tick, until } from './helpers/render.js';
import { proc, testSnapshot } from './helpers/snapshots.js';
import { ReadBuffer } from '../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A child that holds /etc/hostname open on fd 3, named so it is easy to find. */
function holder() {
  const child = spawn('bash', ['-c', 'exec 3</etc/hostname; exec -a st-detail-holder sleep 60'], { stdio: 'ignore' });
  children.push(child);
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
  return { child, exited };
}

/** The detail reads real /proc files: a slow, loaded machine gets 10 s. */
const waitFor = (check: () => boolean) => until(check, 10_000);

function renderWith(pid: number, comm: string, extra = {}) {
  const startTime = readStartTime(buffer, '/proc', pid);
  if (startTime === undefined) throw new Error('no such process');
  const row = proc(pid, comm, { startTime, uid: 0, user: 'root', cpuPercent: 99, ...extra });
  // bootTime and clock ticks as the kernel has them are not needed for these checks.
  const app = renderApp({ snapshot: testSnapshot({ processes: [row] }), DetailSlot: DetailView, columns: 140, rows: 45 });
  return { app, startTime };
}

/** A holder's detail view, opened with Enter from its row, once its command line is on screen. */
async function openHolderDetail() {
  const { child, exited } = holder();
  const pid = child.pid!;
  // Until bash has exec'd sleep: before that the comm read is bash's.
  await waitFor(() => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep');
  const { app } = renderWith(pid, 'sleep');
  await app.press(KEYS.enter);
  await waitFor(() => app.frame().includes('st-detail-holder'));
  return { app, pid, exited };
}

describe('detail view', () => {
  it('drills into a child: overview, files with the held file, sections by Tab and number, Esc back', async () => {
    const { app, pid } = await openHolderDetail();
    expect(app.frame()).toContain(`PID ${pid} sleep`);
    expect(app.frame()).toMatch(/cgroup\s+\//);
    if (process.env.SHOW_FRAMES) process.stderr.write(app.frame());
    expect(app.frame()).toContain('source: /proc/' + pid + '/{stat,status');
    await app.press('\t', '\t');
    await waitFor(() => app.frame().includes('/etc/hostname'));
    expect(app.frame()).toMatch(/3 path\s+RDONLY/);
    if (process.env.SHOW_FRAMES) process.stderr.write(app.frame());
    await app.press('5');
    await waitFor(() => app.frame().includes('largest mappings by RSS'));
    await app.press('8');
    await waitFor(() => app.frame().includes('press e to show the environment'));
    await app.press('e');
    await waitFor(() => /\d+ variables/.test(app.frame()));
    await app.press(KEYS.escape);
    await waitFor(() => !app.frame().includes('largest mappings') && !app.frame().includes('variables'));
    app.instance.unmount();
  });

  it('opens the parent from its link, and Esc in the files filter or a dialog stays in the view', async () => {
    const { app, pid } = await openHolderDetail();
    await app.press('3', '/', 'x', KEYS.escape);
    await waitFor(() => app.frame().includes('/etc/hostname'));
    expect(app.frame()).toContain(`PID ${pid}`);
    await app.press('r');
    await waitFor(() => app.frame().includes('Renice'));
    await tick(150);
    await app.press(KEYS.escape);
    await waitFor(() => !app.frame().includes('Renice') && app.frame().includes(`PID ${pid}`));
    await app.press('1');
    await waitFor(() => app.frame().includes('parents (Enter opens)'));
    // The first link is the parent: this test process.
    await app.press(KEYS.enter);
    await waitFor(() => app.frame().includes(`PID ${process.pid}`));
    app.instance.unmount();
  });

  it('reads the flags of descriptors on screen past the fdinfo bound', async () => {
    const child = spawn(
      process.execPath,
      ['-e', "const fs = require('fs'); for (let i = 0; i < 1200; i++) fs.openSync('/dev/null', 'r'); console.log('ready'); setInterval(() => {}, 1e6);"],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    children.push(child);
    await new Promise((r) => child.stdout.once('data', r));
    const { app } = renderWith(child.pid!, 'node');
    await app.press(KEYS.enter);
    await waitFor(() => app.frame().includes(`PID ${child.pid}`));
    // useKeys subscribes in an effect, after the frame is drawn: let it attach before typing.
    await tick(150);
    await app.press('3');
    await waitFor(() => app.frame().includes(`source: /proc/${child.pid}/fd`) && app.frame().includes('device'));
    expect(app.frame()).toContain('flags (fdinfo) read for the first 1000 descriptors and those on screen');
    await app.press(KEYS.end);
    // The last rows are past the bound: n/a at first, then read at the next refresh.
    await waitFor(() => {
      const last =
        app
          .frame()
          .split('\n')
          .filter((l) => l.includes('/dev/null'))
          .at(-1) ?? '';
      return /\b1[12]\d\d device\s+RDONLY/.test(last);
    });
    app.instance.unmount();
  });

  it('sends SIGTERM through the signal dialog and then says the process exited', async () => {
    const { app, pid, exited } = await openHolderDetail();
    await app.press('K');
    await waitFor(() => app.frame().includes('Send signal') && app.frame().includes(`pid ${pid}  user root`));
    expect(app.frame()).toMatch(/15 SIGTERM/);
    // useKeys subscribes in an effect, after the frame is drawn: let it attach before typing.
    await tick(150);
    await app.press(KEYS.enter);
    await waitFor(() => app.frame().includes(`send SIGTERM (15) to pid ${pid}? y/N`));
    await app.press('y');
    expect(await exited).toBe('SIGTERM');
    await waitFor(() => app.frame().includes('has exited: showing the last data read'));
    app.instance.unmount();
  });

  it("needs the typed pid for SmoothTask's own process; a wrong pid sends nothing", async () => {
    const { app } = renderWith(process.pid, 'node');
    await app.press(KEYS.enter);
    await waitFor(() => app.frame().includes(`PID ${process.pid}`));
    await app.press('K');
    await waitFor(() => app.frame().includes('Send signal'));
    await tick(150);
    // Pick SIGCONT (harmless) so that a mistake could not hurt the test runner.
    const cont = SIGNAL_CHOICES.findIndex((s) => s.name === 'SIGCONT');
    for (let i = 0; i < cont; i++) await app.press(KEYS.down);
    await app.press(KEYS.enter);
    await waitFor(() => app.frame().includes('it is SmoothTask itself'));
    expect(app.frame()).toContain(`To send SIGCONT (${SIGNAL_CHOICES[cont].number}) to pid ${process.pid}, type the pid (${process.pid})`);
    await app.press('1', '2', KEYS.enter);
    await waitFor(() => app.frame().includes('not ' + process.pid + ': nothing was sent'));
    await app.press(KEYS.escape);
    app.instance.unmount();
  });
});
