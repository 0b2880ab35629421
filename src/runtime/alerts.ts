/**
 * The alert runtime: the engine as a store processor and the sinks listening to it, started from
 * the config. The mapping from the config file's shape to the alerts' own settings lives here, so
 * src/alerts/ never reads src/config/ (and the other way round).
 */
import type { Logger } from 'pino';
import { AlertDispatcher, type SinkSettings, type SinkStatus } from '../alerts/dispatch.js';
import { AlertEngine } from '../alerts/engine.js';
import type { Config } from '../config/types.js';
import type { AlertRule } from '../rules/rule.js';
import type { Store } from '../store/store.js';

/** What the alerts need from a config: the rules in force and where they may go. */
export interface AlertSettings {
  rules: readonly AlertRule[];
  sinks: SinkSettings;
}

export function alertSettingsOf(config: Config): AlertSettings {
  return {
    rules: config.alerts.rules,
    sinks: { desktop: config.notifications.desktop, webhooks: config.webhooks },
  };
}

export interface AlertRuntime {
  engine: AlertEngine;
  /** New rules and sinks (a hot reload); alerts of rules that stay keep their state. */
  reconfigure(settings: AlertSettings): void;
  status(): SinkStatus;
  close(): void;
}

export interface StartAlertsOptions {
  log: Logger;
  /** Resolved alerts kept for the history view. */
  historyLimit: number;
  env?: NodeJS.ProcessEnv;
  /** Host name in webhook bodies; os.hostname() by default. */
  host?: string;
}

export function startAlerts(store: Store, settings: AlertSettings, opts: StartAlertsOptions): AlertRuntime {
  const engine = new AlertEngine(settings.rules, { historyLimit: opts.historyLimit });
  const dispatcher = new AlertDispatcher(settings.sinks, opts.log, { env: opts.env, host: opts.host });
  engine.onEvent(dispatcher.handle);
  store.addProcessor(engine.process);
  return {
    engine,
    reconfigure(next) {
      engine.setRules(next.rules);
      dispatcher.reconfigure(next.sinks);
    },
    status: () => dispatcher.status(),
    close: () => dispatcher.close(),
  };
}
