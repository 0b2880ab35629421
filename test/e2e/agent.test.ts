/**
 * `smoothtask agent` from the bundle, recording this machine with a workload the test starts: a
 * child that burns a known CPU time (its own getrusage) and writes a known number of bytes to
 * disk appears in `report --by process` within 2% of both; SIGTERM and SIGINT finish and close the
 * database (exit 0); SIGHUP reloads the config file; the recording replays through its Timeline; report's CSV and JSON; a window
 * outside the recording names the range there is.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRecordingTimeline } from '../../src/history/timeline.js';
import type { Report } from '../../src/report/types.js';
import { agentEnv, historyDir, integrity, sampleCount, startAgent, until } from './agent-helpers.js';
import { appBuilt, smoothtaskBin } from './tmux.js';

/** Burns ~2.5 s of CPU, writes 8 MiB to `file` with fsync, prints its own CPU time, then idles so a sample sees it done. */
const WORKLOAD = `
import os, resource, sys, time
end = time.process_time() + 2.5
x = 0
while time.process_time() < end:
    x += 1
with open(sys.argv[1], 'wb') as f:
    for _ in range(8):
        f.write(b'x' * (1 << 20))
    f.flush()
    os.fsync(f.fileno())
r = resource.getrusage(resource.RUSAGE_SELF)
print(r.ru_utime + r.ru_stime, flush=True)
time.sleep(3)
`;

describe.skipIf(!appBuilt)('smoothtask agent', () => {
  it('reloads its config file on SIGHUP and exits 0 on SIGINT', { timeout: 60_000 }, async () => {
    const dir = historyDir();
    const db = join(dir, 'history.db');
    const config = join(dir, 'config.toml');
    const log = join(dir, 'agent.log');
    writeFileSync(config, `[log]\nfile = "${log}"\n[notifications]\ndesktop = false\n`);
    const agent = startAgent(db, ['--config', config, '--interval', '500ms'], agentEnv(dir));
    await until(() => sampleCount(db) >= 1, 20_000, 'the first sample');
    writeFileSync(config, `[log]\nfile = "${log}"\n[notifications]\ndesktop = false\n[alerts]\ndefault_rules = false\n`);
    agent.child.kill('SIGHUP');
    await until(
      () => existsSync(log) && /SIGHUP: reloading/.test(readFileSync(log, 'utf8')) && /"rules":0.*config reloaded/.test(readFileSync(log, 'utf8')),
      10_000,
      'the reload',
    );
    agent.child.kill('SIGINT');
    expect(await agent.exited).toBe(0);
    expect(agent.stderr()).toMatch(/SIGINT: stopped/);
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('records a known workload that report --by process gives back within 2%', { timeout: 90_000 }, async () => {
    const dir = historyDir();
    const db = join(dir, 'history.db');
    const env = agentEnv(dir);
    const agent = startAgent(db, ['--interval', '500ms'], env);
    await until(() => sampleCount(db) >= 2, 20_000, 'the first samples');
    const child = spawn('python3', ['-c', WORKLOAD, join(dir, 'payload')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => child.on('exit', r));
    const cpuSeconds = Number(out.trim());
    expect(cpuSeconds).toBeGreaterThan(2.4);
    await new Promise((r) => setTimeout(r, 1000));
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(agent.stderr()).toMatch(/SIGTERM: stopped; \d+ samples written, 0 dropped/);
    expect(integrity(db)).toBe('ok');

    const report = spawnSync(smoothtaskBin, ['report', '--db', db, '--since', '10m', '--by', 'process', '--format', 'json'], {
      encoding: 'utf8',
      env,
      // One entry per process, short-lived ones included: on a busy machine more than spawnSync's 1 MiB default.
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(report.status, `${report.signal} ${report.stderr}`).toBe(0);
    const r = JSON.parse(report.stdout) as Report;
    expect(r.reportVersion).toBe(1);
    const row = r.groups.find((g) => g.group === `python3 (pid ${child.pid})`);
    expect(row).toBeDefined();
    expect(Math.abs(row!.cpuSeconds! - cpuSeconds) / cpuSeconds).toBeLessThan(0.02);
    expect(Math.abs(row!.writeBytes! - 8 * 1024 * 1024) / (8 * 1024 * 1024)).toBeLessThan(0.02);
    expect(row!.rssPeakBytes).toBeGreaterThan(0);

    // The same recording replays: the child is in the samples of its lifetime, with its CPU time.
    const timeline = openRecordingTimeline(db);
    try {
      const life = timeline.process(`${child.pid}:${timeline.at(Date.parse(row!.lastSeen))!.processes.find((p) => p.pid === child.pid)!.startTime}`)!;
      expect(life.times.length).toBeGreaterThan(2);
      expect(Math.abs(life.rows[life.rows.length - 1].cpuTimeSeconds! - cpuSeconds)).toBeLessThan(0.05);
    } finally {
      timeline.close();
    }

    const csv = spawnSync(smoothtaskBin, ['report', '--db', db, '--since', '10m', '--by', 'user', '--format', 'csv'], { encoding: 'utf8', env });
    expect(csv.status).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe(
      'group,processes,cpu_seconds,cpu_share_percent,rss_peak_bytes,rss_mean_bytes,read_bytes,write_bytes,net_tx_bytes,net_rx_bytes,runqueue_wait_seconds,gpu_seconds,gpu_mem_peak_bytes,alerts_fired,first_seen,last_seen',
    );
    expect(lines.some((l) => l.startsWith('root,'))).toBe(process.getuid?.() === 0);
    expect(csv.stdout.endsWith('\r\n')).toBe(true);

    const outside = spawnSync(smoothtaskBin, ['report', '--db', db, '--since', '2020-01-01 00:00', '--until', '2020-01-02 00:00'], { encoding: 'utf8', env });
    expect(outside.status).toBe(1);
    expect(outside.stderr).toMatch(/no samples between .* the recording .* goes from \d{4}-.* to \d{4}-/);
  });
});
