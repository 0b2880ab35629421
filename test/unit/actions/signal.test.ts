/**
 * Signals through a pidfd on real processes: delivery, refusal when the pid names another
 * process, ESRCH (nothing sent) after the chosen process exited — including when its pid has
 * been given to a new process — and the kill(2) fallback that says its race.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { constants } from 'node:os';
import { openSignalHandle, openSignalHandles } from '../../../src/actions/signal.js';
import { SIGNAL_CHOICES } from '../../../src/actions/signals.js';
import { procNative } from '../../../src/native/proc.js';
import { readStartTime } from '../../../src/collectors/procdetail/identity.js';
import { reap, spawnSleeper, type Sleeper } from './support/children.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const SIGTERM = constants.signals.SIGTERM;
const native = procNative();
const live: Sleeper[] = [];
function sleeper(): Sleeper {
  const s = spawnSleeper();
  live.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(live.splice(0).map(reap));
});

describe('signal list', () => {
  it('starts with SIGTERM, then the others by number, SIGKILL included once', () => {
    expect(SIGNAL_CHOICES[0].name).toBe('SIGTERM');
    const rest = SIGNAL_CHOICES.slice(1).map((s) => s.number);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
    expect(SIGNAL_CHOICES.filter((s) => s.name === 'SIGKILL')).toHaveLength(1);
    expect(SIGNAL_CHOICES[1].name).toBe('SIGHUP');
  });
});

describe.skipIf(!native.ok)('pidfd signals (native addon built)', () => {
  it('delivers SIGTERM to the chosen process', async () => {
    const s = sleeper();
    const opened = openSignalHandle(s.target, { procRoot: '/proc', buffer });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.handle.method).toBe('pidfd');
    expect(opened.handle.raceWarning).toBeUndefined();
    const result = opened.handle.send(SIGTERM);
    opened.handle.close();
    expect(result).toEqual({ ok: true, message: `sent SIGTERM to ${s.target.pid} (sleep, root)` });
    expect(await s.exited).toBe('SIGTERM');
  });

  it('refuses to open when the pid names a process with another start time', () => {
    const s = sleeper();
    const opened = openSignalHandle({ ...s.target, startTime: s.target.startTime - 1 }, { procRoot: '/proc', buffer });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.result).toMatchObject({ ok: false, code: 'ESRCH' });
  });

  it('answers ESRCH after the process exited and was reaped, and sends nothing', async () => {
    const s = sleeper();
    const opened = openSignalHandle(s.target, { procRoot: '/proc', buffer });
    if (!opened.ok) throw new Error(opened.result.message);
    await reap(s);
    const result = opened.handle.send(SIGTERM);
    opened.handle.close();
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ code: 'ESRCH' });
    expect(result.message).toContain('has exited');
  });

  it('never signals a new process that was given the same pid', async () => {
    // As root, ns_last_pid makes the next fork take the freed pid. Other work on the machine
    // (a thread, another test's child) may take it first and keep it, so start over with a
    // fresh process when that happens.
    for (let round = 0; round < 20; round++) {
      const old = sleeper();
      const opened = openSignalHandle(old.target, { procRoot: '/proc', buffer });
      if (!opened.ok) throw new Error(opened.result.message);
      const pid = old.target.pid;
      await reap(old);
      // Start times have clock-tick (10 ms) resolution: let one pass so the two identities differ.
      await new Promise((r) => setTimeout(r, 30));
      let reused: Sleeper | undefined;
      for (let attempt = 0; attempt < 5 && reused === undefined && readStartTime(buffer, '/proc', pid) === undefined; attempt++) {
        writeFileSync('/proc/sys/kernel/ns_last_pid', String(pid - 1));
        const candidate = sleeper();
        if (candidate.target.pid === pid) reused = candidate;
      }
      if (reused === undefined) {
        opened.handle.close();
        continue;
      }
      expect(reused.target.startTime).not.toBe(old.target.startTime);
      const result = opened.handle.send(SIGTERM);
      opened.handle.close();
      expect(result).toMatchObject({ ok: false, code: 'ESRCH' });
      // The new holder of the pid is untouched.
      await new Promise((r) => setTimeout(r, 100));
      expect(readStartTime(buffer, '/proc', pid)).toBe(reused.target.startTime);
      expect(reused.child.signalCode).toBeNull();
      return;
    }
    expect.fail('could not get a freed pid reused in 20 rounds');
  });

  it('a closed handle sends nothing', async () => {
    const s = sleeper();
    const opened = openSignalHandle(s.target, { procRoot: '/proc', buffer });
    if (!opened.ok) throw new Error(opened.result.message);
    opened.handle.close();
    opened.handle.close();
    expect(opened.handle.send(SIGTERM).ok).toBe(false);
    expect(readStartTime(buffer, '/proc', s.target.pid)).toBe(s.target.startTime);
  });

  it('opens a handle per tagged process and reports the ones already gone', async () => {
    const a = sleeper();
    const b = sleeper();
    const gone = sleeper();
    await reap(gone);
    const { handles, failures } = openSignalHandles([a.target, gone.target, b.target], { procRoot: '/proc', buffer });
    expect(handles.map((h) => h.target.pid)).toEqual([a.target.pid, b.target.pid]);
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toContain(String(gone.target.pid));
    for (const h of handles) {
      expect(h.send(SIGTERM).ok).toBe(true);
      h.close();
    }
    expect(await a.exited).toBe('SIGTERM');
    expect(await b.exited).toBe('SIGTERM');
  });
});

describe('kill(2) fallback (no addon)', () => {
  it('says the race window, re-checks the start time, and delivers', async () => {
    const s = sleeper();
    const opened = openSignalHandle(s.target, { procRoot: '/proc', buffer, native: null });
    if (!opened.ok) throw new Error(opened.result.message);
    expect(opened.handle.method).toBe('kill');
    expect(opened.handle.raceWarning).toMatch(/kill\(2\).*reused/);
    expect(opened.handle.send(SIGTERM).ok).toBe(true);
    expect(await s.exited).toBe('SIGTERM');
  });

  it('sends nothing once the process has exited', async () => {
    const s = sleeper();
    const opened = openSignalHandle(s.target, { procRoot: '/proc', buffer, native: null });
    if (!opened.ok) throw new Error(opened.result.message);
    await reap(s);
    expect(opened.handle.send(SIGTERM)).toMatchObject({ ok: false, code: 'ESRCH' });
  });
});
