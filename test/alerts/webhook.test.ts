/**
 * Webhooks against a real HTTP receiver on 127.0.0.1: one POST per firing and per resolve with the
 * documented body, queued alerts delivered after an outage, a bounded queue, refused requests,
 * hostile process names carried as JSON data and never executed.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertDispatcher } from '../../src/alerts/dispatch.js';
import { AlertEngine } from '../../src/alerts/engine.js';
import { parseConfig } from '../../src/config/load.js';
import { alertSettingsOf } from '../../src/runtime/alerts.js';
import { mem, proc, snap, T0 } from '../unit/alerts/snapshots.js';
import { Receiver, sleep, until } from './receiver.js';

const silent = pino({ level: 'silent' });
// No D-Bus here: the desktop sink stays out of these tests.
const env = { HOME: '/nonexistent', PATH: process.env.PATH } as NodeJS.ProcessEnv;

function setup(toml: string) {
  const config = parseConfig(toml, 'test.toml', env);
  const settings = alertSettingsOf(config);
  const engine = new AlertEngine(settings.rules);
  const dispatcher = new AlertDispatcher(settings.sinks, silent, { env, host: 'testhost' });
  engine.onEvent(dispatcher.handle);
  return { engine, dispatcher };
}

function memRule(port: number, hook = '') {
  return `
[alerts]
default_rules = false
[[webhooks]]
name = "ops"
url = "http://127.0.0.1:${port}/hook"
timeout = "2s"
backoff = "50ms"
retries = 100
${hook}
[[alerts.rules]]
name = "memory-low"
metric = "memory.available_percent"
op = "<"
threshold = 10
clear = 15
for = "2s"
severity = "critical"
cooldown = "0s"
sinks = ["screen", "ops"]
`;
}

describe('webhook sink', () => {
  const receivers: Receiver[] = [];
  const dispatchers: AlertDispatcher[] = [];
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) d.close();
    for (const r of receivers.splice(0)) await r.stop();
  });
  async function receiver(): Promise<Receiver> {
    const r = new Receiver();
    receivers.push(r);
    await r.start(0);
    return r;
  }

  it('gets exactly one POST per firing and one per resolve, with the documented body', async () => {
    const r = await receiver();
    const { engine, dispatcher } = setup(memRule(r.port));
    dispatchers.push(dispatcher);
    // Pending for 2 s, firing for a while (several ticks), then resolved.
    for (let s = 0; s <= 10; s++) engine.process(mem(s, s < 6 ? 5 : s < 8 ? 12 : 50));
    await until(() => dispatcher.status().webhooks[0].delivered === 2);
    await sleep(300);
    expect(r.received).toHaveLength(2);
    expect(r.received.every((x) => x.method === 'POST' && x.url === '/hook' && x.contentType === 'application/json')).toBe(true);
    const [firing, resolved] = r.bodies();
    expect(firing).toEqual({
      version: 1,
      event: 'firing',
      host: 'testhost',
      alert: {
        id: `memory-low|system|${T0}`,
        rule: 'memory-low',
        metric: 'memory.available_percent',
        subject: 'system',
        severity: 'critical',
        state: 'firing',
        value: 5,
        peak: 5,
        threshold: 10,
        op: '<',
        clear: 15,
        since: new Date(T0 + 2000).toISOString(),
      },
      text: 'memory-low: system at 5% (threshold 10%)',
    });
    expect(resolved).toMatchObject({
      event: 'resolved',
      alert: { id: `memory-low|system|${T0}`, state: 'resolved', value: 50, peak: 5, endedAt: new Date(T0 + 8000).toISOString() },
      text: 'memory-low resolved: system at 50% (peak 5%, threshold 10%)',
    });
    expect(dispatcher.status().webhooks[0]).toMatchObject({ delivered: 2, queued: 0, dropped: 0, failed: 0, down: false });
  });

  it('queues alerts while the receiver is down and delivers them, in order, once it is back', async () => {
    const r = await receiver();
    const port = r.port;
    await r.stop();
    const { engine, dispatcher } = setup(memRule(port));
    dispatchers.push(dispatcher);
    // Three firing/resolve cycles: six events.
    for (let i = 0; i < 3; i++) {
      engine.process(mem(i * 10, 5));
      engine.process(mem(i * 10 + 2, 5));
      engine.process(mem(i * 10 + 4, 50));
    }
    await until(() => dispatcher.status().webhooks[0].down);
    await sleep(300);
    expect(dispatcher.status().webhooks[0]).toMatchObject({ queued: 6, delivered: 0, down: true });
    expect(r.received).toHaveLength(0);

    await r.start(port);
    await until(() => dispatcher.status().webhooks[0].delivered === 6);
    await sleep(200);
    expect(r.bodies().map((b) => (b as { event: string }).event)).toEqual(['firing', 'resolved', 'firing', 'resolved', 'firing', 'resolved']);
    expect(dispatcher.status().webhooks[0]).toMatchObject({ queued: 0, delivered: 6, dropped: 0, down: false });
  });

  it('keeps at most queue_size alerts while down, dropping the oldest waiting and counting them', async () => {
    const r = await receiver();
    const port = r.port;
    await r.stop();
    const { engine, dispatcher } = setup(memRule(port, 'queue_size = 2'));
    dispatchers.push(dispatcher);
    engine.process(mem(0, 5));
    engine.process(mem(2, 5));
    await until(() => dispatcher.status().webhooks[0].down);
    engine.process(mem(4, 50));
    for (let i = 1; i < 5; i++) {
      engine.process(mem(i * 10, 5));
      engine.process(mem(i * 10 + 2, 5));
      engine.process(mem(i * 10 + 4, 50));
    }
    expect(dispatcher.status().webhooks[0]).toMatchObject({ queued: 2, dropped: 8 });
    await r.start(port);
    await until(() => r.received.length >= 2);
    await sleep(300);
    const bodies = r.bodies() as { event: string; alert: { since: string } }[];
    // The alert being retried when the queue filled up, then the newest one.
    expect(bodies.map((b) => `${b.event}@${b.alert.since}`)).toEqual([
      `firing@${new Date(T0 + 2000).toISOString()}`,
      `resolved@${new Date(T0 + 42_000).toISOString()}`,
    ]);
  });

  it('does not retry an alert the receiver refuses with 4xx', async () => {
    const r = await receiver();
    r.status = 400;
    const { engine, dispatcher } = setup(memRule(r.port));
    dispatchers.push(dispatcher);
    engine.process(mem(0, 5));
    engine.process(mem(2, 5));
    await until(() => dispatcher.status().webhooks[0].failed === 1);
    await sleep(300);
    expect(r.received).toHaveLength(1);
    expect(dispatcher.status().webhooks[0]).toMatchObject({ failed: 1, queued: 0, lastError: 'HTTP 400' });
  });

  it('sends Slack-compatible bodies', async () => {
    const r = await receiver();
    const { engine, dispatcher } = setup(memRule(r.port, 'format = "slack"'));
    dispatchers.push(dispatcher);
    engine.process(mem(0, 5));
    engine.process(mem(2, 5));
    await until(() => r.received.length >= 1);
    expect(r.bodies()[0]).toEqual({
      text: '[testhost] memory-low: system at 5% (threshold 10%)',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':red_circle: *critical* [testhost] memory-low: system at 5% (threshold 10%)' } }],
    });
  });

  it('carries a hostile process name intact as JSON and executes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-hostile-'));
    const marker = join(dir, 'pwned');
    const name = `x"'; $(touch ${marker}) \`touch ${marker}\` \\" \n rm -rf / & | > ${marker} <b>&amp;`;
    const r = await receiver();
    const toml = `
[alerts]
default_rules = false
[[webhooks]]
name = "generic"
url = "http://127.0.0.1:${r.port}/g"
[[webhooks]]
name = "slack"
url = "http://127.0.0.1:${r.port}/s"
format = "slack"
[[alerts.rules]]
name = "hog"
metric = "proc.cpu_percent"
op = ">"
threshold = 50
sinks = ["screen", "desktop", "generic", "slack"]
`;
    const { engine, dispatcher } = setup(toml);
    dispatchers.push(dispatcher);
    engine.process(snap(0, { processes: [proc({ pid: 4242, comm: name, cpuPercent: 99 })] }));
    await until(() => r.received.length >= 2);
    const generic = r.received.find((x) => x.url === '/g')!;
    const slack = r.received.find((x) => x.url === '/s')!;
    expect((JSON.parse(generic.body) as { alert: { subject: string } }).alert.subject).toBe(`${name} (4242)`);
    const slackText = (JSON.parse(slack.body) as { text: string }).text;
    expect(slackText).toContain(name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    await sleep(200);
    expect(existsSync(marker)).toBe(false);
  });
});
