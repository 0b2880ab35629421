/**
 * A webhook sink's settings: what the config file's [[webhooks]] validate into and what the
 * alert sinks send with. Shared vocabulary, like the rules, so config and alerts need not import
 * each other. docs/config.md describes every key.
 */

export type WebhookFormat = 'generic' | 'slack';

export interface WebhookSettings {
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
