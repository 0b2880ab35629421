/**
 * The validated configuration (docs/config.md). Every field has a built-in default, so a
 * missing file or a missing key is never an error.
 */
import type { ProcessSelector } from '../rules/metrics.js';
import type { AlertRule } from '../rules/rule.js';
import type { AdvisorSettings } from '../rules/advisor.js';
import type { WebhookSettings } from '../rules/webhook.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  general: {
    intervalMs: number;
    color: boolean;
    /** Samples kept per chart series and alerts kept in the history. */
    historyLength: number;
    /**
     * Process rows `top` holds over the samples it keeps for stepping while paused (at most
     * historyLength samples); 0 holds none, and pausing only freezes the screen.
     */
    pauseRows: number;
  };
  alerts: {
    /** Whether the built-in rules (src/config/defaults.ts) are in force. */
    defaultRules: boolean;
    /** The rules in force: the built-in ones (unless turned off) then the file's, by name. */
    rules: AlertRule[];
  };
  webhooks: WebhookSettings[];
  notifications: { desktop: boolean };
  log: { file: string; level: LogLevel };
  /** Automatic actions on the verdict's advice: off unless the file allows some (docs/config.md). */
  advisor: AdvisorSettings;
  exporter: ExporterConfig;
  /** The recording (docs/history-schema.md): `agent` always records; `top` when `record` is set. */
  history: {
    /** The database; undefined for the default path (src/history/paths.ts). */
    db?: string;
    record: boolean;
    /** Limits; undefined where "off". */
    retainMs?: number;
    maxBytes?: number;
    downsampleAfterMs?: number;
    downsampleStepMs: number;
  };
}

/** The Prometheus endpoint (docs/metrics.md); `--listen` and `--web-config` override the first two. */
export interface ExporterConfig {
  /** Serve /metrics here; absent: no endpoint. */
  listen?: string;
  /** node_exporter's web config file (TLS, basic auth). */
  webConfig?: string;
  /** Processes by CPU, and by memory, with series of their own. */
  topProcesses: number;
  /** The most per-process and per-group series in one scrape. */
  maxSeries: number;
  /** Process groups, first match wins; unmatched processes group by command name. */
  groups: { name: string; selector: ProcessSelector }[];
}

/** Where a loaded config came from. */
export type ConfigSource = 'flag' | 'env' | 'default-path' | 'built-in';
