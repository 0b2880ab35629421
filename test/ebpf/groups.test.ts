/**
 * All program groups together: each loads and attaches, a group that fails (fentry, a test-only
 * group from test/ebpf/support, on kernels that refuse it) is off alone, hardware events that never fire read as absent, and nothing
 * stays loaded after close, after SIGTERM or after SIGKILL of the process that loaded them.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { addonPath } from '../../src/native/binding.js';
import { bpfObjectPath, type BpfGroup, type BpfGroupName } from '../../src/native/bpf.js';
import { CPUFREQ_SIZE, decodeCpuFreq, decodeThermal, THERMAL_SIZE } from '../../src/native/bpf-hw.js';
import { KernelSession, type KernelSessionOptions } from '../../src/native/kernel-session.js';
import { bpfStatsHolders, requireNative, skipReason, sleep, testObject } from './helpers.js';

const REQUIRED: BpfGroupName[] = ['task_iter', 'sched', 'net', 'hw'];

function loadedIds(): Set<number> {
  const progs = JSON.parse(execFileSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8' })) as { id: number }[];
  return new Set(progs.map((p) => p.id));
}

/** A session with `names` opened: those that loaded, and why each other did not. */
function openAll(names: readonly string[], options?: KernelSessionOptions) {
  const session = new KernelSession(options);
  const on = new Map<string, BpfGroup>();
  const off = new Map<string, { reason: string }>();
  for (const name of names) {
    const opened = session.open(name);
    if (opened.ok) on.set(name, opened.group);
    else off.set(name, opened);
  }
  return { session, on, off, close: () => session.close() };
}

/** Wait until none of `ids` is loaded (program release runs after the last fd closes). */
async function expectUnloaded(ids: number[]): Promise<void> {
  for (let i = 0; i < 40 && ids.some((id) => loadedIds().has(id)); i++) await sleep(50);
  expect(ids.filter((id) => loadedIds().has(id))).toEqual([]);
}

describe.skipIf(skipReason !== undefined)(`program groups (${skipReason ?? 'root'})`, () => {
  it('loads and attaches every group; the fentry group, refused here, is off alone', () => {
    const set = openAll([...REQUIRED, 'fentry'], { paths: { fentry: testObject('fentry') } });
    try {
      expect([...set.on.keys()].filter((n) => n !== 'fentry')).toEqual(REQUIRED);
      const loaded = loadedIds();
      for (const group of set.on.values()) {
        const stats = group.programStats();
        expect(stats.length).toBeGreaterThan(0);
        for (const s of stats) expect(loaded.has(s.id)).toBe(true);
      }
      if (set.off.has('fentry')) {
        expect(set.off.get('fentry')!.reason).toMatch(/^bpf\(BPF_PROG_LOAD\): (EPERM|EACCES|EOPNOTSUPP|ENOENT|EUNKNOWN)/);
      }
      // The groups that loaded still work after one failed.
      expect(set.on.get('task_iter')!.iterate('dump_task').byteLength).toBeGreaterThan(0);
    } finally {
      set.close();
    }
  });

  it('reads thermal and cpufreq events as absent when the hardware sends none (n/a, not 0)', async () => {
    expect(requireNative().recordLayouts.st_thermal.size).toBe(THERMAL_SIZE);
    expect(requireNative().recordLayouts.st_cpufreq.size).toBe(CPUFREQ_SIZE);
    const set = openAll(['hw']);
    try {
      await sleep(200);
      const thermal = set.session.readMap('hw', 'thermal');
      const cpufreq = set.session.readMap('hw', 'cpufreq');
      const readings = [...decodeThermal(thermal.keys, thermal.values, thermal.count), ...decodeCpuFreq(cpufreq.keys, cpufreq.values, cpufreq.count)];
      for (const r of readings) expect(r.events).toBeGreaterThan(0);
    } finally {
      set.close();
    }
  });

  it('leaves nothing loaded after close', async () => {
    const set = openAll(REQUIRED);
    const ids = [...set.on.values()].flatMap((g) => g.programStats().map((s) => s.id));
    expect(ids.length).toBeGreaterThanOrEqual(12);
    set.close();
    await expectUnloaded(ids);
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`leaves nothing loaded, and BPF stats off, after ${signal} of the loading process`, async () => {
      const stats = execFileSync('cat', ['/proc/sys/kernel/bpf_stats_enabled'], { encoding: 'utf8' });
      // The sysctl reads 1 while anyone holds a stats fd: this run's other files may, in parallel.
      const othersBefore = bpfStatsHolders();
      const script = `
        const bpf = require(${JSON.stringify(addonPath)}).bpf;
        const ids = [];
        for (const g of ${JSON.stringify(REQUIRED)}) {
          const h = bpf.open(${JSON.stringify(bpfObjectPath('task_iter').replace('task_iter', '%'))}.replace('%', g));
          for (const s of bpf.programStats(h)) ids.push(s.id);
        }
        bpf.enableStats();
        console.log(JSON.stringify(ids));
        setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const ids = JSON.parse(line.toString()) as number[];
      expect(ids.length).toBeGreaterThanOrEqual(12);
      const loaded = loadedIds();
      expect(ids.every((id) => loaded.has(id))).toBe(true);
      expect(bpfStatsHolders()).toContain(child.pid);
      child.kill(signal);
      await once(child, 'exit');
      await expectUnloaded(ids);
      const statsAfter = execFileSync('cat', ['/proc/sys/kernel/bpf_stats_enabled'], { encoding: 'utf8' });
      if (othersBefore.length === 0 && bpfStatsHolders().length === 0) expect(statsAfter).toBe(stats);
      expect(bpfStatsHolders()).not.toContain(child.pid);
      if (stats.trim() === '0' && bpfStatsHolders().length === 0) {
        // The child's BPF_ENABLE_STATS fd died with it, and no one else holds one: run time is
        // no longer counted. (Other SmoothTask instances, or this run's other files, may hold one.)
        const probe = openAll(['task_iter']);
        try {
          probe.on.get('task_iter')!.iterate('dump_task');
          const runs = probe.on.get('task_iter')!.programStats()[0].runCount;
          if (bpfStatsHolders().length === 0) expect(runs).toBe(0n);
        } finally {
          probe.close();
        }
      }
    });
  }
});
