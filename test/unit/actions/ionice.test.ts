/**
 * ionice: the ioprio encoding (include/uapi/linux/ioprio.h) and, with the addon, setting a real
 * child's class and level and reading it back with ioprio_get.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ionice, readIoPriority } from '../../../src/actions/ionice.js';
import { decodeIoprio, encodeIoprio, ioPriorityError } from '../../../src/actions/ioprio.js';
import { procNative } from '../../../src/native/proc.js';
import { reap, spawnSleeper, type Sleeper } from './support/children.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const live: Sleeper[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map(reap));
});

describe('ioprio encoding', () => {
  it('puts the class above bit 13', () => {
    expect(encodeIoprio({ ioClass: 'best-effort', level: 4 })).toBe((2 << 13) | 4);
    expect(encodeIoprio({ ioClass: 'idle' })).toBe(3 << 13);
    expect(decodeIoprio((1 << 13) | 0)).toEqual({ ioClass: 'realtime', level: 0 });
    expect(decodeIoprio(0)).toEqual({ ioClass: 'none' });
    expect(decodeIoprio(7 << 13)).toBeUndefined();
  });
  it('validates levels', () => {
    expect(ioPriorityError({ ioClass: 'best-effort', level: 8 })).toBe('the best-effort class needs a level from 0 (highest) to 7 (lowest)');
    expect(ioPriorityError({ ioClass: 'realtime' })).toContain('needs a level');
    expect(ioPriorityError({ ioClass: 'idle', level: 3 })).toBe('the idle class has no level');
    expect(ioPriorityError({ ioClass: 'idle' })).toBeUndefined();
  });
});

describe.skipIf(!procNative().ok)('ionice on a real process (native addon built)', () => {
  it('sets best-effort 6, then idle, and reads them back', () => {
    const s = spawnSleeper();
    live.push(s);
    expect(readIoPriority(s.target, '/proc', buffer)).toMatchObject({ ok: true, priority: { ioClass: 'none' } });
    expect(ionice(s.target, { ioClass: 'best-effort', level: 6 }, '/proc', buffer)).toEqual({
      ok: true,
      message: `I/O priority of ${s.target.pid} (sleep, root) is now best-effort 6 (read back with ioprio_get)`,
    });
    expect(readIoPriority(s.target, '/proc', buffer).priority).toEqual({ ioClass: 'best-effort', level: 6 });
    expect(ionice(s.target, { ioClass: 'idle' }, '/proc', buffer).ok).toBe(true);
    expect(readIoPriority(s.target, '/proc', buffer).priority).toEqual({ ioClass: 'idle' });
  });

  it('refuses a bad level with nothing changed', () => {
    const s = spawnSleeper();
    live.push(s);
    expect(ionice(s.target, { ioClass: 'best-effort', level: 9 }, '/proc', buffer)).toMatchObject({ ok: false, code: 'ERANGE' });
    expect(readIoPriority(s.target, '/proc', buffer).priority).toEqual({ ioClass: 'none' });
  });
});

describe('ionice without the addon', () => {
  it('says what it needs', () => {
    const s = spawnSleeper();
    live.push(s);
    const result = ionice(s.target, { ioClass: 'idle' }, '/proc', buffer, null);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^ionice needs the native addon/);
  });
});
