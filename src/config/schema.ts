/**
 * The hand-written schema: turns the parsed TOML tree into a Config, or throws a SchemaIssue
 * naming the key (as a path) and what was expected. Unknown keys are errors, so a typo never
 * silently does nothing. docs/config.md lists every key.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseListenAddress } from '../exporter/listen.js';
import { isMetricName, METRICS, type ProcessSelector } from '../rules/metrics.js';
import { ADVISOR_ACTIONS, type AdvisorActionName, type AdvisorRule } from '../rules/advisor.js';
import { clearIsSafe, COMPARE_OPS, DESKTOP_SINK, SCREEN_SINK, type AlertRule, type CompareOp } from '../rules/rule.js';
import type { WebhookFormat, WebhookSettings } from '../rules/webhook.js';
import type { AlertSeverity } from '../types/snapshot.js';
import { defaultConfig } from './defaults.js';
import { parseDuration } from './duration.js';
import { parseSize } from './size.js';
import { LOG_LEVELS, type Config, type LogLevel } from './types.js';

/** A key path into the TOML tree: ['alerts', 'rules', 0, 'threshold']. */
export type KeyPath = (string | number)[];

/** One schema violation. ConfigError (load.ts) adds the file and line. */
export class SchemaIssue extends Error {
  constructor(
    readonly path: KeyPath,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`${formatKeyPath(path)}: expected ${expected}, got ${got}`);
  }
}

/** ['alerts', 'rules', 0, 'op'] → "alerts.rules[0].op". */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

type Table = Record<string, unknown>;

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the key is missing)';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object' && v !== null) return 'a table';
  return `${typeof v} ${String(v)}`;
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function table(v: unknown, path: KeyPath, keys: readonly string[]): Table {
  if (v === undefined) return {};
  if (!isTable(v)) throw new SchemaIssue(path, 'a table', describe(v));
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) throw new SchemaIssue([...path, k], `one of the keys ${keys.join(', ')}`, 'an unknown key');
  }
  return v;
}

function bool(v: unknown, path: KeyPath, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new SchemaIssue(path, 'true or false', describe(v));
  return v;
}

function num(v: unknown, path: KeyPath, fallback: number | undefined, opts: { int?: boolean; min?: number; max?: number } = {}): number {
  if (v === undefined) {
    if (fallback === undefined) throw new SchemaIssue(path, 'a number (required)', describe(v));
    return fallback;
  }
  // smol-toml gives integers as numbers (bigint only beyond 2^53, which no key here allows).
  const what = `${opts.int ? 'an integer' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}${opts.max !== undefined ? ` ≤ ${opts.max}` : ''}`;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SchemaIssue(path, what, describe(v));
  if (opts.int && !Number.isInteger(v)) throw new SchemaIssue(path, what, describe(v));
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    throw new SchemaIssue(path, what, describe(v));
  }
  return v;
}

function str(v: unknown, path: KeyPath, fallback?: string): string {
  if (v === undefined) {
    if (fallback === undefined) throw new SchemaIssue(path, 'a string (required)', describe(v));
    return fallback;
  }
  if (typeof v !== 'string' || v === '') throw new SchemaIssue(path, 'a non-empty string', describe(v));
  return v;
}

function oneOf<T extends string>(v: unknown, path: KeyPath, allowed: readonly T[], fallback?: T): T {
  const s = str(v, path, fallback);
  if (!allowed.includes(s as T)) throw new SchemaIssue(path, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, describe(v));
  return s as T;
}

function duration(v: unknown, path: KeyPath, fallback: number): number {
  if (v === undefined) return fallback;
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined) throw new SchemaIssue(path, 'a duration string such as "500ms", "30s", "5m" or "1h"', describe(v));
  return ms;
}

/** A duration or "off" (undefined). */
function durationOrOff(v: unknown, path: KeyPath, fallback: number | undefined): number | undefined {
  if (v === 'off') return undefined;
  if (v === undefined) return fallback;
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined || ms <= 0) throw new SchemaIssue(path, 'a duration string such as "14d", "12h" or "1w", or "off"', describe(v));
  return ms;
}

/** A size or "off" (undefined). */
function sizeOrOff(v: unknown, path: KeyPath, fallback: number | undefined): number | undefined {
  if (v === 'off') return undefined;
  if (v === undefined) return fallback;
  const bytes = typeof v === 'string' ? parseSize(v) : undefined;
  if (bytes === undefined) throw new SchemaIssue(path, 'a size string such as "2GiB" or "500MiB", or "off"', describe(v));
  return bytes;
}

function arrayOf(v: unknown, path: KeyPath): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SchemaIssue(path, 'an array', describe(v));
  return v;
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  return p === '~' || p.startsWith('~/') ? join(env.HOME || homedir(), p.slice(1)) : p;
}

function selector(v: unknown, path: KeyPath): ProcessSelector | undefined {
  if (v === undefined) return undefined;
  const t = table(v, path, ['name', 'name_regex', 'user', 'cgroup']);
  const out: ProcessSelector = {};
  if (t.name !== undefined) out.name = str(t.name, [...path, 'name']);
  if (t.name_regex !== undefined) {
    const src = str(t.name_regex, [...path, 'name_regex']);
    try {
      out.nameRegex = new RegExp(src);
    } catch (err) {
      throw new SchemaIssue([...path, 'name_regex'], 'a valid regular expression', `${describe(src)} (${(err as Error).message})`);
    }
  }
  if (t.user !== undefined) out.user = str(t.user, [...path, 'user']);
  if (t.cgroup !== undefined) out.cgroup = str(t.cgroup, [...path, 'cgroup']);
  return out;
}

const RULE_KEYS = ['name', 'metric', 'selector', 'op', 'threshold', 'for', 'clear', 'severity', 'cooldown', 'sinks'];

function rule(v: unknown, path: KeyPath, sinkNames: ReadonlySet<string>): AlertRule {
  if (!isTable(v)) throw new SchemaIssue(path, 'a table', describe(v));
  const t = table(v, path, RULE_KEYS);
  const name = str(t.name, [...path, 'name']);
  const metric = str(t.metric, [...path, 'metric']);
  if (!isMetricName(metric)) throw new SchemaIssue([...path, 'metric'], 'a metric listed in docs/alerts.md', describe(metric));
  const sel = selector(t.selector, [...path, 'selector']);
  if (sel !== undefined && METRICS[metric].scope !== 'process') {
    throw new SchemaIssue([...path, 'selector'], 'no selector (only proc.* metrics take one)', 'a selector');
  }
  const op: CompareOp = oneOf(t.op, [...path, 'op'], COMPARE_OPS);
  const threshold = num(t.threshold, [...path, 'threshold'], undefined);
  const clear = t.clear === undefined ? undefined : num(t.clear, [...path, 'clear'], undefined);
  if (clear !== undefined && !clearIsSafe(op, threshold, clear)) {
    const side = op === '>' || op === '>=' ? `≤ threshold (${threshold})` : `≥ threshold (${threshold})`;
    throw new SchemaIssue([...path, 'clear'], `a number ${side}`, describe(clear));
  }
  const sinks = arrayOf(t.sinks ?? [SCREEN_SINK, DESKTOP_SINK], [...path, 'sinks']).map((s, i) => {
    const sink = str(s, [...path, 'sinks', i]);
    if (!sinkNames.has(sink))
      throw new SchemaIssue([...path, 'sinks', i], `"screen", "desktop" or a webhook name (${[...sinkNames].join(', ')})`, describe(sink));
    return sink;
  });
  return {
    name,
    metric,
    ...(sel ? { selector: sel } : {}),
    op,
    threshold,
    forMs: duration(t.for, [...path, 'for'], 0),
    ...(clear !== undefined ? { clear } : {}),
    severity: oneOf<AlertSeverity>(t.severity, [...path, 'severity'], ['warning', 'critical'], 'warning'),
    cooldownMs: duration(t.cooldown, [...path, 'cooldown'], 60_000),
    sinks,
  };
}

function webhook(v: unknown, path: KeyPath): WebhookSettings {
  if (!isTable(v)) throw new SchemaIssue(path, 'a table', describe(v));
  const t = table(v, path, ['name', 'url', 'format', 'timeout', 'retries', 'queue_size', 'backoff']);
  const name = str(t.name, [...path, 'name']);
  if (name === SCREEN_SINK || name === DESKTOP_SINK) {
    throw new SchemaIssue([...path, 'name'], 'a name other than "screen" and "desktop"', describe(name));
  }
  const url = str(t.url, [...path, 'url']);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new SchemaIssue([...path, 'url'], 'an http:// or https:// URL', describe(url));
  }
  return {
    name,
    url,
    format: oneOf<WebhookFormat>(t.format, [...path, 'format'], ['generic', 'slack'], 'generic'),
    timeoutMs: duration(t.timeout, [...path, 'timeout'], 5000),
    retries: num(t.retries, [...path, 'retries'], 10, { int: true, min: 0, max: 100 }),
    queueSize: num(t.queue_size, [...path, 'queue_size'], 100, { int: true, min: 1, max: 100_000 }),
    backoffMs: duration(t.backoff, [...path, 'backoff'], 1000),
  };
}

function advisorRule(v: unknown, path: KeyPath): AdvisorRule {
  if (!isTable(v)) throw new SchemaIssue(path, 'a table', describe(v));
  const t = table(v, path, ['action', 'selector', 'max_per_hour']);
  const sel = selector(t.selector, [...path, 'selector']);
  // An allow-list entry without a selector would allow the action on every process.
  if (sel === undefined || Object.keys(sel).length === 0) {
    throw new SchemaIssue([...path, 'selector'], 'a selector naming the processes it allows (name, name_regex, user or cgroup)', describe(t.selector));
  }
  return {
    action: oneOf<AdvisorActionName>(t.action, [...path, 'action'], ADVISOR_ACTIONS),
    selector: sel,
    maxPerHour: num(t.max_per_hour, [...path, 'max_per_hour'], 6, { int: true, min: 1, max: 3600 }),
  };
}

function listenAddress(v: unknown, path: KeyPath): string {
  const text = str(v, path);
  try {
    parseListenAddress(text);
  } catch (err) {
    throw new SchemaIssue(path, 'HOST:PORT, [IPV6]:PORT or PORT', `${describe(text)} (${(err as Error).message})`);
  }
  return text;
}

function exporter(v: unknown, defaults: Config['exporter'], env: NodeJS.ProcessEnv): Config['exporter'] {
  const path = ['exporter'];
  const t = table(v, path, ['listen', 'web_config', 'top_processes', 'max_series', 'groups']);
  const groups = arrayOf(t.groups, [...path, 'groups']).map((g, i) => {
    const at = [...path, 'groups', i];
    const gt = table(g, at, ['name', 'selector']);
    const sel = selector(gt.selector, [...at, 'selector']);
    if (sel === undefined) throw new SchemaIssue([...at, 'selector'], 'a selector table', describe(gt.selector));
    return { name: str(gt.name, [...at, 'name']), selector: sel };
  });
  return {
    ...(t.listen !== undefined ? { listen: listenAddress(t.listen, [...path, 'listen']) } : {}),
    ...(t.web_config !== undefined ? { webConfig: expandHome(str(t.web_config, [...path, 'web_config']), env) } : {}),
    topProcesses: num(t.top_processes, [...path, 'top_processes'], defaults.topProcesses, { int: true, min: 0, max: 1000 }),
    maxSeries: num(t.max_series, [...path, 'max_series'], defaults.maxSeries, { int: true, min: 0, max: 1_000_000 }),
    groups,
  };
}

/** Validate a parsed TOML tree into a Config. Throws SchemaIssue on the first violation. */
export function validateConfig(raw: Table, env: NodeJS.ProcessEnv): Config {
  const defaults = defaultConfig(env);
  const root = table(raw, [], ['general', 'alerts', 'webhooks', 'notifications', 'log', 'exporter', 'advisor', 'history']);

  const g = table(root.general, ['general'], ['interval_ms', 'color', 'history_length', 'pause_rows']);
  const general = {
    intervalMs: num(g.interval_ms, ['general', 'interval_ms'], defaults.general.intervalMs, { int: true, min: 100, max: 3_600_000 }),
    color: bool(g.color, ['general', 'color'], defaults.general.color),
    historyLength: num(g.history_length, ['general', 'history_length'], defaults.general.historyLength, { int: true, min: 1, max: 100_000 }),
    pauseRows: num(g.pause_rows, ['general', 'pause_rows'], defaults.general.pauseRows, { int: true, min: 0, max: 10_000_000 }),
  };

  const webhooks = arrayOf(root.webhooks, ['webhooks']).map((w, i) => webhook(w, ['webhooks', i]));
  const seenHooks = new Set<string>();
  webhooks.forEach((w, i) => {
    if (seenHooks.has(w.name)) throw new SchemaIssue(['webhooks', i, 'name'], 'a name no other webhook has', describe(w.name));
    seenHooks.add(w.name);
  });
  const sinkNames = new Set([SCREEN_SINK, DESKTOP_SINK, ...seenHooks]);

  const a = table(root.alerts, ['alerts'], ['default_rules', 'rules']);
  const defaultRules = bool(a.default_rules, ['alerts', 'default_rules'], true);
  const fileRules = arrayOf(a.rules, ['alerts', 'rules']).map((r, i) => rule(r, ['alerts', 'rules', i], sinkNames));
  const seenRules = new Set<string>();
  fileRules.forEach((r, i) => {
    if (seenRules.has(r.name)) throw new SchemaIssue(['alerts', 'rules', i, 'name'], 'a name no other rule has', describe(r.name));
    seenRules.add(r.name);
  });
  // A file rule with a built-in rule's name replaces it.
  const builtIn = defaultRules ? defaults.alerts.rules.filter((r) => !seenRules.has(r.name)) : [];

  const n = table(root.notifications, ['notifications'], ['desktop']);
  const l = table(root.log, ['log'], ['file', 'level']);
  const adv = table(root.advisor, ['advisor'], ['enabled', 'journal', 'allow']);
  const h = table(root.history, ['history'], ['db', 'record', 'retain', 'max_size', 'downsample_after', 'downsample_step']);
  const dh = defaults.history;

  return {
    general,
    alerts: { defaultRules, rules: [...builtIn, ...fileRules] },
    webhooks,
    notifications: { desktop: bool(n.desktop, ['notifications', 'desktop'], defaults.notifications.desktop) },
    log: {
      file: expandHome(str(l.file, ['log', 'file'], defaults.log.file), env),
      level: oneOf<LogLevel>(l.level, ['log', 'level'], LOG_LEVELS, defaults.log.level),
    },
    advisor: {
      enabled: bool(adv.enabled, ['advisor', 'enabled'], defaults.advisor.enabled),
      journal: expandHome(str(adv.journal, ['advisor', 'journal'], defaults.advisor.journal), env),
      allow: arrayOf(adv.allow, ['advisor', 'allow']).map((r, i) => advisorRule(r, ['advisor', 'allow', i])),
    },
    exporter: exporter(root.exporter, defaults.exporter, env),
    history: {
      ...(h.db !== undefined ? { db: expandHome(str(h.db, ['history', 'db']), env) } : {}),
      record: bool(h.record, ['history', 'record'], dh.record),
      retainMs: durationOrOff(h.retain, ['history', 'retain'], dh.retainMs),
      maxBytes: sizeOrOff(h.max_size, ['history', 'max_size'], dh.maxBytes),
      downsampleAfterMs: durationOrOff(h.downsample_after, ['history', 'downsample_after'], dh.downsampleAfterMs),
      downsampleStepMs: duration(h.downsample_step, ['history', 'downsample_step'], dh.downsampleStepMs),
    },
  };
}
