/**
 * A long-running face, put together in one place: the log, the Monitor (sampling loop and store),
 * the alert runtime and the advisor on the store, the metrics endpoint when `listen` asks for one
 * (src/exporter/), and the config file's hot reload. A valid new version of the file changes the
 * rules, the sinks and the log level at once; a refused one leaves the old config in force and is
 * recorded in the reload state that every snapshot carries, so the screen shows it. `general.*`,
 * `log.file` and `exporter.*` take effect at the next start.
 */
import type { Logger } from 'pino';
import { ConfigError, loadConfigFile, type LoadedConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { watchConfig, type ConfigWatcher } from '../config/watch.js';
import type { Exporter, ListenOptions } from '../exporter/exporter.js';
import type { Recorder, RecorderOptions } from '../history/recorder.js';
import type { Store } from '../store/store.js';
import type { MemoryBound } from '../timeline/memory.js';
import type { ConfigStatus } from '../types/snapshot.js';
import { processActions } from './actions.js';
import { startAdvisor } from './advisor.js';
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
  /** Serve Prometheus metrics (src/exporter/); absent: no endpoint. */
  listen?: ListenOptions;
  /** Record every published snapshot (agent, top --record); the database is opened before sampling starts. */
  record?: RecorderOptions;
  /** Load the BPF programs only when Monitor.openDeferred is called (`top`, after its first frame). */
  deferKernel?: boolean;
}

export interface Runtime {
  monitor: Monitor;
  store: Store;
  alerts: AlertRuntime;
  logger: Logger;
  /** Set when the log file could not be opened (logging is then off). */
  logError?: string;
  /** The metrics endpoint, when `listen` asked for one. */
  exporter?: Exporter;
  /** The history writer, when recording. */
  recorder?: Recorder;
  /** The config file's reload state, as `snapshot.config` carries it. */
  configStatus(): ConfigStatus;
  /** Apply a config as a valid reload does: rules, sinks, log level. */
  reconfigure(config: Config): void;
  /** Read the config file now, as a change to it does (the agent's SIGHUP). */
  reload(): void;
  /** Stop the loop, the watch and the sinks; write the sample in flight and close the database; flush the log. Idempotent. */
  close(): Promise<void>;
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const config = opts.loaded.config;
  const { logger, error } = createLogger(config.log);
  const reload = new ConfigReloadState(opts.loaded);
  const monitor = await Monitor.create({
    intervalMs: opts.intervalMs,
    historyLength: opts.historyLength,
    held: opts.held,
    configStatus: reload.status,
    deferKernel: opts.deferKernel,
  });
  const alerts = startAlerts(monitor.store, alertSettingsOf(config), {
    log: logger,
    historyLimit: Math.min(config.general.historyLength, MAX_ALERT_HISTORY),
    env: opts.env,
    host: opts.host,
  });
  // After the alerts' processor, so its records ride on the snapshot the alerts saw.
  const advisor = startAdvisor(monitor.store, config.advisor, {
    log: logger,
    actions: processActions({ procRoot: monitor.ctx.procRoot, sysRoot: monitor.ctx.sysRoot }),
  });
  const reconfigure = (next: Config): void => {
    logger.level = next.log.level;
    alerts.reconfigure(alertSettingsOf(next));
    advisor.reconfigure(next.advisor);
    logger.info({ rules: next.alerts.rules.length, webhooks: next.webhooks.length }, 'config reloaded');
  };
  let recorder: Recorder | undefined;
  if (opts.record !== undefined) {
    try {
      // After the alert engine: the recorder stores the alerts it filled in.
      // Loaded only where recording is asked for, as the exporter below.
      const { Recorder: Recording } = await import('../history/recorder.js');
      recorder = await Recording.start(monitor.store, opts.record, (e) =>
        logger[e.kind === 'dropped' || e.kind === 'retentionFailed' ? 'warn' : 'info'](e, `history ${e.kind}`),
      );
    } catch (err) {
      monitor.stop();
      alerts.close();
      throw err;
    }
  }
  let exporter: Exporter | undefined;
  if (opts.listen !== undefined) {
    try {
      // Loaded only where an endpoint is asked for: a screen without one never initialises the
      // exporter's modules (bench/README.md, "Commands loaded on demand").
      const { startExporter } = await import('../exporter/exporter.js');
      exporter = await startExporter(monitor.store, opts.listen, config.exporter, opts.intervalMs, logger);
    } catch (err) {
      monitor.stop();
      alerts.close();
      await recorder?.close();
      throw err;
    }
  }
  const accepted = (next: Config): void => {
    reconfigure(next);
    reload.accepted();
  };
  const refused = (err: ConfigError): void => {
    logger.warn({ error: err.message }, 'config not reloaded; the previous config stays in force');
    reload.refused(err.message, Date.now());
  };
  let watcher: ConfigWatcher | undefined;
  if (opts.loaded.source !== 'built-in') {
    watcher = watchConfig(opts.loaded.path, accepted, refused, { env: opts.env, debounceMs: opts.reloadDebounceMs });
  }
  const reloadNow = (): void => {
    if (opts.loaded.source === 'built-in') return;
    let next: Config;
    try {
      next = loadConfigFile(opts.loaded.path, opts.env ?? process.env);
    } catch (err) {
      refused(err instanceof ConfigError ? err : new ConfigError(`${opts.loaded.path}: ${(err as Error).message}`, opts.loaded.path));
      return;
    }
    accepted(next);
  };
  let closed = false;
  return {
    monitor,
    store: monitor.store,
    alerts,
    logger,
    ...(error !== undefined ? { logError: error } : {}),
    ...(exporter !== undefined ? { exporter } : {}),
    ...(recorder !== undefined ? { recorder } : {}),
    configStatus: reload.status,
    reconfigure,
    reload: reloadNow,
    async close() {
      if (closed) return;
      closed = true;
      // The sample in flight is finished and recorded before the loop stops.
      await monitor.idle();
      monitor.stop();
      watcher?.close();
      alerts.close();
      void exporter?.server.close();
      await recorder?.close();
      logger.flush();
    },
  };
}
