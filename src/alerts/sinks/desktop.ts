/**
 * Desktop notifications through notify-send (libnotify), run with execFile: the arguments go to
 * the program as an array and no shell ever sees them. node-notifier 10 is not used here: its
 * Linux notifier joins the arguments into one string for child_process.exec (/bin/sh).
 * Where there is no notification service (no D-Bus session, as over SSH, or no notify-send, or a
 * bus with no notification daemon), the notifier says why, once, in the log and in its status
 * (`doctor` shows it), and alerts stay on screen only.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Logger } from 'pino';
import type { AlertEvent } from '../engine.js';
import { describeAlert } from '../format.js';

const COMMAND = 'notify-send';

export interface DesktopStatus {
  available: boolean;
  /** Why, in words: "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)". */
  reason: string;
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Whether desktop notifications can work in this environment, without sending one. */
export function probeDesktop(env: NodeJS.ProcessEnv): DesktopStatus {
  if (!env.DBUS_SESSION_BUS_ADDRESS) {
    return { available: false, reason: 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set); alerts show on screen only' };
  }
  const path = onPath(COMMAND, env);
  if (path === undefined) return { available: false, reason: `${COMMAND} is not installed (Debian: libnotify-bin); alerts show on screen only` };
  return { available: true, reason: `${path} on the session bus` };
}

/**
 * The body as notify-send must get it to show `s` as plain text: notify-send unescapes C-style
 * backslash sequences in the body (g_strcompress), and most daemons read Pango markup in it.
 */
function bodyArg(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The probe, then asks the session bus whether anything owns org.freedesktop.Notifications
 * (dbus-send, NameHasOwner), without showing a notification. For `doctor`.
 */
export function checkDesktopService(env: NodeJS.ProcessEnv = process.env): Promise<DesktopStatus> {
  const probed = probeDesktop(env);
  if (!probed.available) return Promise.resolve(probed);
  const args = [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    'string:org.freedesktop.Notifications',
  ];
  return new Promise((resolve) => {
    execFile('dbus-send', args, { env, timeout: 5000 }, (err, stdout, stderr) => {
      if (err) {
        const why = String(stderr).trim().split('\n')[0] || err.message;
        resolve({ available: false, reason: `cannot ask the session bus for a notification service (dbus-send: ${why}); alerts show on screen only` });
      } else if (/boolean true/.test(String(stdout))) {
        resolve({ available: true, reason: `${probed.reason}; a notification service is running` });
      } else {
        resolve({
          available: false,
          reason: 'no notification service on the session bus (nothing owns org.freedesktop.Notifications); alerts show on screen only',
        });
      }
    });
  });
}

/** Notifications waiting for notify-send; a burst beyond this is dropped (the screen has them). */
const MAX_WAITING = 10;

export class DesktopNotifier {
  private state: DesktopStatus;
  private toldFallback = false;
  /** One notify-send at a time, so a burst of alerts does not start a burst of processes. */
  private chain: Promise<void> = Promise.resolve();
  private waiting = 0;
  /** Notifications dropped from a burst. */
  dropped = 0;

  constructor(
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.state = probeDesktop(env);
  }

  status(): DesktopStatus {
    return this.state;
  }

  /**
   * Show one notification. Resolves when notify-send has finished (tests wait on it); failures
   * switch the notifier off and are reported once, never thrown.
   */
  notify(event: AlertEvent): Promise<void> {
    if (this.waiting >= MAX_WAITING) {
      this.dropped++;
      this.log.warn({ sink: 'desktop', alertId: event.alert.id, dropped: this.dropped }, 'desktop notification dropped: too many at once');
      return this.chain;
    }
    this.waiting++;
    this.chain = this.chain.then(() => this.send(event)).finally(() => this.waiting--);
    return this.chain;
  }

  private send(event: AlertEvent): Promise<void> {
    if (!this.state.available) {
      this.fallBack();
      return Promise.resolve();
    }
    const a = event.alert;
    const title = `SmoothTask: ${a.severity} ${event.kind === 'resolved' ? 'resolved' : 'alert'}`;
    const args = [
      '--app-name=SmoothTask top',
      `--urgency=${a.severity === 'critical' && event.kind === 'firing' ? 'critical' : 'normal'}`,
      '--',
      title,
      bodyArg(describeAlert(a)),
    ];
    return new Promise((resolve) => {
      execFile(COMMAND, args, { env: this.env, timeout: 10_000 }, (err, _stdout, stderr) => {
        if (err) {
          // e.g. "GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown": a bus with no daemon.
          const why = String(stderr).trim().split('\n')[0] || err.message;
          this.state = { available: false, reason: `${COMMAND} failed (${why}); alerts show on screen only` };
          this.fallBack();
        }
        resolve();
      });
    });
  }

  private fallBack(): void {
    if (this.toldFallback) return;
    this.toldFallback = true;
    this.log.warn({ sink: 'desktop', reason: this.state.reason }, 'desktop notifications unavailable: screen only');
  }
}
