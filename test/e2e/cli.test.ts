/**
 * The faces without a TTY, run as a person would: bin/smoothtask with flags, snapshot --json
 * checked against /proc and the documented schema, and doctor as root and as nobody.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type Snapshot } from '../../src/types/snapshot.js';
import { asNobody } from '../helpers/nobody.js';
import { smoothtaskBin } from './tmux.js';

const isRoot = process.getuid?.() === 0;

function run(argv: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
}

describe('smoothtask flags', () => {
  it('prints help and version, and rejects a bad flag with exit code 2', () => {
    const help = run([smoothtaskBin, '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/snapshot \[--json\]/);
    const version = run([smoothtaskBin, '--version']);
    expect(version.stdout.trim()).toBe(`smoothtask ${JSON.parse(readFileSync('package.json', 'utf8')).version}`);
    const bad = run([smoothtaskBin, '--frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--frobnicate'/);
    expect(run([smoothtaskBin, '--interval', 'soon']).status).toBe(2);
  });

  it('refuses top without a terminal and points at snapshot', () => {
    const top = run([smoothtaskBin, 'top']);
    expect(top.status).toBe(1);
    expect(top.stderr).toMatch(/snapshot --json/);
  });
});

describe('smoothtask snapshot --json', () => {
  it('prints one documented snapshot whose numbers agree with /proc', () => {
    const out = run([smoothtaskBin, 'snapshot', '--json', '--interval', '500ms']);
    expect(out.status).toBe(0);
    const s = JSON.parse(out.stdout) as Snapshot;
    expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    const meminfo = readFileSync('/proc/meminfo', 'utf8');
    const totalKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)![1]);
    expect(s.memory?.totalBytes).toBe(totalKb * 1024);
    expect(s.cpu?.total?.busy).toBeGreaterThanOrEqual(0);
    expect(s.cpu?.cores.length).toBe(s.host.cpuCount);
    for (const key of ['pid', 'ppid', 'comm', 'cmdline', 'state', 'startTime'] as const) {
      expect(s.processes.every((p) => p[key] !== undefined)).toBe(true);
    }
    expect(s.processes.some((p) => p.cpuPercent !== undefined)).toBe(true);
    const self = s.processes.find((p) => p.pid === s.self.pid);
    expect(self?.cmdline).toMatch(/snapshot --json/);
    // How long pid 1 had run when the snapshot was taken, against ps's etimes read just after it.
    const init = s.processes.find((p) => p.pid === 1) as (typeof s.processes)[number] & { elapsedSeconds?: number };
    const etimes = Number(execFileSync('ps', ['-o', 'etimes=', '-p', '1'], { encoding: 'utf8' }).trim());
    expect(Math.abs(init.elapsedSeconds! + (Date.now() - Date.parse(s.takenAt)) / 1000 - etimes)).toBeLessThan(3);
    expect(s.sources.processes?.fields.elapsedSeconds).toBe(s.sources.processes?.fields.startedAt);
    for (const name of ['cpu', 'memory', 'processes', 'gpus', 'sensors'] as const) {
      expect(s.sources[name], name).toMatchObject({
        fields: expect.any(Object),
        backends: expect.arrayContaining([expect.objectContaining({ id: expect.any(String), available: expect.any(Boolean) })]),
      });
    }
    // No GPU and no hwmon here: absent with a reason, never zeros.
    if (s.gpus.length === 0) expect(s.sources.gpus?.backend).toBeNull();
  });

  it.runIf(isRoot)('as nobody lists the processes with the native scanner, and they agree with ps', () => {
    const ps = () => {
      const rows = new Map<number, { ppid: number; user: string; comm: string }>();
      for (const line of execFileSync('ps', ['-eo', 'pid=,ppid=,user:64=,comm='], { encoding: 'utf8' }).split('\n')) {
        const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
        if (m !== null) rows.set(Number(m[1]), { ppid: Number(m[2]), user: m[3], comm: m[4].trim() });
      }
      return rows;
    };
    const before = ps();
    const out = run(asNobody([smoothtaskBin, 'snapshot', '--json', '--interval', '500ms']), { ...process.env, HOME: '/tmp' });
    const after = ps();
    expect(out.status).toBe(0);
    const s = JSON.parse(out.stdout) as Snapshot;
    expect(s.sources.processes?.backend).toBe('proc');
    const proc = s.sources.processes?.backends.find((b) => b.id === 'proc');
    expect(proc?.reason).toMatch(/native scanner/);
    let compared = 0;
    for (const p of s.processes) {
      const a = before.get(p.pid);
      const b = after.get(p.pid);
      // Alive as one process across the snapshot (the soak's churn reuses pids): same facts on both sides of it.
      if (a === undefined || b === undefined || a.ppid !== b.ppid || a.user !== b.user || a.comm !== b.comm) continue;
      compared++;
      expect(p.ppid, `ppid of ${p.pid}`).toBe(a.ppid);
      expect(p.user ?? String(p.uid), `user of ${p.pid}`).toBe(a.user);
      // ps shows unprintable bytes as '?', and a workqueue worker's name changes with its work.
      if (/^[\x20-\x7e]*$/.test(p.comm) && !a.comm.includes('?') && !a.comm.startsWith('kworker/')) expect(p.comm, `comm of ${p.pid}`).toBe(a.comm);
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('exits 2 naming file, line and key for an invalid config', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'smoothtask-bad-')), 'config.toml');
    writeFileSync(file, '[general]\ninterval_ms = "fast"\n');
    const out = run([smoothtaskBin, 'snapshot', '--config', file]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${file}:2: general.interval_ms`);
  });
});

describe.skipIf(!isRoot)('smoothtask doctor (needs root to compare with an unprivileged run)', () => {
  it('as root reports the eBPF backends in use', () => {
    const report = JSON.parse(run([smoothtaskBin, 'doctor', '--json']).stdout);
    const processes = report.collectors.find((c: { name: string }) => c.name === 'processes');
    expect(processes.backend).toBe('ebpf');
  });

  it('as nobody falls back to /proc and says why and what to do', () => {
    // HOME still names /root, as after a plain privilege drop: the config is passed over with a reason.
    const out = run(asNobody([smoothtaskBin, 'doctor', '--json']), { ...process.env, HOME: '/root' });
    expect(out.status).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.uid).toBe(65534);
    expect(report.config.note).toMatch(/EACCES/);
    const processes = report.collectors.find((c: { name: string }) => c.name === 'processes');
    expect(processes.backend).toBe('proc');
    const ebpf = processes.backends.find((b: { id: string }) => b.id === 'ebpf');
    expect(ebpf.available).toBe(false);
    expect(ebpf.reason).toMatch(/EPERM/);
    expect(ebpf.remedy).toMatch(/root|CAP_BPF/);
    const text = run(asNobody([smoothtaskBin, 'doctor']), { ...process.env, HOME: '/tmp' }).stdout;
    expect(text).toMatch(/processes: using proc/);
    expect(text).toMatch(/fix: run as root, or grant CAP_BPF and CAP_PERFMON/);
  });
});
