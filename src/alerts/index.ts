/**
 * Alerts, put together: the engine as a store processor, the sinks listening to it, the log, and
 * hot reload of rules and sinks. The CLI's `top` calls startAlerts once; `doctor` reads
 * desktopNotifierStatus().
 */
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { AlertDispatcher, type SinkStatus } from './dispatch.js';
import { AlertEngine } from './engine.js';
import { createLogger } from './logger.js';

export { AlertEngine, type AlertEvent } from './engine.js';
export { desktopNotifierStatus, type DesktopStatus } from './sinks/desktop.js';

export interface AlertRuntime {
  engine: AlertEngine;
  logger: Logger;
  /** Set when the log file could not be opened (logging is then off). */
  logError?: string;
  /** Apply a hot-reloaded config: rules, sinks (the log file stays as it was at start-up). */
  reconfigure(config: Config): void;
  status(): SinkStatus;
  close(): void;
}

export interface StartAlertsOptions {
  env?: NodeJS.ProcessEnv;
  /** Host name in webhook bodies; os.hostname() by default. */
  host?: string;
}

export function startAlerts(store: Store, config: Config, opts: StartAlertsOptions = {}): AlertRuntime {
  const { logger, error } = createLogger(config.log);
  const engine = new AlertEngine(config.alerts.rules, { historyLimit: Math.min(config.general.historyLength, 1000) });
  const dispatcher = new AlertDispatcher(config, logger, opts);
  engine.onEvent(dispatcher.handle);
  store.addProcessor(engine.process);
  return {
    engine,
    logger,
    ...(error !== undefined ? { logError: error } : {}),
    reconfigure(next) {
      logger.level = next.log.level;
      engine.setRules(next.alerts.rules);
      dispatcher.reconfigure(next);
      logger.info({ rules: next.alerts.rules.length, webhooks: next.webhooks.length }, 'config reloaded');
    },
    status: () => dispatcher.status(),
    close() {
      dispatcher.close();
      logger.flush();
    },
  };
}
