/**
 * The verdict's advice applied through the screen, on a real process: V lists it, 1 opens the
 * renice dialog at the advised value, Enter and y apply it, and the nice value read back from
 * /proc is the advised one. A hog already at nice 12 is advised SCHED_IDLE instead: 1 opens the
 * scheduling dialog on it, and chrt -p reads the policy back.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { procNative } from '../../src/native/proc.js';
import { ActionDialog } from '../../src/ui/dialogs/ActionDialog.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { reap, spawnSleeper, type Sleeper } from '../unit/actions/support/children.js';
import { saturatedBy, sleeperRow } from '../unit/advisor/saturated.js';
import { plain } from './helpers/frame.js';
import { renderAppPerTest, tick, until } from './helpers/render.js';

const render = renderAppPerTest();
const live: Sleeper[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map(reap));
});

const niceOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);

/** The recorded VM with its CPU saturated by one process: the sleeper, standing in as the hog. */
function saturatedByOne(s: Sleeper, nice = 0): Snapshot {
  return saturatedBy([sleeperRow(s, { nice, cpuPercent: 99 })]);
}

describe('advice through the screen', () => {
  it('V, 1, Enter, y renices the hog to the advised 10, read back from /proc', async () => {
    const hog = spawnSleeper();
    live.push(hog);
    const snapshot = saturatedByOne(hog);
    expect(snapshot.verdict?.advice[0]).toMatchObject({ pid: hog.target.pid, action: { kind: 'renice', nice: 10 } });
    const r = render({ snapshot, columns: 140, rows: 45, ActionDialogSlot: ActionDialog });
    await tick(150);
    await r.press('V');
    await until(() => r.frame().includes('[1] renice sleep'), 5000);
    await r.press('1');
    await until(() => r.frame().includes('nice (-20 most CPU'), 5000);
    expect(plain(r.frame())).toMatch(/current 0\): 10_/);
    await tick(150);
    await r.press('\r');
    await until(() => /y\/N/.test(r.frame()), 5000);
    await r.press('y');
    await until(() => r.frame().includes('is now 10 (read back from /proc)'), 5000);
    expect(niceOf(hog.target.pid)).toBe(10);
  });

  it.skipIf(!procNative().ok || spawnSync('chrt', ['--version']).status !== 0)(
    'a hog at nice 12: V, 1 opens the scheduling dialog at SCHED_IDLE; Enter, y moves it there, read back by chrt -p',
    async () => {
      const hog = spawnSleeper();
      live.push(hog);
      setPriority(hog.target.pid, 12);
      const snapshot = saturatedByOne(hog, 12);
      expect(snapshot.verdict?.advice[0]).toMatchObject({ pid: hog.target.pid, action: { kind: 'sched', policy: 'idle' }, from: 12 });
      const r = render({ snapshot, columns: 140, rows: 45, ActionDialogSlot: ActionDialog });
      await tick(150);
      await r.press('V');
      await until(() => r.frame().includes('[1] move sleep'), 5000);
      expect(plain(r.frame())).toMatch(/CFS weight 70 → 3 \(SCHED_IDLE/);
      await r.press('1');
      await until(() => r.frame().includes('Scheduling policy (chrt)'), 5000);
      expect(plain(r.frame())).toMatch(/current: SCHED_OTHER, nice 12/);
      expect(plain(r.frame())).toMatch(/SCHED_IDLE: CFS weight 3/);
      await tick(150);
      await r.press('\r');
      await until(() => /set policy SCHED_IDLE\? y\/N/.test(r.frame()), 5000);
      await r.press('y');
      await until(() => r.frame().includes('is now SCHED_IDLE (read back with sched_getscheduler)'), 5000);
      expect(spawnSync('chrt', ['-p', String(hog.target.pid)], { encoding: 'utf8' }).stdout).toMatch(/current scheduling policy: SCHED_IDLE/);
    },
  );
});
