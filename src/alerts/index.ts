/**
 * Alerts, put together: the engine as a store processor, the sinks listening to it, the log, and
 * hot reload of the config file (rules, sinks, log level; a refused reload is kept for the screen).
 * The CLI's `top` calls startAlerts once; `doctor` awaits checkDesktopService().
 */
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { watchConfig } from '../config/watch.js';
import type { Store } from '../store/store.js';
import { AlertDispatcher, type SinkStatus } from './dispatch.js';
import { AlertEngine } from './engine.js';
import { createLogger } from './logger.js';

export { AlertEngine, type AlertEvent } from './engine.js';
export { checkDesktopService, type DesktopStatus } from './sinks/desktop.js';

export interface AlertRuntime {
  engine: AlertEngine;
  logger: Logger;
  /** Set when the log file could not be opened (logging is then off). */
  logError?: string;
  /** Apply a hot-reloaded config: rules, sinks, log level (the log file stays as at start-up). */
  reconfigure(config: Config): void;
  /** Why the last reload of the config file was refused (the old config is in force), if it was. */
  configError(): string | undefined;
  /** Called when configError() changes; returns the unsubscribe function (useSyncExternalStore). */
  subscribeConfigError(listener: () => void): () => void;
  status(): SinkStatus;
  close(): void;
}

export interface StartAlertsOptions {
  env?: NodeJS.ProcessEnv;
  /** Host name in webhook bodies; os.hostname() by default. */
  host?: string;
  /** The config file to watch for hot reload (omit when running on the built-in defaults). */
  configPath?: string;
}

export function startAlerts(store: Store, config: Config, opts: StartAlertsOptions = {}): AlertRuntime {
  const { logger, error } = createLogger(config.log);
  const engine = new AlertEngine(config.alerts.rules, { historyLimit: Math.min(config.general.historyLength, 1000) });
  const dispatcher = new AlertDispatcher(config, logger, opts);
  engine.onEvent(dispatcher.handle);
  store.addProcessor(engine.process);
  let reloadError: string | undefined;
  const errorListeners = new Set<() => void>();
  const setReloadError = (message: string | undefined) => {
    if (message === reloadError) return;
    reloadError = message;
    for (const l of errorListeners) l();
  };
  const reconfigure = (next: Config) => {
    logger.level = next.log.level;
    engine.setRules(next.alerts.rules);
    dispatcher.reconfigure(next);
    logger.info({ rules: next.alerts.rules.length, webhooks: next.webhooks.length }, 'config reloaded');
  };
  const watcher =
    opts.configPath === undefined
      ? undefined
      : watchConfig(
          opts.configPath,
          (next) => {
            reconfigure(next);
            setReloadError(undefined);
          },
          (err) => {
            logger.warn({ error: err.message }, 'config not reloaded; the previous config stays in force');
            setReloadError(err.message);
          },
          { env: opts.env },
        );
  return {
    engine,
    logger,
    ...(error !== undefined ? { logError: error } : {}),
    reconfigure,
    configError: () => reloadError,
    subscribeConfigError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    status: () => dispatcher.status(),
    close() {
      watcher?.close();
      dispatcher.close();
      logger.flush();
    },
  };
}
