/**
 * The validated configuration (docs/config.md). Every field has a built-in default, so a
 * missing file or a missing key is never an error.
 */
import type { AlertRule } from '../rules/rule.js';
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
}

/** Where a loaded config came from. */
export type ConfigSource = 'flag' | 'env' | 'default-path' | 'built-in';
