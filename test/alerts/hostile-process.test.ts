/**
 * A real process with a hostile name — quotes, $(...), a backtick, a newline — read from /proc by
 * the real collectors, trips a per-process rule, and its name reaches a webhook on 127.0.0.1 as
 * JSON data (sanitised as the snapshot holds it) while nothing it contains is executed.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load.js';
import { alertSettingsOf, startAlerts } from '../../src/runtime/alerts.js';
import { configStatusOf } from '../../src/runtime/config-reload.js';
import { Monitor } from '../../src/runtime/monitor.js';
import { sanitizeText } from '../../src/util/sanitize.js';
import { Receiver, sleep, until } from './receiver.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('hostile process names', () => {
  it('travel to the webhook as JSON data and are never run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-hostile-proc-'));
    // A script's comm is its file name, 15 bytes at most: this one is exactly 15.
    const name = `"$(touch p)\`\n';`;
    expect(Buffer.byteLength(name)).toBe(15);
    const script = join(dir, name);
    writeFileSync(script, '#!/bin/sh\nwhile :; do :; done\n');
    chmodSync(script, 0o755);
    const child = spawn(script, [], { cwd: dir, stdio: 'ignore' });
    cleanups.push(() => void child.kill('SIGKILL'));

    const receiver = new Receiver();
    await receiver.start(0);
    cleanups.push(() => receiver.stop());
    const shown = sanitizeText(name);
    const env = { HOME: dir, PATH: process.env.PATH } as NodeJS.ProcessEnv;
    const config = parseConfig(
      `[log]
level = "silent"
[notifications]
desktop = false
[alerts]
default_rules = false
[[webhooks]]
name = "ops"
url = "http://127.0.0.1:${receiver.port}/"
[[alerts.rules]]
name = "hostile"
metric = "proc.cpu_percent"
selector = { name = ${JSON.stringify(shown)} }
op = ">"
threshold = 5
sinks = ["screen", "desktop", "ops"]
`,
      'hostile.toml',
      env,
    );
    const status = configStatusOf({ config, path: 'hostile.toml', source: 'flag' });
    const monitor = await Monitor.create({ intervalMs: 500, configStatus: () => status });
    cleanups.push(() => monitor.stop());
    const alerts = startAlerts(monitor.store, alertSettingsOf(config), { log: pino({ level: 'silent' }), historyLimit: 100, env });
    cleanups.push(() => alerts.close());
    // Two reads give the first CPU rate.
    for (let i = 0; i < 10 && receiver.received.length === 0; i++) {
      await monitor.tick();
      await sleep(300);
    }
    await until(() => receiver.received.length >= 1);
    const body = JSON.parse(receiver.received[0].body) as { alert: { subject: string; rule: string } };
    expect(body.alert.rule).toBe('hostile');
    expect(body.alert.subject).toBe(`${shown} (${child.pid})`);
    expect(body.alert.subject).toContain('"$(touch p)`\\x0a\';');
    expect(existsSync(join(dir, 'p'))).toBe(false);
    expect(existsSync(join(process.cwd(), 'p'))).toBe(false);
  });
});
