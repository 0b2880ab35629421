/**
 * `smoothtask why` on this machine, as a person runs it: with four busy loops on a 2-core host
 * the verdict is CPU saturation from CPU pressure, the text report and the JSON say the same, and
 * `snapshot --json` carries the verdict with that snapshot's top processes by CPU as hogs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/types/snapshot.js';
import type { Verdict } from '../../src/verdict/types.js';
import { appBuilt, smoothtaskBin } from '../e2e/tmux.js';

/** /proc/pressure/cpu's "some avg10", as the kernel has it now. */
function cpuSomeAvg10(): number {
  return Number(/^some avg10=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? 0);
}

function run(args: string[]) {
  return spawnSync(smoothtaskBin, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe.skipIf(!appBuilt)('smoothtask why (needs the app built)', () => {
  const loops: ChildProcess[] = [];

  beforeAll(async () => {
    // Twice as many busy loops as CPUs: every CPU always has a task waiting, so CPU pressure
    // ("some") approaches 100% within its 10 s average. The kernel moves avg10 every 2 s, so the
    // test waits until the average itself is well up rather than for a fixed time. A quiet test:
    // the loops load the machine, which would slow the tests beside it.
    for (let i = 0; i < cpus().length * 2; i++) loops.push(spawn('sh', ['-c', 'exec yes >/dev/null'], { stdio: 'ignore' }));
    const until = Date.now() + 30_000;
    while (cpuSomeAvg10() < 60 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 500));
  }, 40_000);

  afterAll(() => {
    for (const l of loops) l.kill('SIGKILL');
  });

  it('names CPU saturation from CPU pressure', () => {
    const out = run(['why', '--json', '--interval', '500ms']);
    expect(out.status).toBe(0);
    const v = JSON.parse(out.stdout) as Verdict;
    expect(v.version).toBe(1);
    expect(v.headroom).toBe(false);
    const cpu = v.limiting.find((f) => f.resource === 'cpu')!;
    expect(cpu).toMatchObject({ kind: 'saturation', level: 'critical' });
    const psi = cpu.evidence.find((e) => e.label === 'PSI cpu some, avg10')!;
    expect(psi.value).toBeGreaterThan(40);
    expect(psi.source).toBe('pressure via proc');
  });

  it("snapshot --json carries the same verdict, whose hogs are that snapshot's top processes by CPU", () => {
    const s = JSON.parse(run(['snapshot', '--json', '--interval', '500ms']).stdout) as Snapshot;
    expect(s.verdict?.version).toBe(1);
    expect(s.verdict?.findings.map((f) => f.resource)).toEqual(expect.arrayContaining(['cpu', 'memory', 'io', 'network', 'thermal', 'steal']));
    const i = s.verdict!.limiting.findIndex((f) => f.resource === 'cpu');
    expect(i).toBeGreaterThanOrEqual(0);
    const byCpu = s.processes.filter((p) => (p.cpuPercent ?? 0) > 0).sort((a, b) => b.cpuPercent! - a.cpuPercent!);
    expect(s.verdict!.culprits[i].hogs.map((h) => h.pid)).toEqual(byCpu.slice(0, 5).map((p) => p.pid));
    // Our loops ran through that snapshot's interval, each on a share of a CPU.
    const ours = s.processes.filter((p) => loops.some((l) => l.pid === p.pid));
    expect(ours.map((p) => p.comm)).toEqual(loops.map(() => 'yes'));
    for (const p of ours) expect(p.cpuPercent).toBeGreaterThan(5);
  });

  it("the text report says the same, with the threshold's origin", () => {
    const out = run(['why', '--interval', '500ms']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^verdict at .*: CPU saturated · PSI cpu some, avg10 \d+/);
    expect(out.stdout).toContain('threshold: below (facebookincubator/below): PSI above 40% is highlighted');
    expect(out.stdout).toMatch(/hogs: {4}\S+ \(\d+\) root: CPU \d/);
  });
});
