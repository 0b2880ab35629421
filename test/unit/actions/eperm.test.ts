/**
 * EPERM as an unprivileged user: a child run as nobody (setpriv, no capabilities) tries to
 * signal, renice, ionice and chrt a root process through the real action code; each is refused with a
 * message saying what is needed, and the root process is untouched.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readStat } from '../../../src/collectors/procdetail/identity.js';
import { procNative } from '../../../src/native/proc.js';
import { reap, spawnSleeper, type Sleeper } from './support/children.js';
import { runTsAsNobody } from '../../helpers/nobody.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const isRoot = process.getuid?.() === 0;
const haveSetpriv = (() => {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const live: Sleeper[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map(reap));
});

describe.skipIf(!isRoot || !haveSetpriv || !procNative().ok)('EPERM (needs root to drop to nobody, setpriv, and the addon)', () => {
  it('reports signal, renice, ionice and chrt refusals clearly and changes nothing', () => {
    const s = spawnSleeper();
    live.push(s);
    const out = runTsAsNobody(join(import.meta.dirname, 'support', 'unprivileged-actions.ts'), [String(s.target.pid), String(s.target.startTime)]);
    const result = JSON.parse(out);
    const who = `${s.target.pid} (sleep, root)`;
    expect(result.uid).toBe(65534);
    expect(result.signal).toEqual({
      ok: false,
      code: 'EPERM',
      message: `not permitted to signal ${who} (EPERM): run SmoothTask as the process's user or as root`,
    });
    expect(result.renice).toMatchObject({ ok: false, code: 'EPERM' });
    expect(result.renice.message).toContain(`not permitted to renice ${who}`);
    expect(result.ionice).toMatchObject({ ok: false, code: 'EPERM' });
    expect(result.ionice.message).toContain('CAP_SYS_ADMIN');
    expect(result.chrt).toMatchObject({ ok: false, code: 'EPERM' });
    expect(result.chrt.message).toContain(`not permitted to chrt ${who}`);
    expect(readStat(buffer, '/proc', s.target.pid)?.nice).toBe(0);
    expect(s.child.signalCode).toBeNull();
  });
});
