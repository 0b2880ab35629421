/**
 * Webhook request bodies. Process names and every other text travel as JSON string values
 * (JSON.stringify), never inside a command. The generic body is documented in docs/alerts.md;
 * the Slack one follows Slack's incoming-webhook payload ({ text, blocks }), with &, < and >
 * escaped as Slack's mrkdwn requires (https://api.slack.com/reference/surfaces/formatting#escaping).
 */
import type { AlertEvent } from './engine.js';
import type { WebhookFormat } from '../rules/webhook.js';
import { describeAlert } from './format.js';

/** Version of the generic body; bump on an incompatible change. */
export const WEBHOOK_BODY_VERSION = 1;

export interface GenericBody {
  version: typeof WEBHOOK_BODY_VERSION;
  event: 'firing' | 'resolved';
  host: string;
  alert: {
    id: string;
    rule: string;
    metric?: string;
    subject: string;
    severity: 'warning' | 'critical';
    state: 'pending' | 'firing' | 'resolved';
    value: number;
    peak: number;
    threshold: number;
    op: string;
    clear?: number;
    since: string;
    endedAt?: string;
  };
  text: string;
}

export function genericBody(e: AlertEvent, host: string): GenericBody {
  const a = e.alert;
  return {
    version: WEBHOOK_BODY_VERSION,
    event: e.kind,
    host,
    alert: {
      id: a.id,
      rule: a.rule,
      ...(a.metric !== undefined ? { metric: a.metric } : {}),
      subject: a.subject,
      severity: a.severity,
      state: a.state,
      value: a.value,
      peak: a.peak,
      threshold: a.threshold,
      op: e.rule.op,
      ...(e.rule.clear !== undefined ? { clear: e.rule.clear } : {}),
      since: new Date(a.since).toISOString(),
      ...(a.endedAt !== undefined ? { endedAt: new Date(a.endedAt).toISOString() } : {}),
    },
    text: describeAlert(a),
  };
}

function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackBody(e: AlertEvent, host: string): { text: string; blocks: unknown[] } {
  const icon = e.kind === 'resolved' ? ':white_check_mark:' : e.alert.severity === 'critical' ? ':red_circle:' : ':warning:';
  const text = slackEscape(`[${host}] ${describeAlert(e.alert)}`);
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${icon} *${e.alert.severity}* ${text}` } }],
  };
}

/** The JSON text to POST for an event. */
export function webhookBody(format: WebhookFormat, e: AlertEvent, host: string): string {
  return JSON.stringify(format === 'slack' ? slackBody(e, host) : genericBody(e, host));
}
