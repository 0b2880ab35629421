/**
 * End to end in a real terminal (tmux): with a config whose per-process CPU rule selects a
 * busy-loop child by name, `smoothtask top --config FILE` shows the alert pending, then firing
 * within `for` plus one interval, and drops it from the panel once the child exits. An invalid
 * config file stops it with exit code 2 and the file:line message. Needs the built app
 * (`npm run build`) and tmux.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appBuilt, haveTmux, smoothtaskBin, TmuxSession } from '../e2e/tmux.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

describe.skipIf(!appBuilt || !haveTmux)('alerts end to end (needs `npm run build` and tmux)', () => {
  it('a busy child trips a per-process CPU rule within for + one interval, and it resolves when the child exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-e2e-alerts-'));
    // A script's comm is its file name (at most 15 characters).
    const name = `stbusy${process.pid % 100_000}`;
    const script = join(dir, name);
    writeFileSync(script, '#!/bin/sh\nwhile :; do :; done\n');
    chmodSync(script, 0o755);
    // The threshold is low because a busy loop gets only its share of 2 cores: about 17% of one
    // at a load of 12 from other work, which a 30% rule never saw.
    const config = join(dir, 'config.toml');
    writeFileSync(
      config,
      `[general]
interval_ms = 1000
[notifications]
desktop = false
[log]
file = "${join(dir, 'smoothtask.log')}"
[alerts]
default_rules = false
[[alerts.rules]]
name = "busy-child"
metric = "proc.cpu_percent"
selector = { name = "${name}" }
op = ">"
threshold = 5
for = "2s"
severity = "critical"
cooldown = "0s"
sinks = ["screen"]
`,
    );

    const tmux = TmuxSession.start([smoothtaskBin, 'top', '--config', config], { cols: 160, rows: 50 });
    cleanups.push(() => tmux.kill());
    await tmux.waitFor(/PID/);

    const child = spawn(script, [], { stdio: 'ignore' });
    cleanups.push(() => child.kill('SIGKILL'));
    const started = Date.now();
    // The first sample that sees the child has no CPU rate yet (a rate needs two reads); the one
    // after it starts the rule's pending state. From there it must fire within for + one interval.
    const subject = `${name} \\(${child.pid}\\)`;
    await tmux.waitFor(new RegExp(`CRIT busy-child\\s+${subject}\\s+.*pending`), 5_000);
    const pendingAt = Date.now();
    // for (2 s) + one interval (1 s) + 2 s slack for two shared cores and tmux polling.
    const screen = await tmux.waitFor(new RegExp(`CRIT busy-child\\s+${subject}\\s+\\d+(\\.\\d)?% \\(limit 5%\\) firing \\d+s`), 5_000);
    expect(screen).toMatch(/Alerts 1 firing, 0 pending/);
    process.stderr.write(`alerts e2e: pending on screen ${pendingAt - started} ms after the child started, firing ${Date.now() - pendingAt} ms after that\n`);

    child.kill('SIGKILL');
    const resolvedAt = Date.now();
    // Resolved: the row leaves the panel (the history view keeps it).
    await tmux.waitFor((s) => !s.includes(`${name} (${child.pid})`), 5_000);
    process.stderr.write(`alerts e2e: resolved on screen ${Date.now() - resolvedAt} ms after the child was killed\n`);
    tmux.sendKeys('q');
    await tmux.waitFor(/EXITED:0/);
  });

  it('an invalid config file stops it with exit code 2 and file:line: key: expected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-e2e-badconfig-'));
    const config = join(dir, 'config.toml');
    writeFileSync(config, '[general]\n# the next line is wrong\ninterval_ms = "fast"\n');
    const tmux = TmuxSession.start([smoothtaskBin, 'top', '--config', config], { cols: 160, rows: 20 });
    cleanups.push(() => tmux.kill());
    const screen = await tmux.waitFor(/EXITED:\d+/);
    expect(screen).toContain(`${config}:3: general.interval_ms: expected an integer`);
    expect(screen).toContain('EXITED:2');
  });
});
