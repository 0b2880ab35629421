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
import { ReadBuffer } from '../../../src/util/readfile.js';
import { reap, spawnSleeper, type Sleeper } from '../actions/support/children.js';
import { makeCgroup, v1Hierarchy, type TestCgroup } from '../actions/support/cgroup.js';
import { saturatedBy, sleeperRow } from './saturated.js';

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
      const cg = cgroup.path;
      const snapshot = saturatedBy([sleeperRow(a, { cpuPercent: 99, nice: 0, cgroup: cg }), sleeperRow(b, { cpuPercent: 98, nice: 12, cgroup: cg })]);
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
