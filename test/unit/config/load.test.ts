/** Config loading: where the file is looked for, defaults, and errors that name file:line, key, expectation. */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../src/config/load.js';
import { parseDuration } from '../../../src/config/duration.js';

const dir = mkdtempSync(join(tmpdir(), 'smoothtask-config-'));
const env = { HOME: dir } as NodeJS.ProcessEnv;

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the built-in defaults when there is no file', () => {
    const { config, source, path } = loadConfig({ env });
    expect(source).toBe('built-in');
    expect(path).toBe(join(dir, '.config', 'smoothtask', 'config.toml'));
    expect(config.general).toEqual({ intervalMs: 1000, color: true, historyLength: 300, pauseRows: 40_000 });
    expect(config.alerts.rules.map((r) => r.name)).toEqual([
      'memory-low',
      'memory-pressure',
      'filesystem-full',
      'temperature-near-limit',
      'gpu-temperature-near-limit',
    ]);
    expect(config.log.file).toBe(join(dir, '.local', 'state', 'smoothtask', 'smoothtask.log'));
  });

  it('prefers --config, then SMOOTHTASK_CONFIG, then ~/.config/smoothtask/config.toml', () => {
    mkdirSync(join(dir, '.config', 'smoothtask'), { recursive: true });
    write('.config/smoothtask/config.toml', '[general]\ninterval_ms = 3000\n');
    const fromEnv = write('env.toml', '[general]\ninterval_ms = 2000\n');
    const fromFlag = write('flag.toml', '[general]\ninterval_ms = 1500\n');
    expect(loadConfig({ env })).toMatchObject({ source: 'default-path', config: { general: { intervalMs: 3000 } } });
    expect(loadConfig({ env: { ...env, SMOOTHTASK_CONFIG: fromEnv } })).toMatchObject({
      source: 'env',
      path: fromEnv,
      config: { general: { intervalMs: 2000 } },
    });
    expect(loadConfig({ path: fromFlag, env: { ...env, SMOOTHTASK_CONFIG: fromEnv } })).toMatchObject({
      source: 'flag',
      config: { general: { intervalMs: 1500 } },
    });
  });

  it('a named file that does not exist is an error', () => {
    const err = errorOf(() => loadConfig({ path: join(dir, 'missing.toml'), env }));
    expect(err.message).toMatch(/missing\.toml: cannot read the config file \(ENOENT/);
  });

  it('malformed TOML: file, line, column and the key on that line', () => {
    const p = write('bad.toml', '[general]\ninterval_ms = 1000\ncolor = tru\n');
    const err = errorOf(() => loadConfig({ path: p, env }));
    expect(err.message).toMatch(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: color: invalid TOML: `));
    expect(err.line).toBe(3);
    expect(err.key).toBe('color');
  });

  it('a wrong type: file:line: key: expected …, got …', () => {
    const p = write('type.toml', '# comment\n[general]\ninterval_ms = "fast"\n');
    const err = errorOf(() => loadConfig({ path: p, env }));
    expect(err.message).toBe(`${p}:3: general.interval_ms: expected an integer ≥ 100 ≤ 3600000, got the string "fast"`);
    expect(err.line).toBe(3);
  });

  it('finds the line of a key inside the second [[alerts.rules]]', () => {
    const text = [
      '[[webhooks]]',
      'name = "ops"',
      'url = "http://127.0.0.1:9/hook"',
      '',
      '[[alerts.rules]]',
      'name = "a"',
      'metric = "load1"',
      'op = ">"',
      'threshold = 4',
      '',
      '[[alerts.rules]]',
      'name = "b"',
      'metric = "proc.cpu_percent"',
      'selector = { name_regex = "(" }',
      'op = ">"',
      'threshold = 90',
    ].join('\n');
    const err = errorOf(() => parseConfig(text, 'c.toml', env));
    expect(err.message).toMatch(/^c\.toml:14: alerts\.rules\[1\]\.selector\.name_regex: expected a valid regular expression, got the string "\(" \(/);

    const fixed = text.replace('name_regex = "("', 'name_regex = "^ff"');
    const wrongOp = errorOf(() => parseConfig(fixed.replace('op = ">"\nthreshold = 90', 'op = "=>"\nthreshold = 90'), 'c.toml', env));
    expect(wrongOp.message).toBe('c.toml:15: alerts.rules[1].op: expected one of ">", ">=", "<", "<=", got the string "=>"');

    const missing = errorOf(() => parseConfig(text.replace('threshold = 4\n', ''), 'c.toml', env));
    expect(missing.message).toBe('c.toml:5: alerts.rules[0].threshold: expected a number (required), got nothing (the key is missing)');
  });

  it('rejects unknown keys, unknown sinks, unsafe clear levels and non-http URLs', () => {
    const cases: [string, string][] = [
      ['[general]\ninterval = 5', 'x.toml:2: general.interval: expected one of the keys interval_ms, color, history_length, pause_rows, got an unknown key'],
      ['[general]\npause_rows = -1', 'x.toml:2: general.pause_rows: expected an integer ≥ 0 ≤ 10000000, got number -1'],
      [
        '[[alerts.rules]]\nname = "x"\nmetric = "load1"\nop = ">"\nthreshold = 4\nsinks = ["screen", "pager"]',
        'x.toml:6: alerts.rules[0].sinks[1]: expected "screen", "desktop" or a webhook name (screen, desktop), got the string "pager"',
      ],
      [
        '[[alerts.rules]]\nname = "x"\nmetric = "load1"\nop = ">"\nthreshold = 4\nclear = 5',
        'x.toml:6: alerts.rules[0].clear: expected a number ≤ threshold (4), got number 5',
      ],
      [
        '[[alerts.rules]]\nname = "x"\nmetric = "load1"\nselector = { name = "a" }\nop = ">"\nthreshold = 4',
        'x.toml:4: alerts.rules[0].selector: expected no selector (only proc.* metrics take one), got a selector',
      ],
      [
        '[[alerts.rules]]\nname = "x"\nmetric = "cpu.busy"\nop = ">"\nthreshold = 4',
        'x.toml:3: alerts.rules[0].metric: expected a metric listed in docs/alerts.md, got the string "cpu.busy"',
      ],
      [
        '[[alerts.rules]]\nname = "x"\nmetric = "load1"\nop = ">"\nthreshold = 4\nfor = 30',
        'x.toml:6: alerts.rules[0].for: expected a duration string such as "500ms", "30s", "5m" or "1h", got number 30',
      ],
      [
        '[[webhooks]]\nname = "w"\nurl = "file:///etc/passwd"',
        'x.toml:3: webhooks[0].url: expected an http:// or https:// URL, got the string "file:///etc/passwd"',
      ],
      [
        '[[webhooks]]\nname = "desktop"\nurl = "http://127.0.0.1/"',
        'x.toml:2: webhooks[0].name: expected a name other than "screen" and "desktop", got the string "desktop"',
      ],
      ['[log]\nlevel = "loud"', 'x.toml:2: log.level: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got the string "loud"'],
      [
        '[advisor]\nenabled = true\n[[advisor.allow]]\naction = "renice"',
        'x.toml:3: advisor.allow[0].selector: expected a selector naming the processes it allows (name, name_regex, user or cgroup), got nothing (the key is missing)',
      ],
      [
        '[[advisor.allow]]\naction = "kill"\nselector = { name = "make" }',
        'x.toml:2: advisor.allow[0].action: expected one of "renice", "ionice", "stop", "sched_idle", "cpu_weight", "io_weight", got the string "kill"',
      ],
    ];
    for (const [text, message] of cases) expect(errorOf(() => parseConfig(text, 'x.toml', env)).message).toBe(message);
  });

  it('file rules join the defaults, replace one by name, or stand alone with default_rules = false', () => {
    const text = `
[[alerts.rules]]
name = "memory-low"
metric = "memory.available_percent"
op = "<"
threshold = 5

[[alerts.rules]]
name = "busy"
metric = "proc.cpu_percent"
selector = { name = "ffmpeg", user = "alice" }
op = ">="
threshold = 90
for = "1m30s"
clear = 80
severity = "critical"
cooldown = "5m"
sinks = ["screen"]
`;
    const c = parseConfig(text, 'x.toml', env);
    expect(c.alerts.rules.map((r) => r.name)).toEqual([
      'memory-pressure',
      'filesystem-full',
      'temperature-near-limit',
      'gpu-temperature-near-limit',
      'memory-low',
      'busy',
    ]);
    expect(c.alerts.rules.at(-1)).toEqual({
      name: 'busy',
      metric: 'proc.cpu_percent',
      selector: { name: 'ffmpeg', user: 'alice' },
      op: '>=',
      threshold: 90,
      forMs: 90_000,
      clear: 80,
      severity: 'critical',
      cooldownMs: 300_000,
      sinks: ['screen'],
    });
    const alone = parseConfig(`[alerts]\ndefault_rules = false\n${text}`, 'x.toml', env);
    expect(alone.alerts.rules.map((r) => r.name)).toEqual(['memory-low', 'busy']);
  });

  it('the example in docs/config.md is valid and sets every key', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/config.md'), 'utf8');
    const example = /## Full example\s+```toml\n([\s\S]*?)```/.exec(doc);
    expect(example).not.toBeNull();
    const c = parseConfig(example![1], 'docs/config.md', env);
    expect(c.webhooks.map((w) => w.format)).toEqual(['generic', 'slack']);
    expect(c.log.file).toBe(join(dir, '.local/state/smoothtask/alerts.log'));
  });
});

describe('advisor settings', () => {
  it('off by default, with its journal in the state folder; an allow-list entry with its limit', () => {
    const none = parseConfig('', 'x.toml', env).advisor;
    expect(none).toEqual({ enabled: false, journal: expect.stringMatching(/smoothtask\/advisor\.jsonl$/), allow: [] });
    const on = parseConfig(
      '[advisor]\nenabled = true\njournal = "~/j.jsonl"\n[[advisor.allow]]\naction = "renice"\nselector = { name_regex = "^stress" }\nmax_per_hour = 2',
      'x.toml',
      env,
    );
    expect(on.advisor).toEqual({
      enabled: true,
      journal: join(dir, 'j.jsonl'),
      allow: [{ action: 'renice', selector: { nameRegex: /^stress/ }, maxPerHour: 2 }],
    });
  });
});

describe('parseDuration', () => {
  it('reads ms, s, m, h and sequences; rejects anything else', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('30')).toBeUndefined();
    expect(parseDuration('-5s')).toBeUndefined();
    expect(parseDuration('5 minutes')).toBeUndefined();
  });
});
