/**
 * Desktop notifications reach a real notification daemon: dunst on Xvfb, on a private D-Bus
 * session bus started for the test (dbus-daemon --session), observed in `dunstctl history`.
 * Also: with no D-Bus session, or a bus with no notification daemon, the notifier falls back to
 * the screen once and says why. Debian packages: dunst, xvfb, dbus-x11, libnotify-bin.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/engine.js';
import { describeAlert } from '../../src/alerts/format.js';
import { checkDesktopService, DesktopNotifier } from '../../src/alerts/sinks/desktop.js';
import { sleep, until } from './receiver.js';

const run = promisify(execFile);
const NEEDED = ['Xvfb', 'dbus-daemon', 'dunst', 'dunstctl', 'notify-send'];
const missing = NEEDED.filter(
  (cmd) =>
    !(process.env.PATH ?? '').split(delimiter).some((dir) => {
      try {
        accessSync(join(dir, cmd), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }),
);

function event(subject: string): AlertEvent {
  const alert = {
    id: 'hog|proc:4242:1|0',
    rule: 'hog',
    metric: 'proc.cpu_percent',
    subject,
    severity: 'critical' as const,
    state: 'firing' as const,
    value: 99,
    peak: 99,
    threshold: 50,
    since: Date.now(),
  };
  return {
    kind: 'firing',
    alert,
    rule: { name: 'hog', metric: 'proc.cpu_percent', op: '>', threshold: 50, forMs: 0, severity: 'critical', cooldownMs: 0, sinks: ['desktop'] },
    silenced: false,
  };
}

/** A logger whose warnings land in an array. */
function capture() {
  const lines: { msg: string; reason?: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

/** Start a session bus; resolves with its address. */
async function startBus(dir: string, procs: ChildProcess[]): Promise<string> {
  const bus = spawn('dbus-daemon', ['--session', '--nofork', `--address=unix:path=${join(dir, 'bus')}`, '--print-address=1'], {
    // Its one complaint here (cannot raise the fd limit) is harmless.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  procs.push(bus);
  let out = '';
  bus.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return until(() => (out.includes('\n') ? out.trim() : undefined));
}

describe.skipIf(missing.length > 0)(`desktop notifications (needs ${missing.join(', ') || 'nothing missing'})`, () => {
  const procs: ChildProcess[] = [];
  let env: NodeJS.ProcessEnv;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smoothtask-desktop-'));
    // -displayfd: Xvfb picks a free display and writes its number to stdout.
    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    procs.push(xvfb);
    let display = '';
    xvfb.stdout.on('data', (d: Buffer) => (display += d.toString()));
    const n = await until(() => (display.includes('\n') ? display.trim() : undefined));
    const address = await startBus(dir, procs);
    env = { PATH: process.env.PATH, HOME: dir, DISPLAY: `:${n}`, DBUS_SESSION_BUS_ADDRESS: address };
    procs.push(spawn('dunst', [], { env, stdio: 'ignore' }));
    // Wait until dunst owns org.freedesktop.Notifications on the bus.
    const start = Date.now();
    for (;;) {
      try {
        await run('dunstctl', ['count'], { env });
        break;
      } catch (err) {
        if (Date.now() - start > 10_000) throw err;
        await sleep(100);
      }
    }
  }, 30_000);

  afterAll(() => {
    for (const p of procs.reverse()) p.kill();
  });

  async function historyCount(): Promise<number> {
    const { stdout } = await run('dunstctl', ['history'], { env });
    return (JSON.parse(stdout) as { data: unknown[][] }).data[0].length;
  }

  it('reaches dunst with a hostile process name intact, and runs nothing', async () => {
    const marker = join(dir, 'pwned');
    const name = `x"'; $(touch ${marker}) \`touch ${marker}\` \\ \n-rf --help <b>&amp;`;
    const { logger, lines } = capture();
    const notifier = new DesktopNotifier(logger, env);
    expect(notifier.status()).toMatchObject({ available: true });
    const e = event(`${name} (4242)`);
    await notifier.notify(e);
    expect(notifier.status().available).toBe(true);

    // Notifications move to the history once closed.
    await run('dunstctl', ['close-all'], { env });
    await sleep(200);
    const { stdout } = await run('dunstctl', ['history'], { env });
    const history = (JSON.parse(stdout) as { data: Record<string, { data: unknown }>[][] }).data[0];
    const ours = history.filter((h) => h.appname.data === 'SmoothTask top');
    expect(ours).toHaveLength(1);
    expect(ours[0].summary.data).toBe('SmoothTask: critical alert');
    // dunst keeps the body as sent, Pango markup escaped; unescaped it is the text, intact.
    const body = (ours[0].body.data as string).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(body).toBe(describeAlert(e.alert));
    expect(body).toContain(name);
    expect(existsSync(marker)).toBe(false);
    expect(lines).toEqual([]);
  });

  it('a burst of alerts runs one notify-send at a time and drops what is beyond ten waiting', async () => {
    const { logger } = capture();
    const notifier = new DesktopNotifier(logger, env);
    const before = await historyCount();
    const sent = Array.from({ length: 15 }, (_, i) => notifier.notify(event(`burst${i} (${i})`)));
    await Promise.all(sent);
    expect(notifier.dropped).toBe(5);
    await run('dunstctl', ['close-all'], { env });
    await sleep(200);
    expect((await historyCount()) - before).toBe(10);
  });

  it('doctor: asks the bus whether a notification service runs, without showing one', async () => {
    const before = await historyCount();
    expect(await checkDesktopService(env)).toMatchObject({ available: true, reason: expect.stringMatching(/a notification service is running$/) });
    const quiet = mkdtempSync(join(tmpdir(), 'smoothtask-nodaemon-'));
    const address = await startBus(quiet, procs);
    expect(await checkDesktopService({ PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: address })).toEqual({
      available: false,
      reason: 'no notification service on the session bus (nothing owns org.freedesktop.Notifications); alerts show on screen only',
    });
    expect(await checkDesktopService({ PATH: process.env.PATH })).toMatchObject({ available: false, reason: expect.stringMatching(/^no D-Bus session/) });
    await run('dunstctl', ['close-all'], { env });
    expect(await historyCount()).toBe(before);
  });

  it('a bus with no notification daemon: falls back to the screen once and says why', async () => {
    const quiet = mkdtempSync(join(tmpdir(), 'smoothtask-nodaemon-'));
    const address = await startBus(quiet, procs);
    const { logger, lines } = capture();
    const notifier = new DesktopNotifier(logger, { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: address });
    expect(notifier.status().available).toBe(true);
    await notifier.notify(event('a (1)'));
    await notifier.notify(event('b (2)'));
    expect(notifier.status()).toMatchObject({ available: false });
    expect(notifier.status().reason).toMatch(/notify-send failed \(.*\); alerts show on screen only/);
    expect(lines.map((l) => l.msg)).toEqual(['desktop notifications unavailable: screen only']);
  });
});

describe('desktop notifications without a D-Bus session', () => {
  it('fall back to the screen once, and the status says why', async () => {
    const { logger, lines } = capture();
    const notifier = new DesktopNotifier(logger, { PATH: process.env.PATH });
    expect(notifier.status()).toEqual({
      available: false,
      reason: 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set); alerts show on screen only',
    });
    await notifier.notify(event('a (1)'));
    await notifier.notify(event('b (2)'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'desktop notifications unavailable: screen only', reason: notifier.status().reason });
  });

  it('says so when notify-send is not installed', () => {
    const notifier = new DesktopNotifier(pino({ level: 'silent' }), { PATH: '/nonexistent', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' });
    expect(notifier.status()).toEqual({ available: false, reason: 'notify-send is not installed (Debian: libnotify-bin); alerts show on screen only' });
  });
});
