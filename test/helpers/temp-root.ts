/**
 * Vitest global setup: one temporary folder for the whole run, made the TMPDIR of every test and
 * of the processes they start, and removed after the run. Tests make folders with mkdtemp (a
 * recorder's database, a sysfs tree, a daemon's home, a config to reload) and not every one
 * removes its own, above all when it fails or the run is stopped: a developer's /tmp filled with
 * them. Mode 1777, like /tmp, because tests that drop to nobody write there as well. Listed first
 * in vitest.config.ts, so the folders of the other global setups land inside it.
 *
 * Vitest runs a global setup once for each project, in one process: the first makes the folder,
 * the others find it in ROOT_VARIABLE and leave it be. The name is short because paths under it
 * end up on screens and in socket addresses (at most 107 bytes).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT_VARIABLE = 'SMOOTHTASK_TESTS_TMPDIR';

export default function setup(): () => void {
  if (process.env[ROOT_VARIABLE] !== undefined) return () => {};
  const root = mkdtempSync(join(tmpdir(), 'st-tests-'));
  chmodSync(root, 0o1777);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  process.env[ROOT_VARIABLE] = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    delete process.env[ROOT_VARIABLE];
    rmSync(root, { recursive: true, force: true });
  };
}
