/**
 * Inside a container's PID namespace (`unshare --pid --fork --mount-proc`, as a privileged
 * container runs): every PID SmoothTask reports is one `ps` there shows for the same command,
 * and `doctor` says why the PID-keyed eBPF backends stay off.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/types/snapshot.js';
import { smoothtaskBin } from './tmux.js';

const isRoot = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'smoothtask-pidns-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!isRoot)('in a PID namespace (needs root for unshare --pid)', () => {
  it("reports the namespace's PIDs, from /proc, and says why in doctor", () => {
    const script = [
      'sleep 60 & sleeper=$!',
      `${smoothtaskBin} snapshot --json --interval 300ms > snapshot.json`,
      'ps -eo pid=,comm= > ps.txt',
      `${smoothtaskBin} doctor --json > doctor.json`,
      'kill $sleeper',
    ].join('\n');
    const run = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'bash', '-c', script], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);

    const snapshot = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as Snapshot;
    const ps = new Map(
      readFileSync(join(dir, 'ps.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .map(([pid, comm]) => [Number(pid), comm]),
    );
    expect(snapshot.host.pidNamespace).not.toBe(0xeffffffc);
    // The namespace holds bash (1), sleep, and SmoothTask itself while it samples.
    const sleep = snapshot.processes.find((p) => p.comm === 'sleep');
    expect(sleep && ps.get(sleep.pid)).toBe('sleep');
    expect(snapshot.processes.find((p) => p.pid === 1)?.comm).toBe('bash');
    for (const p of snapshot.processes) {
      if (p.pid === snapshot.self.pid) continue;
      expect(ps.get(p.pid), `${p.pid} ${p.comm}`).toBe(p.comm);
    }
    expect(snapshot.sources.processes?.backend).toBe('proc');

    const doctor = JSON.parse(readFileSync(join(dir, 'doctor.json'), 'utf8')) as {
      collectors: { name: string; backends: { id: string; available: boolean; reason?: string }[] }[];
    };
    const processes = doctor.collectors.find((c) => c.name === 'processes');
    expect(processes?.backends.find((b) => b.id === 'ebpf')).toMatchObject({ available: false, reason: expect.stringMatching(/PID namespace/) });
  });
});
