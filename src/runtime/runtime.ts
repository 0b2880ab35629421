/**
 * A long-running face, put together in one place: the log, the Monitor (sampling loop and store),
 * the alert runtime on the store, and the config file's hot reload. A valid new version of the
 * file changes the rules, the sinks and the log level at once; a refused one leaves the old
 * config in force and is recorded in the reload state that every snapshot carries, so the screen
 * shows it. `general.*` and `log.file` take effect at the next start.
 */
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { watchConfig, type ConfigWatcher } from '../config/watch.js';
import type { Store } from '../store/store.js';
import type { MemoryBound } from '../timeline/memory.js';
import type { ConfigStatus } from '../types/snapshot.js';
import { alertSettingsOf, startAlerts, type AlertRuntime } from './alerts.js';
import { ConfigReloadState } from './config-reload.js';
import { createLogger } from './logger.js';
import { Monitor } from './monitor.js';

/** Resolved alerts kept for the history view, at most. */
const MAX_ALERT_HISTORY = 1000;

export interface RuntimeOptions {
  intervalMs: number;
  historyLength: number;
  /** Samples the store holds for stepping while paused (`top`); none without it. */
  held?: MemoryBound;
  /** The config as loaded at start-up; its file (unless built-in) is watched. */
  loaded: LoadedConfig;
  env?: NodeJS.ProcessEnv;
  /** Host name in webhook bodies; os.hostname() by default. */
  host?: string;
  /** Quiet time after the last change to the file before reloading it. */
  reloadDebounceMs?: number;
}

export interface Runtime {
  monitor: Monitor;
  store: Store;
  alerts: AlertRuntime;
  logger: Logger;
  /** Set when the log file could not be opened (logging is then off). */
  logError?: string;
  /** The config file's reload state, as `snapshot.config` carries it. */
  configStatus(): ConfigStatus;
  /** Apply a config as a valid reload does: rules, sinks, log level. */
  reconfigure(config: Config): void;
  /** Stop the loop, the watch and the sinks; flush the log. Idempotent. */
  close(): void;
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const config = opts.loaded.config;
  const { logger, error } = createLogger(config.log);
  const reload = new ConfigReloadState(opts.loaded);
  const monitor = await Monitor.create({ intervalMs: opts.intervalMs, historyLength: opts.historyLength, held: opts.held, configStatus: reload.status });
  const alerts = startAlerts(monitor.store, alertSettingsOf(config), {
    log: logger,
    historyLimit: Math.min(config.general.historyLength, MAX_ALERT_HISTORY),
    env: opts.env,
    host: opts.host,
  });
  const reconfigure = (next: Config): void => {
    logger.level = next.log.level;
    alerts.reconfigure(alertSettingsOf(next));
    logger.info({ rules: next.alerts.rules.length, webhooks: next.webhooks.length }, 'config reloaded');
  };
  let watcher: ConfigWatcher | undefined;
  if (opts.loaded.source !== 'built-in') {
    watcher = watchConfig(
      opts.loaded.path,
      (next) => {
        reconfigure(next);
        reload.accepted();
      },
      (err) => {
        logger.warn({ error: err.message }, 'config not reloaded; the previous config stays in force');
        reload.refused(err.message, Date.now());
      },
      { env: opts.env, debounceMs: opts.reloadDebounceMs },
    );
  }
  let closed = false;
  return {
    monitor,
    store: monitor.store,
    alerts,
    logger,
    ...(error !== undefined ? { logError: error } : {}),
    configStatus: reload.status,
    reconfigure,
    close() {
      if (closed) return;
      closed = true;
      monitor.stop();
      watcher?.close();
      alerts.close();
      logger.flush();
    },
  };
}
