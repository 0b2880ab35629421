/**
 * One webhook: a bounded queue of request bodies and a single sender. A POST that fails (network
 * error, timeout, 5xx, 408, 429) is retried with exponential backoff; other 4xx answers are final.
 * While the receiver is down the queue holds at most `queue_size` bodies: the one being sent and
 * the newest others; the oldest waiting one is dropped (and counted), so an outage costs no memory
 * growth. What is queued is sent, in order, once the receiver is back.
 * Only http: and https: URLs reach here (the config schema checks), sent with Node's fetch.
 */
import type { Logger } from 'pino';
import type { WebhookSettings } from '../../rules/webhook.js';
import type { AlertEvent } from '../engine.js';
import { webhookBody } from '../body.js';

/** Longest wait between two attempts. */
const MAX_BACKOFF_MS = 60_000;

export interface WebhookStatus {
  name: string;
  /** Scheme, host and port; the path is left out. */
  url: string;
  queued: number;
  delivered: number;
  /** Dropped because the queue was full. */
  dropped: number;
  /** Given up after `retries`, or refused by the receiver (4xx). */
  failed: number;
  /** True while the last attempt failed. */
  down: boolean;
  lastError?: string;
}

interface Item {
  body: string;
  alertId: string;
  attempts: number;
}

/** Answers worth retrying: the receiver may accept the same body later. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export class WebhookSink {
  private readonly queue: Item[] = [];
  private sending = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private readonly counts = { delivered: 0, dropped: 0, failed: 0 };
  private down = false;
  private lastError: string | undefined;

  constructor(
    readonly config: WebhookSettings,
    private readonly log: Logger,
    private readonly host: string,
  ) {}

  /** Queue an event for delivery; never blocks and never throws. */
  send(event: AlertEvent): void {
    if (this.closed) return;
    if (this.queue.length >= this.config.queueSize) {
      // Drop the oldest alert still waiting; the one being sent (the head) finishes its attempts.
      const lost = this.queue.splice(this.sending && this.queue.length > 1 ? 1 : 0, 1)[0];
      this.counts.dropped++;
      this.log.warn({ webhook: this.config.name, alertId: lost?.alertId, dropped: this.counts.dropped }, 'webhook queue full: dropped the oldest alert');
    }
    this.queue.push({ body: webhookBody(this.config.format, event, this.host), alertId: event.alert.id, attempts: 0 });
    void this.pump();
  }

  status(): WebhookStatus {
    return {
      name: this.config.name,
      // The path often is the secret (Slack's hooks.slack.com/services/...): show the origin only.
      url: `${new URL(this.config.url).origin}/…`,
      queued: this.queue.length,
      ...this.counts,
      down: this.down,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** Stop sending; whatever is still queued is dropped. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const item = this.queue[0];
        const outcome = await this.post(item);
        if (this.closed) return;
        if (outcome === 'retry') {
          item.attempts++;
          if (item.attempts <= this.config.retries) {
            await this.sleep(Math.min(this.config.backoffMs * 2 ** (item.attempts - 1), MAX_BACKOFF_MS));
            continue;
          }
          this.counts.failed++;
          this.log.error({ webhook: this.config.name, alertId: item.alertId, attempts: item.attempts, error: this.lastError }, 'webhook: gave up on an alert');
        } else if (outcome === 'refused') {
          this.counts.failed++;
        } else {
          this.counts.delivered++;
        }
        // The item may have been dropped from a full queue while it was in flight.
        const at = this.queue.indexOf(item);
        if (at >= 0) this.queue.splice(at, 1);
      }
    } finally {
      this.sending = false;
    }
  }

  private async post(item: Item): Promise<'ok' | 'retry' | 'refused'> {
    try {
      const res = await fetch(this.config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'smoothtask-top' },
        body: item.body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      await res.body?.cancel();
      if (res.ok) {
        if (this.down) this.log.info({ webhook: this.config.name }, 'webhook receiver is back');
        this.down = false;
        this.lastError = undefined;
        return 'ok';
      }
      this.lastError = `HTTP ${res.status}`;
      if (!retryable(res.status)) {
        this.log.error({ webhook: this.config.name, alertId: item.alertId, status: res.status }, 'webhook refused an alert');
        return 'refused';
      }
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      this.lastError = e.name === 'TimeoutError' ? `timed out after ${this.config.timeoutMs} ms` : (e.cause?.code ?? e.message);
    }
    if (!this.down) this.log.warn({ webhook: this.config.name, error: this.lastError }, 'webhook receiver is down; queueing');
    this.down = true;
    return 'retry';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
      // A pending retry must not keep a finished command (snapshot, doctor) alive.
      this.timer.unref();
    });
  }
}
