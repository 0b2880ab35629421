/**
 * What the induced-pressure tests do to the machine, and undo: run a system command (its output,
 * or an error with its stderr), add a swap file for the test's life, and the memory thrasher.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Steps that undo what a test did, run in reverse order by its afterAll. */
export type Cleanups = (() => void | Promise<void>)[];

export function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
  return r.stdout.trim();
}

/** A 256 MiB swap file in a temporary folder, switched on now and off (and removed) by `cleanups`. */
export function addSwapFile(cleanups: Cleanups): void {
  const dir = mkdtempSync(join(tmpdir(), 'smoothtask-swap-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const swap = join(dir, 'swap');
  run('fallocate', ['-l', '256M', swap]);
  run('chmod', ['600', swap]);
  run('mkswap', [swap]);
  run('swapon', [swap]);
  cleanups.push(() => void run('swapoff', [swap]));
}

/**
 * A Python program that joins each of `cgroups` (folders) itself before it allocates, then
 * touches every page of 192 MiB over and over for `seconds`: under a 48 MiB limit, each pass
 * swaps most of it out and back in.
 */
export function thrasherScript(cgroups: readonly string[], seconds: number): string {
  return [
    'import os, time',
    ...cgroups.map((d) => `open(${JSON.stringify(join(d, 'cgroup.procs'))}, 'w').write(str(os.getpid()))`),
    'b = [bytearray(1 << 20) for _ in range(192)]',
    `end = time.monotonic() + ${seconds}`,
    'r = 0',
    'while time.monotonic() < end:',
    '    r = (r + 1) % 256',
    '    for x in b:',
    '        for o in range(0, 1 << 20, 4096): x[o] = r',
  ].join('\n');
}
