/**
 * The join from the cgroups collector to the screen: a real Monitor reads a cgroup v2 tree (the
 * recorded one of test/fixtures/debian12-2cpu-vm-cgroups, copied as its /sys, with a live `sleep`
 * as the thrasher's process) and the live /proc; its snapshot's cgroup stall names that process a
 * memory victim with its cgroup and its wait, in the verdict's JSON and in the V view. The host's
 * own memory pressure is the one input set by the test (this host is not short of memory), so
 * the verdict names memory at all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Monitor } from '../../src/runtime/monitor.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { verdictProcessor } from '../../src/verdict/processor.js';
import { renderApp, tick } from './helpers/render.js';
import { plain } from './helpers/frame.js';

const RECORDED = new URL('../fixtures/debian12-2cpu-vm-cgroups/', import.meta.url).pathname;
const THRASHER = 'fs/cgroup/unified/stalled/thrasher';

describe('cgroup pressure → snapshot → verdict → V view', () => {
  let dir: string;
  let child: ChildProcess;
  let monitor: Monitor;
  let first: Snapshot;
  let second: Snapshot;
  /** ms from before the first tick to after the second: the longest the gap between the two reads can be. */
  let outerMs: number;

  /** The recorded tree (`tree`: '' or 'later/') as /sys, with the live child as the thrasher's one process. */
  function placeTree(tree: string): void {
    cpSync(join(RECORDED, tree, 'sys'), join(dir, 'sys'), { recursive: true });
    writeFileSync(join(dir, 'sys', THRASHER, 'cgroup.procs'), `${child.pid}\n`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smoothtask-cgjoin-'));
    child = spawn('sleep', ['60'], { stdio: 'ignore' });
    placeTree('');
    monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}), sysRoot: join(dir, 'sys') });
    const start = performance.now();
    first = await monitor.tick();
    placeTree('later/');
    await new Promise((r) => setTimeout(r, 1000));
    second = await monitor.tick();
    outerMs = performance.now() - start;
  });

  afterAll(() => {
    monitor?.stop();
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it("puts each cgroup's stall in the snapshot, from the totals' delta, with its provenance", () => {
    expect(first.cgroups?.cgroups.find((c) => c.path === '/stalled/thrasher')?.memory?.some).toMatchObject({ stallMsPerSec: 128 });
    const thrasher = second.cgroups?.cgroups.find((c) => c.path === '/stalled/thrasher');
    expect(thrasher?.pids).toEqual([child.pid]);
    // 512,026 µs between the two recorded reads, over the gap between the Monitor's two reads
    // (at least the 1 s the test waited, at most the time both ticks took with it).
    expect(thrasher?.memory?.some?.stalledMs).toBeCloseTo(512.026, 6);
    expect(thrasher?.memory?.some?.stallMsPerSec).toBeGreaterThanOrEqual(512026 / outerMs);
    expect(thrasher?.memory?.some?.stallMsPerSec).toBeLessThanOrEqual(512.026);
    expect(second.sources.cgroups).toMatchObject({ backend: 'cgroupfs', fields: { cgroups: 'cgroupfs' } });
  });

  it('names the process a memory victim with its wait and cgroup, in the JSON and the V view', async () => {
    const judge = verdictProcessor();
    const stalled: Snapshot = {
      ...second,
      pressure: {
        ...second.pressure,
        memory: { some: { avg10: 70, avg60: 40, avg300: 10, totalUs: 1 }, full: { avg10: 65, avg60: 40, avg300: 10, totalUs: 1 } },
      },
    };
    judge(stalled);
    judge(stalled);
    const s = judge(stalled);
    const i = s.verdict!.limiting.findIndex((f) => f.resource === 'memory');
    expect(i).toBeGreaterThanOrEqual(0);
    const victim = (JSON.parse(JSON.stringify(s.verdict)) as NonNullable<Snapshot['verdict']>).culprits[i].victims[0];
    expect(victim).toMatchObject({ pid: child.pid, comm: 'sleep', unit: 'ms/s', label: 'cgroup memory stall (full)', cgroup: '/stalled/thrasher' });
    expect(victim.waitedMs).toBeCloseTo(512.026, 6);

    // Tall enough for the whole report: on a busy host CPU may be judged too, and ranked first.
    const r = renderApp({ snapshot: s, columns: 200, rows: 200 });
    await tick();
    await r.press('V');
    expect(plain(r.frame())).toMatch(
      new RegExp(
        `sleep \\(${child.pid}\\) \\S+: cgroup memory stall \\(full\\) [\\d.]+ ms/s, waited 512 ms in the last interval \\(cgroup /stalled/thrasher\\)`,
      ),
    );
    r.instance.unmount();
  });
});
