/** The UiActions adapter the screen uses: SIGTERM and renice on a real child, by identity. */
import { afterEach, describe, expect, it } from 'vitest';
import { createUiActions } from '../../../src/actions/uiActions.js';
import { readStat } from '../../../src/collectors/procdetail/identity.js';
import { reap, spawnSleeper, type Sleeper } from './support/children.js';

const live: Sleeper[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map(reap));
});

describe('createUiActions', () => {
  it('signals and renices by (pid, startTime), naming the process from the rows', async () => {
    const s = spawnSleeper();
    live.push(s);
    const rows = [{ pid: s.target.pid, startTime: s.target.startTime, ppid: 1, state: 'S', comm: 'sleep', cmdline: 'sleep 60', user: 'root', uid: 0 }];
    const actions = createUiActions('/proc', () => rows);
    const id = { pid: s.target.pid, startTime: s.target.startTime };
    expect(await actions.renice!(id, 4)).toEqual({ ok: true, message: `nice of ${id.pid} (sleep, root) is now 4 (read back from /proc)` });
    expect(readStat('/proc', id.pid)?.nice).toBe(4);
    expect(await actions.signal!(id, 'SIGTERM')).toEqual({ ok: true, message: `sent SIGTERM to ${id.pid} (sleep, root)` });
    expect(await s.exited).toBe('SIGTERM');
    expect(await actions.signal!(id, 'SIGTERM')).toMatchObject({ ok: false, code: 'ESRCH' });
  });
});
