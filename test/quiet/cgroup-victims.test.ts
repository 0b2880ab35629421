/**
 * Memory victims from per-cgroup pressure on conditions the test causes: a process in a cgroup of
 * the v2 hierarchy made by the test (on a hybrid host, /sys/fs/cgroup/unified, beside a v1 memory
 * cgroup that limits it; on a pure v2 host, the one cgroup does both) touches four times its 48 MiB
 * limit over and over on a swap file the test adds, and stalls in reclaim. A real Monitor names
 * memory, and that process its victim, with its cgroup and the ms its cgroup stalled in the last
 * interval; that figure is checked against the cgroup's own memory.pressure total, read by the
 * test around the Monitor's two reads. `why --json` (the built app) says the same.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePressure } from '../../src/collectors/pressure/parse.js';
import { Monitor } from '../../src/runtime/monitor.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import type { Culprit, Verdict } from '../../src/verdict/types.js';
import { appBuilt, smoothtaskBin } from '../e2e/tmux.js';
import { addSwapFile, thrasherScript } from './system.js';

const isRoot = process.getuid?.() === 0;
const pureV2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
const unified = pureV2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/unified';
const hasCgroupPsi = existsSync(join(unified, 'cgroup.controllers')) && existsSync(join(unified, 'memory.pressure'));
const name = `smoothtask-cgpsi-${process.pid}`;
/** The victim's cgroup as /proc/PID/cgroup's 0:: line names it. */
const path = `/${name}`;

/** The cgroup's memory.pressure line `which` total, µs. */
function totalUs(which: 'some' | 'full'): number {
  return parsePressure(readFileSync(join(unified, name, 'memory.pressure'), 'utf8'))[which]!.totalUs;
}

describe.skipIf(!isRoot || !hasCgroupPsi)('memory victims from cgroup pressure (needs root and a v2 hierarchy with PSI)', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  let thrasher: ChildProcess;

  beforeAll(() => {
    addSwapFile(cleanups);
    const v2 = join(unified, name);
    mkdirSync(v2);
    cleanups.push(() => rmdirSync(v2));
    const limits = pureV2 ? v2 : `/sys/fs/cgroup/memory/${name}`;
    if (!pureV2) {
      mkdirSync(limits);
      cleanups.push(() => rmdirSync(limits));
    }
    writeFileSync(join(limits, pureV2 ? 'memory.max' : 'memory.limit_in_bytes'), String(48 * 1024 * 1024));
    thrasher = spawn('python3', ['-c', thrasherScript([...new Set([v2, limits])], 75)], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => thrasher.once('exit', () => resolve()));
    cleanups.push(async () => {
      thrasher.kill('SIGKILL');
      await exited;
    });
  });

  afterAll(async () => {
    for (const undo of cleanups.splice(0).reverse()) {
      try {
        await undo();
      } catch {
        // best effort: the next cleanup still runs
      }
    }
  });

  it("names the thrasher a memory victim, with its cgroup's stall as the cgroup's own total moved", async () => {
    const monitor = await Monitor.create({ intervalMs: 500, configStatus: () => ({}) });
    cleanups.push(() => monitor.stop());
    /** Per tick: the cgroup's totals just before it and just after it, and its snapshot. */
    const ticks: { before: Record<'some' | 'full', number>; after: Record<'some' | 'full', number>; s: Snapshot }[] = [];
    const victimIn = (s: Snapshot): Culprit | undefined => {
      const i = s.verdict?.limiting.findIndex((f) => f.resource === 'memory') ?? -1;
      return i < 0 ? undefined : s.verdict!.culprits[i].victims.find((c) => c.pid === thrasher.pid);
    };
    const end = Date.now() + 45_000;
    for (;;) {
      const before = { some: totalUs('some'), full: totalUs('full') };
      const s = await monitor.tick();
      ticks.push({ before, after: { some: totalUs('some'), full: totalUs('full') }, s });
      if ((victimIn(s)?.waitedMs !== undefined && ticks.length >= 2) || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const [prev, cur] = ticks.slice(-2);
    const victim = victimIn(cur.s);
    expect(victim, JSON.stringify(cur.s.verdict?.culprits)).toBeDefined();
    expect(victim).toMatchObject({ comm: 'python3', unit: 'ms/s', cgroup: path, label: expect.stringMatching(/^cgroup memory stall \((full|some)\)$/) });
    const which = victim!.label.includes('full') ? 'full' : 'some';
    // The Monitor read the cgroup once in each of the last two ticks: the stall between its two
    // reads lies between what the cgroup's total moved from the end of the first tick to the
    // start of the second, and from the start of the first to the end of the second. That bracket
    // is the tolerance (each tick's own length of stall at most).
    const innerMs = (cur.before[which] - prev.after[which]) / 1000;
    const outerMs = (cur.after[which] - prev.before[which]) / 1000;
    expect(victim!.waitedMs).toBeGreaterThanOrEqual(innerMs);
    expect(victim!.waitedMs).toBeLessThanOrEqual(outerMs);
    expect(victim!.waitedMs).toBeGreaterThan(0);
    const cgroup = cur.s.cgroups?.cgroups.find((c) => c.path === path);
    expect(cgroup?.pids).toContain(thrasher.pid);
    expect(cgroup?.memory?.[which]?.stalledMs).toBe(victim!.waitedMs);
    expect(thrasher.exitCode).toBeNull();
  }, 90_000);

  it.skipIf(!appBuilt)(
    '`why --json` lists it too, with its cgroup',
    () => {
      const out = spawnSync(smoothtaskBin, ['why', '--json', '--interval', '500ms'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(out.status, out.stderr).toBe(0);
      const v = JSON.parse(out.stdout) as Verdict;
      const i = v.limiting.findIndex((f) => f.resource === 'memory');
      expect(i, JSON.stringify(v.findings.find((f) => f.resource === 'memory'))).toBeGreaterThanOrEqual(0);
      expect(v.culprits[i].victims.find((c) => c.pid === thrasher.pid)).toMatchObject({
        comm: 'python3',
        cgroup: path,
        unit: 'ms/s',
        waitedMs: expect.any(Number),
      });
    },
    60_000,
  );
});
