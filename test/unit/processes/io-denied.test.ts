/**
 * A process whose /proc/PID/io is denied (another user's, read without CAP_SYS_PTRACE) is not
 * asked again on every rotation and every CPU tick, only once in IO_DENIED_RETRY_PASSES passes.
 * The tests run as root, which no file mode denies, so node:fs is wrapped here: every open of a
 * file named io is counted and answered with EACCES, as the kernel answers nobody.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const ioOpens: string[] = [];
let denyIo = true;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = ((path: Parameters<typeof fs.openSync>[0], ...rest: unknown[]) => {
    if (String(path).endsWith('/io')) {
      ioOpens.push(String(path));
      if (denyIo) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' });
    }
    return (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
  }) as typeof fs.openSync;
  return { ...fs, default: { ...fs, openSync }, openSync };
});

const { ProcProcessReader } = await import('../../../src/collectors/processes/proc.js');
const { UserNames } = await import('../../../src/util/users.js');

const vm = new URL('../../fixtures/debian12-2cpu-vm', import.meta.url).pathname;
const pid = 12696;
const reader = () => new ProcProcessReader({ users: new UserNames(`${vm}/passwd`) });
const readPasses = async (r: InstanceType<typeof ProcProcessReader>, passes: number) => {
  const seen = [];
  for (let i = 0; i < passes; i++) seen.push((await r.scan(`${vm}/proc`, 4096)).find((p) => p.pid === pid)!);
  return seen;
};
const opensOf = (p: number) => ioOpens.filter((path) => path.endsWith(`/${p}/io`)).length;

afterEach(() => {
  ioOpens.length = 0;
  denyIo = true;
});

describe('a denied /proc/PID/io', () => {
  it('is asked once in 100 passes, not on every rotation, and I/O stays undefined (not 0)', async () => {
    const seen = await readPasses(reader(), 100);
    // Pass 1 reads no io (plan.ts FIRST_PASS) and pass 2 asks. The rotation would ask this idle
    // process again on every 10th pass (10 times in 100); a denied one is asked on the pass where
    // (pid + pass) % 100 === 0 only: pass 4 for pid 12696.
    expect(opensOf(pid)).toBe(2);
    expect(seen.every((p) => p.readBytes === undefined && p.writeBytes === undefined)).toBe(true);
  });

  it('is asked again once in 100 passes, and read once allowed', async () => {
    const r = reader();
    await readPasses(r, 2);
    denyIo = false;
    const seen = await readPasses(r, 100);
    expect(opensOf(pid)).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)!.readBytes?.value).toBeTypeOf('number');
  });

  it('does not hold back an io that was readable', async () => {
    denyIo = false;
    await readPasses(reader(), 21);
    // Pass 2 and the rotation's passes in 3-21 (pid 12696: passes 14 and 24 would be 10 apart).
    expect(opensOf(pid)).toBeGreaterThanOrEqual(2);
  });
});
