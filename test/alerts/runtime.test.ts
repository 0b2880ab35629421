/**
 * startRuntime on a real Monitor and config file: the engine fills snapshot.alerts on publish,
 * events reach a webhook on 127.0.0.1 and the JSON log file (at the configured level, nothing on
 * the screen), and a hot-reloaded config changes the rules and the log level; a refused reload is
 * in every snapshot until the file is fixed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebhookSink } from '../../src/alerts/sinks/webhook.js';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { startRuntime } from '../../src/runtime/runtime.js';
import { pino } from 'pino';
import { mem } from '../unit/alerts/snapshots.js';
import { Receiver, until } from './receiver.js';
import { AlertEngine } from '../../src/alerts/engine.js';

const env = { HOME: '/nonexistent', PATH: process.env.PATH } as NodeJS.ProcessEnv;

function logLines(file: string): { level: number; msg: string; event?: string; alert?: { subject: string } }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Write `toml` to a config file in `dir` and start a runtime on it, as `top --config FILE` does. */
async function runtimeOn(dir: string, toml: string) {
  const path = join(dir, 'config.toml');
  writeFileSync(path, toml);
  const loaded = loadConfig({ path, env });
  return startRuntime({ intervalMs: 1000, historyLength: 10, loaded, env, host: 'h', reloadDebounceMs: 50 });
}

describe('startRuntime', () => {
  it('runs on every published snapshot, reaches the webhook and the log file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-runtime-'));
    const logFile = join(dir, 'logs', 'st.log');
    const r = new Receiver();
    await r.start(0);
    const toml = (threshold: number, level: string) => `
[log]
file = "${logFile}"
level = "${level}"
[notifications]
desktop = false
[[webhooks]]
name = "ops"
url = "http://127.0.0.1:${r.port}/"
[[alerts.rules]]
name = "memory-low"
metric = "memory.available_percent"
op = "<"
threshold = ${threshold}
cooldown = "0s"
sinks = ["screen", "desktop", "ops"]
`;
    const runtime = await runtimeOn(dir, toml(10, 'info'));
    const { store, alerts } = runtime;
    try {
      expect(store.publish(mem(0, 5)).alerts).toMatchObject([{ rule: 'memory-low', state: 'firing' }]);
      expect(store.getSnapshot()?.alerts).toHaveLength(1);
      // Counted as delivered once the receiver's answer is back, a moment after it got the POST.
      await until(() => alerts.status().webhooks[0].delivered === 1);
      expect(r.received).toHaveLength(1);
      expect(alerts.status()).toMatchObject({ desktop: { enabled: false, available: false }, webhooks: [{ name: 'ops', delivered: 1 }] });

      const lines = logLines(logFile);
      expect(lines).toMatchObject([{ level: 30, msg: 'alert firing', event: 'firing', alert: { subject: 'system' } }]);

      // Hot reload: a lower threshold resolves it; the log level goes to warn.
      runtime.reconfigure(parseConfig(toml(3, 'warn'), 't.toml', env));
      expect(store.publish(mem(1, 5)).alerts).toMatchObject([{ state: 'resolved' }]);
      await until(() => r.received.length === 2);
      // At warn, neither the reload note nor the resolve (both info) is written.
      expect(logLines(logFile).map((l) => l.msg)).toEqual(['alert firing']);
    } finally {
      await runtime.close();
      await r.stop();
    }
  });

  it('a log file that cannot be opened turns logging off and says why', async () => {
    // A directory path that runs through a regular file: ENOTDIR.
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-nolog-'));
    writeFileSync(join(dir, 'file'), '');
    const file = join(dir, 'file', 'logs', 'x.log');
    const runtime = await runtimeOn(dir, `[log]\nfile = "${file}"\n[notifications]\ndesktop = false`);
    expect(runtime.logError).toMatch(new RegExp(`^cannot open the log file ${file}: .*ENOTDIR`));
    await runtime.close();
  });
});

describe('startRuntime hot reload', () => {
  it('applies a valid change to the file, keeps the old rules on an invalid one and reports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-reload-'));
    const path = join(dir, 'config.toml');
    const rule = (threshold: string) =>
      `[log]\nlevel = "silent"\n[notifications]\ndesktop = false\n[alerts]\ndefault_rules = false\n[[alerts.rules]]\nname = "m"\nmetric = "memory.available_percent"\nop = "<"\nthreshold = ${threshold}\n`;
    const runtime = await runtimeOn(dir, rule('10'));
    const { store, alerts, monitor } = runtime;
    try {
      expect(runtime.configStatus()).toEqual({ path });
      expect(store.publish(mem(0, 20)).alerts).toEqual([]);
      writeFileSync(path, rule('30'));
      await until(() => alerts.engine.getRules()[0].threshold === 30);
      expect(store.publish(mem(1, 20)).alerts).toMatchObject([{ rule: 'm', state: 'firing', threshold: 30 }]);

      const before = Date.now();
      writeFileSync(path, rule('"thirty"'));
      const message = await until(() => runtime.configStatus().reloadError);
      expect(message).toBe(`${path}:11: alerts.rules[0].threshold: expected a number, got the string "thirty"`);
      expect(alerts.engine.getRules()[0].threshold).toBe(30);
      // The next snapshot the store publishes carries it, with when it was refused.
      const refused = (await monitor.tick()).config;
      expect(refused).toMatchObject({ path, reloadError: message });
      expect(Date.parse(refused?.reloadErrorAt ?? '')).toBeGreaterThanOrEqual(before - 1000);

      writeFileSync(path, rule('40'));
      await until(() => alerts.engine.getRules()[0].threshold === 40);
      expect(runtime.configStatus().reloadError).toBeUndefined();
      expect((await monitor.tick()).config).toEqual({ path });
    } finally {
      await runtime.close();
    }
  });
});

describe('webhook timeout', () => {
  it('abandons a POST the receiver never answers and reports it', async () => {
    // A server that accepts connections and never answers.
    const sockets: import('node:net').Socket[] = [];
    const server = createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const sink = new WebhookSink(
      { name: 'slow', url: `http://127.0.0.1:${port}/`, format: 'generic', timeoutMs: 200, retries: 1, queueSize: 10, backoffMs: 50 },
      pino({ level: 'silent' }),
      'h',
    );
    const engine = new AlertEngine([
      { name: 'm', metric: 'memory.available_percent', op: '<', threshold: 10, forMs: 0, severity: 'warning', cooldownMs: 0, sinks: [] },
    ]);
    engine.onEvent((e) => sink.send(e));
    engine.process(mem(0, 5));
    await until(() => sink.status().failed === 1);
    expect(sink.status()).toMatchObject({ failed: 1, queued: 0, lastError: 'timed out after 200 ms' });
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    sink.close();
    for (const s of sockets) s.destroy();
    server.close();
  });
});
