/**
 * renice on a real child: the nice value read back from /proc/PID/stat, bad values refused with
 * nothing changed, and a vanished process reported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renice } from '../../../src/actions/renice.js';
import { readStat } from '../../../src/collectors/procdetail/identity.js';
import { reap, spawnSleeper, type Sleeper } from './support/children.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const live: Sleeper[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map(reap));
});

describe('renice', () => {
  it('sets nice and reads it back from /proc', () => {
    const s = spawnSleeper();
    live.push(s);
    const result = renice(s.target, 7, '/proc', buffer);
    expect(result).toEqual({ ok: true, message: `nice of ${s.target.pid} (sleep, root) is now 7 (read back from /proc)` });
    expect(readStat(buffer, '/proc', s.target.pid)?.nice).toBe(7);
    expect(renice(s.target, -3, '/proc', buffer).ok).toBe(true);
    expect(readStat(buffer, '/proc', s.target.pid)?.nice).toBe(-3);
  });

  it.each([20, -21, 1.5, Number.NaN])('refuses %s and changes nothing', (value) => {
    const s = spawnSleeper();
    live.push(s);
    const before = readStat(buffer, '/proc', s.target.pid)?.nice;
    const result = renice(s.target, value, '/proc', buffer);
    expect(result).toEqual({ ok: false, code: 'ERANGE', message: 'nice must be a whole number from -20 (most CPU) to 19 (least CPU)' });
    expect(readStat(buffer, '/proc', s.target.pid)?.nice).toBe(before);
  });

  it('reports a process that has exited', async () => {
    const s = spawnSleeper();
    await reap(s);
    const result = renice(s.target, 5, '/proc', buffer);
    expect(result).toMatchObject({ ok: false, code: 'ESRCH' });
    expect(result.message).toContain('has exited');
  });
});
