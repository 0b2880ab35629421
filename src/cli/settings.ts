/**
 * What a face runs with: the command-line flags over the config file over the built-in defaults.
 * A config that fails to load is a usage error (exit 2) naming file, line and key.
 */
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { ListenOptions } from '../exporter/exporter.js';
import { defaultDbPath } from '../history/paths.js';
import type { RecorderOptions } from '../history/recorder.js';
import type { CliOptions, HistoryFlags } from './args.js';

export interface Settings {
  intervalMs: number;
  noColor: boolean;
  ascii: boolean;
  json: boolean;
  historyLength: number;
  /** Process rows `top` holds for stepping while paused (config general.pause_rows). */
  pauseRows: number;
  loaded: LoadedConfig;
  /** The metrics endpoint: --listen and --web-config over [exporter] listen and web_config. */
  listen?: ListenOptions;
  /** The recording: where, and its limits (--db, --retain, --max-size over [history]). */
  recording: RecorderOptions;
  /** `top` records (--record or history.record). */
  recordTop: boolean;
  /** `report`'s flags. */
  report: HistoryFlags;
}

/** Throws ConfigError when the config file is invalid. */
export function resolveSettings(opts: CliOptions, env: NodeJS.ProcessEnv): Settings {
  const loaded = loadConfig({ path: opts.configPath, env });
  const general = loaded.config.general;
  const exporter = loaded.config.exporter;
  const address = opts.listen ?? exporter.listen;
  const webConfigPath = opts.webConfig ?? exporter.webConfig;
  return {
    intervalMs: opts.intervalMs ?? general.intervalMs,
    noColor: opts.noColor || !general.color,
    ascii: opts.ascii,
    json: opts.json,
    historyLength: general.historyLength,
    pauseRows: general.pauseRows,
    loaded,
    ...(address !== undefined ? { listen: { address, ...(webConfigPath !== undefined ? { webConfigPath } : {}) } } : {}),
    ...recordingSettings(opts, loaded, env),
  };
}

function recordingSettings(opts: CliOptions, loaded: LoadedConfig, env: NodeJS.ProcessEnv): Pick<Settings, 'recording' | 'recordTop' | 'report'> {
  const h = loaded.config.history;
  const flags = opts.history;
  const path = flags.db ?? h.db ?? defaultDbPath(env);
  const pick = (flag: number | 'off' | undefined, fallback: number | undefined): number | undefined => (flag === 'off' ? undefined : (flag ?? fallback));
  return {
    recording: {
      path,
      // Only the default folder is made; one named with --db or in the file must exist.
      createDir: flags.db === undefined && h.db === undefined,
      policy: {
        retainMs: pick(flags.retainMs, h.retainMs),
        maxBytes: pick(flags.maxBytes, h.maxBytes),
        downsampleAfterMs: h.downsampleAfterMs,
        downsampleStepMs: h.downsampleStepMs,
      },
    },
    recordTop: flags.record || h.record,
    report: flags,
  };
}
