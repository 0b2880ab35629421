/**
 * A victim of CPU saturation, measured three ways: SmoothTask's run-queue wait for a probe from
 * the scheduler tracepoints, the kernel's own account of it (run_delay in /proc/PID/schedstat,
 * kept by the scheduler's sched_info, not by our programs), and the probe's own: it sleeps 10 ms
 * at a time and adds up how late it wakes, less the CPU time it spent meanwhile. With stress-ng
 * (Debian) running twice as many workers as CPUs, the verdict is CPU, its hog is stress-ng, the
 * probe is among its victims, its wait by eBPF agrees with the kernel's within 25% (plus 20 ms
 * for the edges of the windows), and is no more than the probe felt.
 *
 * The probe's lateness is only an upper bound: it also holds the timer's and the system call's
 * latency and, on a virtual machine, time the host gave the vCPU to others (steal), none of which
 * is a wait on our run queue. On a contended CI host it once felt 271 ms where eBPF measured 116.
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
 * The probe: every 10 ms sleep, it writes its total lateness so far (ms) over the file, less its
 * own CPU time meanwhile (here about half of its excess over run_delay). Its timer slack is set
 * to 1 ns first: the default 50 µs would add 40 ms of lateness over the window that is no wait
 * for a CPU.
 */
const PROBE = `
import ctypes, os, sys, time
ctypes.CDLL(None).prctl(29, 1, 0, 0, 0)  # PR_SET_TIMERSLACK
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
late = 0.0
while True:
    t, c = time.monotonic(), time.thread_time()
    time.sleep(0.01)
    late += time.monotonic() - t - 0.01 - (time.thread_time() - c)
    os.pwrite(fd, ('%.3f\\n' % (late * 1000)).ljust(24).encode(), 0)
`;

const lateness = (file: string): number => Number(readFileSync(file, 'utf8').trim());
/** The kernel's run-queue wait for the process so far, ms: schedstat's second field, in ns. */
const runDelay = (pid: number): number => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
/** USER_HZ, the unit of /proc/stat's times, as the C library gives it. */
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout);
/** Time the host took from all vCPUs so far, ms (/proc/stat's eighth figure, in USER_HZ ticks): for the message. */
const steal = (): number => (Number(readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/ +/)[8]) * 1000) / clockTicks;

describe.skipIf(!isRoot || !hasStressNg)('a CPU victim, measured by eBPF, by the kernel and by itself (needs root and stress-ng)', () => {
  it("the verdict is CPU, stress-ng the hog, the probe a victim whose wait by eBPF agrees with the kernel's and is no more than it felt", async () => {
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
    let kernelMs = 0;
    // The probe writes its first figure after its first sleep; Python may still be starting.
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
    let before = lateness(file);
    let delayBefore = runDelay(probe.pid!);
    let at = performance.now();
    const stealBefore = steal();
    // Thirty intervals at least: the verdict's hysteresis needs three, and the comparison a window
    // long enough that the probe's wait is well above the allowance (in fresh-clone runs the probe
    // waited 5 to 8 ms a second: eight intervals once gave 63 ms, twenty 89). Up to sixty while
    // the probe has waited less than 100 ms in all, as a quieter scheduler can make it.
    for (let i = 0; i < 60 && (i < 30 || selfMs <= 100); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      last = await monitor.tick();
      const now = performance.now();
      const after = lateness(file);
      const delayAfter = runDelay(probe.pid!);
      const row = last.processes.find((p) => p.pid === probe.pid);
      if (i >= 2 && row?.runqueueWaitMsPerSec !== undefined) {
        ebpfMs += (row.runqueueWaitMsPerSec * (now - at)) / 1000;
        selfMs += after - before;
        kernelMs += delayAfter - delayBefore;
      }
      before = after;
      delayBefore = delayAfter;
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
    const measures = `eBPF ${ebpfMs.toFixed(0)} ms, the kernel ${kernelMs.toFixed(0)} ms, the probe ${selfMs.toFixed(0)} ms, steal ${(steal() - stealBefore).toFixed(0)} ms`;
    expect(selfMs, measures).toBeGreaterThan(100);
    expect(kernelMs, measures).toBeGreaterThan(50);
    expect(Math.abs(ebpfMs - kernelMs), measures).toBeLessThanOrEqual(0.25 * kernelMs + 20);
    expect(ebpfMs, measures).toBeLessThanOrEqual(selfMs * 1.25 + 30);
  }, 105_000);
});
