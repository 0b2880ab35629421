/**
 * Routes the engine's events to the sinks each rule names: 'screen' (the alert is already in the
 * snapshot), 'desktop', and webhooks by name. Silenced alerts reach the screen only. Every event
 * is logged.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { AlertEvent } from './engine.js';
import { DESKTOP_SINK, SCREEN_SINK } from './rule.js';
import { DesktopNotifier, type DesktopStatus } from './sinks/desktop.js';
import { WebhookSink, type WebhookStatus } from './sinks/webhook.js';

export interface SinkStatus {
  desktop: DesktopStatus & { enabled: boolean };
  webhooks: WebhookStatus[];
}

export interface DispatchOptions {
  env?: NodeJS.ProcessEnv;
  host?: string;
}

export class AlertDispatcher {
  private config: Config;
  private readonly desktop: DesktopNotifier;
  private webhooks = new Map<string, WebhookSink>();
  private readonly host: string;

  constructor(
    config: Config,
    private readonly log: Logger,
    opts: DispatchOptions = {},
  ) {
    this.config = config;
    this.host = opts.host ?? hostname();
    this.desktop = new DesktopNotifier(log, opts.env ?? process.env);
    this.reconfigure(config);
  }

  /** New config: webhooks whose settings did not change keep their queues. */
  reconfigure(config: Config): void {
    this.config = config;
    const next = new Map<string, WebhookSink>();
    for (const w of config.webhooks) {
      const old = this.webhooks.get(w.name);
      if (old && JSON.stringify(old.config) === JSON.stringify(w)) {
        next.set(w.name, old);
        this.webhooks.delete(w.name);
      } else {
        next.set(w.name, new WebhookSink(w, this.log, this.host));
      }
    }
    for (const gone of this.webhooks.values()) gone.close();
    this.webhooks = next;
  }

  /** The engine's listener. Never throws and never waits. */
  handle = (event: AlertEvent): void => {
    this.log.info({ event: event.kind, alert: event.alert, silenced: event.silenced }, `alert ${event.kind}`);
    if (event.silenced) return;
    for (const sink of event.rule.sinks) {
      if (sink === SCREEN_SINK) continue;
      if (sink === DESKTOP_SINK) {
        if (this.config.notifications.desktop) void this.desktop.notify(event);
        continue;
      }
      this.webhooks.get(sink)?.send(event);
    }
  };

  status(): SinkStatus {
    return {
      desktop: { ...this.desktop.status(), enabled: this.config.notifications.desktop },
      webhooks: [...this.webhooks.values()].map((w) => w.status()),
    };
  }

  close(): void {
    for (const w of this.webhooks.values()) w.close();
  }
}
