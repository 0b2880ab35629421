/**
 * What a face runs with: the command-line flags over the config file over the built-in defaults.
 * A config that fails to load is a usage error (exit 2) naming file, line and key.
 */
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { CliOptions } from './args.js';

export interface Settings {
  intervalMs: number;
  noColor: boolean;
  ascii: boolean;
  json: boolean;
  historyLength: number;
  /** Process rows `top` holds for stepping while paused (config general.pause_rows). */
  pauseRows: number;
  loaded: LoadedConfig;
}

/** Throws ConfigError when the config file is invalid. */
export function resolveSettings(opts: CliOptions, env: NodeJS.ProcessEnv): Settings {
  const loaded = loadConfig({ path: opts.configPath, env });
  const general = loaded.config.general;
  return {
    intervalMs: opts.intervalMs ?? general.intervalMs,
    noColor: opts.noColor || !general.color,
    ascii: opts.ascii,
    json: opts.json,
    historyLength: general.historyLength,
    pauseRows: general.pauseRows,
    loaded,
  };
}
