/**
 * A victim of CPU saturation, measured twice: a probe that sleeps 10 ms at a time and adds up
 * how late it wakes, and SmoothTask's run-queue wait for that probe from the scheduler
 * tracepoints. With stress-ng (Debian) running twice as many workers as CPUs, the verdict is CPU,
 * its hog is stress-ng, the probe is among its victims, and the two measures of the probe's wait
 * agree within 25% (plus 30 ms for the probe's own bookkeeping and the timers' edges).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Monitor } from '../../src/runtime/monitor.js';
import type { Snapshot } from '../../src/types/snapshot.js';

const isRoot = process.getuid?.() === 0;
const hasStressNg = spawnSync('stress-ng', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'smoothtask-victim-'));
const children: ChildProcess[] = [];
let monitor: Monitor | undefined;

afterAll(() => {
  monitor?.stop();
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The probe: every 10 ms sleep, it writes its total lateness so far (ms) over the file. Its timer
 * slack is set to 1 ns first: the default 50 µs would add 40 ms of lateness over the window that
 * is no wait for a CPU.
 */
const PROBE = `
import ctypes, os, sys, time
ctypes.CDLL(None).prctl(29, 1, 0, 0, 0)  # PR_SET_TIMERSLACK
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
late = 0.0
while True:
    t = time.monotonic()
    time.sleep(0.01)
    late += time.monotonic() - t - 0.01
    os.pwrite(fd, ('%.3f\\n' % (late * 1000)).ljust(24).encode(), 0)
`;

const lateness = (file: string): number => Number(readFileSync(file, 'utf8').trim());

describe.skipIf(!isRoot || !hasStressNg)('a CPU victim, measured by itself and by eBPF (needs root and stress-ng)', () => {
  it('the verdict is CPU, stress-ng the hog, the probe a victim whose wait agrees with its own measure', async () => {
    const file = join(dir, 'late');
    children.push(spawn('stress-ng', ['--cpu', String(cpus().length * 2), '--timeout', '90'], { stdio: 'ignore' }));
    const probe = spawn('python3', ['-c', PROBE, file], { stdio: 'ignore' });
    children.push(probe);
    monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}) });
    await monitor.tick();
    expect(monitor.store.getLatest()?.sources.processes?.backend).toBe('ebpf');

    let last: Snapshot | undefined;
    let ebpfMs = 0;
    let selfMs = 0;
    // The probe writes its first figure after its first sleep; Python may still be starting.
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
    let before = lateness(file);
    let at = performance.now();
    // Thirty intervals at least: the verdict's hysteresis needs three, and the comparison a window
    // long enough that the probe's wait is well above the allowance (in fresh-clone runs the probe
    // waited 5 to 8 ms a second: eight intervals once gave 63 ms, twenty 89). Up to sixty while
    // the probe has waited less than 100 ms in all, as a quieter scheduler can make it.
    for (let i = 0; i < 60 && (i < 30 || selfMs <= 100); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      last = await monitor.tick();
      const now = performance.now();
      const after = lateness(file);
      const row = last.processes.find((p) => p.pid === probe.pid);
      if (i >= 2 && row?.runqueueWaitMsPerSec !== undefined) {
        ebpfMs += (row.runqueueWaitMsPerSec * (now - at)) / 1000;
        selfMs += after - before;
      }
      before = after;
      at = now;
    }
    const v = last!.verdict!;
    expect(v.limiting[0]?.resource).toBe('cpu');
    expect(
      v.culprits[0].hogs.slice(0, 3).some((h) => h.comm.startsWith('stress-ng')),
      JSON.stringify(v.culprits[0].hogs),
    ).toBe(true);
    expect(
      v.culprits[0].victims.map((c) => c.pid),
      JSON.stringify(v.culprits[0].victims),
    ).toContain(probe.pid);
    expect(selfMs).toBeGreaterThan(100);
    expect(Math.abs(ebpfMs - selfMs), `eBPF ${ebpfMs.toFixed(0)} ms, the probe ${selfMs.toFixed(0)} ms`).toBeLessThanOrEqual(0.25 * selfMs + 30);
  }, 105_000);
});
