/**
 * Routes the engine's events to the sinks each rule names: 'screen' (the alert is already in the
 * snapshot), 'desktop', and webhooks by name. Silenced alerts reach the screen only. Every event
 * is logged.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { DESKTOP_SINK, SCREEN_SINK } from '../rules/rule.js';
import type { WebhookSettings } from '../rules/webhook.js';
import type { AlertEvent } from './engine.js';
import { DesktopNotifier, type DesktopStatus } from './sinks/desktop.js';
import { WebhookSink, type WebhookStatus } from './sinks/webhook.js';

export interface SinkStatus {
  desktop: DesktopStatus & { enabled: boolean };
  webhooks: WebhookStatus[];
}

/** Where alerts may go besides the screen (the runtime maps the config file to this). */
export interface SinkSettings {
  /** Send rules whose sinks name 'desktop' to the desktop. */
  desktop: boolean;
  webhooks: readonly WebhookSettings[];
}

export interface DispatchOptions {
  env?: NodeJS.ProcessEnv;
  host?: string;
}

export class AlertDispatcher {
  private settings: SinkSettings;
  private readonly desktop: DesktopNotifier;
  private webhooks = new Map<string, WebhookSink>();
  private readonly host: string;

  constructor(
    settings: SinkSettings,
    private readonly log: Logger,
    opts: DispatchOptions = {},
  ) {
    this.settings = settings;
    this.host = opts.host ?? hostname();
    this.desktop = new DesktopNotifier(log, opts.env ?? process.env);
    this.reconfigure(settings);
  }

  /** New settings: webhooks whose settings did not change keep their queues. */
  reconfigure(settings: SinkSettings): void {
    this.settings = settings;
    const next = new Map<string, WebhookSink>();
    for (const w of settings.webhooks) {
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
        if (this.settings.desktop) void this.desktop.notify(event);
        continue;
      }
      this.webhooks.get(sink)?.send(event);
    }
  };

  status(): SinkStatus {
    return {
      desktop: { ...this.desktop.status(), enabled: this.settings.desktop },
      webhooks: [...this.webhooks.values()].map((w) => w.status()),
    };
  }

  close(): void {
    for (const w of this.webhooks.values()) w.close();
  }
}
