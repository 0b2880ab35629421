/**
 * The validated configuration (docs/config.md). Every field has a built-in default, so a
 * missing file or a missing key is never an error.
 */
import type { AlertRule } from '../alerts/rule.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type WebhookFormat = 'generic' | 'slack';

export interface WebhookConfig {
  name: string;
  /** http: or https: only. */
  url: string;
  format: WebhookFormat;
  /** One POST is abandoned after this long. */
  timeoutMs: number;
  /** Further attempts for one alert after the first fails, with exponential backoff. */
  retries: number;
  /** Alerts waiting for delivery; when full the oldest is dropped (and counted). */
  queueSize: number;
  /** Wait before the first retry; doubles each retry, capped at 60 s. */
  backoffMs: number;
}

export interface Config {
  general: {
    intervalMs: number;
    color: boolean;
    /** Samples kept per chart series and alerts kept in the history. */
    historyLength: number;
  };
  alerts: {
    /** Whether the built-in rules (src/config/defaults.ts) are in force. */
    defaultRules: boolean;
    /** The rules in force: the built-in ones (unless turned off) then the file's, by name. */
    rules: AlertRule[];
  };
  webhooks: WebhookConfig[];
  notifications: { desktop: boolean };
  log: { file: string; level: LogLevel };
}

/** Where a loaded config came from. */
export type ConfigSource = 'flag' | 'env' | 'default-path' | 'built-in';
