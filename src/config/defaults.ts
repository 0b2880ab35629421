/**
 * Built-in configuration: what SmoothTask uses when there is no file, and the default rule set
 * (issue #6): memory available under 10% for 30 s, PSI memory full avg10 over 10, a filesystem
 * over 90% full, and CPU or GPU temperature within 5 °C of the limit its hardware reports.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AlertRule } from '../rules/rule.js';
import type { Config } from './types.js';

export const DEFAULT_RULES: readonly AlertRule[] = [
  {
    name: 'memory-low',
    metric: 'memory.available_percent',
    op: '<',
    threshold: 10,
    forMs: 30_000,
    clear: 12,
    severity: 'critical',
    cooldownMs: 60_000,
    sinks: ['screen', 'desktop'],
  },
  {
    name: 'memory-pressure',
    metric: 'psi.memory.full.avg10',
    op: '>',
    threshold: 10,
    forMs: 0,
    clear: 5,
    severity: 'warning',
    cooldownMs: 60_000,
    sinks: ['screen', 'desktop'],
  },
  {
    name: 'filesystem-full',
    metric: 'fs.used_percent',
    op: '>',
    threshold: 90,
    forMs: 0,
    clear: 89,
    severity: 'warning',
    cooldownMs: 300_000,
    sinks: ['screen', 'desktop'],
  },
  {
    name: 'temperature-near-limit',
    metric: 'sensor.temperature_headroom_c',
    op: '<=',
    threshold: 5,
    forMs: 0,
    clear: 8,
    severity: 'critical',
    cooldownMs: 60_000,
    sinks: ['screen', 'desktop'],
  },
  {
    name: 'gpu-temperature-near-limit',
    metric: 'gpu.temperature_headroom_c',
    op: '<=',
    threshold: 5,
    forMs: 0,
    clear: 8,
    severity: 'critical',
    cooldownMs: 60_000,
    sinks: ['screen', 'desktop'],
  },
];

/**
 * Where SmoothTask keeps what outlives a run (the history database, the advisor's journal):
 * /var/lib/smoothtask for root (the agent's service), else $XDG_STATE_HOME/smoothtask
 * (~/.local/state/smoothtask).
 */
export function stateDir(env: NodeJS.ProcessEnv, uid: number = process.getuid?.() ?? -1): string {
  if (uid === 0) return '/var/lib/smoothtask';
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'smoothtask');
}

/** $XDG_STATE_HOME/smoothtask/smoothtask.log, else ~/.local/state/smoothtask/smoothtask.log. */
export function defaultLogFile(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'smoothtask', 'smoothtask.log');
}

/** $XDG_CONFIG_HOME/smoothtask/config.toml, else ~/.config/smoothtask/config.toml. */
export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'smoothtask', 'config.toml');
}

export function defaultConfig(env: NodeJS.ProcessEnv): Config {
  return {
    // 40,000 rows: ~14 MB of heap (bench/README.md, "Samples held for pause"), 8 samples at 5,000 processes.
    general: { intervalMs: 1000, color: true, historyLength: 300, pauseRows: 40_000 },
    alerts: { defaultRules: true, rules: DEFAULT_RULES.map((r) => ({ ...r, sinks: [...r.sinks] })) },
    webhooks: [],
    notifications: { desktop: true },
    log: { file: defaultLogFile(env), level: 'info' },
    advisor: { enabled: false, journal: join(stateDir(env), 'advisor.jsonl'), allow: [] },
    exporter: { topProcesses: 20, maxSeries: 10_000, groups: [] },
    history: { record: false, retainMs: 14 * 86_400_000, maxBytes: 2 * 1024 ** 3, downsampleAfterMs: 2 * 86_400_000, downsampleStepMs: 60_000 },
  };
}
