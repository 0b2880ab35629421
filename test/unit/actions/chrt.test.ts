/**
 * chrt: the policy encoding (include/uapi/linux/sched.h) and, with the addon, moving a real child
 * to SCHED_IDLE and back, read back with sched_getscheduler and checked with chrt(1) (util-linux).
 */
import { spawnSync } from 'node:child_process';
import { setPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { readSched, setSched } from '../../../src/actions/chrt.js';
import { decodeSched, describeSched, encodePolicy, schedSettingError } from '../../../src/actions/schedpolicy.js';
import { procNative } from '../../../src/native/proc.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { reap, spawnSleeper, type Sleeper } from './support/children.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const live: Sleeper[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map(reap));
});

/** chrt -p PID's policy line: "SCHED_IDLE", "SCHED_OTHER". */
function chrtPolicy(pid: number): string | undefined {
  const out = spawnSync('chrt', ['-p', String(pid)], { encoding: 'utf8' }).stdout;
  return /current scheduling policy: (\S+)/.exec(out)?.[1];
}

describe('scheduling policies', () => {
  it('decodes and encodes the numbers sched_getscheduler returns', () => {
    expect(decodeSched(0, 0)).toEqual({ policy: 'other', priority: 0 });
    expect(decodeSched(5, 0)).toEqual({ policy: 'idle', priority: 0 });
    expect(decodeSched(0x40000000 | 3, 0)).toEqual({ policy: 'batch', priority: 0, resetOnFork: true });
    expect(decodeSched(4, 0)).toBeUndefined();
    expect(encodePolicy({ policy: 'idle', priority: 0 })).toBe(5);
    expect(encodePolicy({ policy: 'batch', priority: 0, resetOnFork: true })).toBe(0x40000003);
    expect(describeSched({ policy: 'rr', priority: 50 })).toBe('SCHED_RR 50');
    expect(describeSched({ policy: 'idle', priority: 0 })).toBe('SCHED_IDLE');
  });
  it('checks priorities per policy', () => {
    expect(schedSettingError({ policy: 'idle', priority: 0 })).toBeUndefined();
    expect(schedSettingError({ policy: 'idle', priority: 3 })).toBe('SCHED_IDLE has no priority (0)');
    expect(schedSettingError({ policy: 'fifo', priority: 0 })).toBe('SCHED_FIFO needs a priority from 1 to 99');
    expect(schedSettingError({ policy: 'deadline', priority: 0 })).toMatch(/sched_setattr/);
  });
});

const hasChrt = spawnSync('chrt', ['--version']).status === 0;

describe.skipIf(!procNative().ok || !hasChrt)('chrt on a real process (native addon built)', () => {
  it('moves a niced child to SCHED_IDLE, read back by chrt -p, and back to SCHED_OTHER with its nice kept', () => {
    const s = spawnSleeper();
    live.push(s);
    setPriority(s.target.pid, 12);
    expect(readSched(s.target, '/proc', buffer)).toEqual({ ok: true, message: 'SCHED_OTHER, nice 12', sched: { policy: 'other', priority: 0, nice: 12 } });
    expect(setSched(s.target, { policy: 'idle', priority: 0 }, '/proc', buffer)).toEqual({
      ok: true,
      message: `scheduling policy of ${s.target.pid} (sleep, root) is now SCHED_IDLE (read back with sched_getscheduler)`,
    });
    expect(chrtPolicy(s.target.pid)).toBe('SCHED_IDLE');
    expect(setSched(s.target, { policy: 'other', priority: 0 }, '/proc', buffer).ok).toBe(true);
    expect(chrtPolicy(s.target.pid)).toBe('SCHED_OTHER');
    expect(readSched(s.target, '/proc', buffer).sched).toEqual({ policy: 'other', priority: 0, nice: 12 });
  });

  it('refuses a bad priority with nothing changed, and says when the process has gone', async () => {
    const s = spawnSleeper();
    live.push(s);
    expect(setSched(s.target, { policy: 'idle', priority: 5 }, '/proc', buffer)).toMatchObject({ ok: false, code: 'ERANGE' });
    expect(chrtPolicy(s.target.pid)).toBe('SCHED_OTHER');
    const native = procNative();
    if (native.ok) expect(() => native.native.schedSet(s.target.pid, 5, 1)).toThrow(RangeError);
    await reap(s);
    expect(setSched(s.target, { policy: 'idle', priority: 0 }, '/proc', buffer)).toMatchObject({ ok: false, code: 'ESRCH' });
    expect(readSched(s.target, '/proc', buffer)).toMatchObject({ ok: false, code: 'ESRCH' });
  });
});

describe('chrt without the addon', () => {
  it('says what it needs', () => {
    const s = spawnSleeper();
    live.push(s);
    const result = setSched(s.target, { policy: 'idle', priority: 0 }, '/proc', buffer, null);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^changing the scheduling policy needs the native addon/) });
  });
});
