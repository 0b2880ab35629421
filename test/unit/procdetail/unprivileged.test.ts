/**
 * The detail view as an ordinary user looking at a root process: a child run as nobody
 * (setpriv, no capabilities) reads a root sleeper's detail; the sections the kernel refuses say
 * EACCES and what is needed, the environment is refused by SmoothTask's own rule, and the rest
 * (overview, threads) still fill in.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readStartTime } from '../../../src/collectors/procdetail/identity.js';
import { runTsAsNobody } from '../../helpers/nobody.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const isRoot = process.getuid?.() === 0;
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe.skipIf(!isRoot)('detail of a root process read as nobody (needs root to drop privileges)', () => {
  it('says which sections need root, and fills in the rest', () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(child);
    const pid = child.pid!;
    const out = runTsAsNobody(join(import.meta.dirname, 'support/unprivileged-detail.ts'), [String(pid), String(readStartTime(buffer, '/proc', pid))]);
    const r = JSON.parse(out);
    expect(r.comm).toBe('sleep');
    expect(r.unavailable.overview).toBeNull();
    expect(r.unavailable.threads).toBeNull();
    expect(r.unavailable.files).toMatch(/^EACCES.*needs root or the process's own user/);
    expect(r.unavailable.network).toBe(r.unavailable.files);
    expect(r.unavailable.io).toMatch(/^EACCES.*needs root or the process's own user/);
    expect(r.unavailable.environment).toBe('the environment is shown only for your own processes, or to root');
  });
});
