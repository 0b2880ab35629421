/**
 * The advisor's two newer actions, end to end on real parts: a verdict judged over a saturated
 * snapshot whose hogs are real children in a real cgroup v1 made by the test advises lowering
 * that cgroup's CPU weight and moving an already niced hog to SCHED_IDLE; the advisor, allowed
 * both, journals each with the value from before and carries it out through the process actions
 * (cpu.shares read back, the policy read back by chrt -p); `advisor undo` restores the exact
 * cpu.shares and SCHED_OTHER with the nice the hog had.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../../src/advisor/journal.js';
import { parseArgs } from '../../../src/cli/args.js';
import { runAdvisorUndo } from '../../../src/cli/advisor.js';
import { resolveSettings } from '../../../src/cli/settings.js';
import { readStat } from '../../../src/collectors/procdetail/identity.js';
import { procNative } from '../../../src/native/proc.js';
import { processActions } from '../../../src/runtime/actions.js';
import { startAdvisor } from '../../../src/runtime/advisor.js';
import { Store } from '../../../src/store/store.js';
import type { ProcessRow, Snapshot } from '../../../src/types/snapshot.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { Judge } from '../../../src/verdict/index.js';
import { reap, spawnSleeper, type Sleeper } from '../actions/support/children.js';
import { makeCgroup, v1Hierarchy, type TestCgroup } from '../actions/support/cgroup.js';
import { FIXTURES } from '../host/context.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();
const cpuV1 = v1Hierarchy('cpu', 'cpu.shares');
const hasChrt = spawnSync('chrt', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'smoothtask-undo-'));
const live: Sleeper[] = [];
let cgroup: TestCgroup | undefined;

afterAll(async () => {
  await Promise.all(live.splice(0).map(reap));
  cgroup?.remove();
  rmSync(dir, { recursive: true, force: true });
});

function chrtPolicy(pid: number): string | undefined {
  return /current scheduling policy: (\S+)/.exec(spawnSync('chrt', ['-p', String(pid)], { encoding: 'utf8' }).stdout)?.[1];
}

/** The recorded VM with its CPU saturated by `hogs`, judged over the hysteresis' samples. */
function saturatedBy(hogs: ProcessRow[]): Snapshot {
  const snap = JSON.parse(readFileSync(`${FIXTURES}debian12-2cpu-vm-snapshot/snapshot.json`, 'utf8')) as Snapshot;
  snap.pressure!.cpu!.some!.avg10 = 80;
  snap.cpu!.total!.busy = 100;
  snap.processes = hogs;
  snap.self = { ...snap.self, pid: process.pid };
  const judge = new Judge();
  for (let i = 0; i < 3; i++) snap.verdict = judge.verdict(snap);
  return snap;
}

describe.skipIf(cpuV1 === undefined || !procNative().ok || !hasChrt)(
  'advisor: cgroup weight and SCHED_IDLE, undone (needs root, cgroup v1 cpu, the addon, chrt)',
  () => {
    it('acts through the process actions, journals the values from before, and advisor undo restores them exactly', async () => {
      cgroup = makeCgroup(cpuV1!, 'advisor');
      cgroup.write('cpu.shares', '777');
      const [a, b] = [spawnSleeper(), spawnSleeper()];
      live.push(a, b);
      for (const s of [a, b]) cgroup.join(s.target.pid);
      setPriority(b.target.pid, 12);
      const row = (s: Sleeper, cpuPercent: number, nice: number): ProcessRow => ({
        pid: s.target.pid,
        startTime: s.target.startTime,
        ppid: process.pid,
        state: 'R',
        comm: 'sleep',
        cmdline: 'sleep 60',
        user: 'root',
        uid: 0,
        nice,
        cpuPercent,
        cgroup: cgroup!.path,
      });
      const snapshot = saturatedBy([row(a, 99, 0), row(b, 98, 12)]);
      expect(snapshot.verdict?.advice.map((x) => [x.pid, x.action])).toEqual([
        [a.target.pid, { kind: 'weight', controller: 'cpu', weight: 10 }],
        [a.target.pid, { kind: 'renice', nice: 10 }],
        [b.target.pid, { kind: 'sched', policy: 'idle' }],
      ]);

      const journal = join(dir, 'advisor.jsonl');
      const config = join(dir, 'config.toml');
      writeFileSync(
        config,
        `[advisor]\nenabled = true\njournal = "${journal}"\n\n[[advisor.allow]]\naction = "cpu_weight"\nselector = { name = "sleep" }\n\n[[advisor.allow]]\naction = "sched_idle"\nselector = { name = "sleep" }\n`,
      );
      const settings = resolveSettings(parseArgs(['advisor', 'undo', '--config', config]), process.env);
      const actions = processActions({ procRoot: '/proc', sysRoot: '/sys' });
      const store = new Store(10);
      startAdvisor(store, settings.loaded.config.advisor, { log: pino({ level: 'silent' }), actions });
      const published = store.publish(snapshot);

      expect(published.advisor?.actions.map((r) => [r.pid, r.ok, r.message])).toEqual([
        [a.target.pid, true, `cpu.shares of cgroup ${cgroup.path} (cpu hierarchy) is now 102 (weight 10; read back)`],
        [b.target.pid, true, `scheduling policy of ${b.target.pid} (sleep, root) is now SCHED_IDLE (read back with sched_getscheduler)`],
      ]);
      expect(cgroup.read('cpu.shares')).toBe('102\n');
      expect(chrtPolicy(b.target.pid)).toBe('SCHED_IDLE');
      expect(chrtPolicy(a.target.pid)).toBe('SCHED_OTHER');
      expect(parseJournal(readFileSync(journal, 'utf8')).actions.map((e) => e.before)).toEqual([
        { cgroupWeight: { at: { hierarchy: 'cpu', path: cgroup.path, file: 'cpu.shares' }, value: 777 } },
        { sched: { policy: 'other', priority: 0, nice: 12 } },
      ]);

      expect(await runAdvisorUndo(settings, actions)).toBe(0);
      expect(cgroup.read('cpu.shares')).toBe('777\n');
      expect(chrtPolicy(b.target.pid)).toBe('SCHED_OTHER');
      expect(readStat(buffer, '/proc', b.target.pid)?.nice).toBe(12);
      expect(parseJournal(readFileSync(journal, 'utf8')).undone.size).toBe(2);
    });
  },
);
