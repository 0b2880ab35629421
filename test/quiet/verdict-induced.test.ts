/**
 * The verdict on conditions the test causes for real, each checked for the right resource, its
 * evidence and its hog: memory pressure (a process in a memory cgroup whose limit is well below
 * its working set, on a swap file the test adds) and disk I/O (fio writing with direct I/O to a
 * loop device the test makes). Each runs a real Monitor, as `top` does, until the verdict names
 * the resource (its hysteresis needs three samples in a row) or 40 s pass.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Monitor } from '../../src/runtime/monitor.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import type { Resource } from '../../src/verdict/types.js';
import { addSwapFile, run, thrasherScript } from './system.js';

const isRoot = process.getuid?.() === 0;
const has = (cmd: string, arg = '--version') => spawnSync(cmd, [arg]).status === 0;
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) {
    try {
      await undo();
    } catch {
      // best effort: the next cleanup still runs
    }
  }
});

/** A child in its own process group, killed with everything it forked (fio's job processes). */
function startChild(cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    process.kill(-child.pid!, 'SIGKILL');
    // Reaped only once 'exit' fires; a loop device is detached only after the I/O in flight ends.
    await exited;
    for (let i = 0; i < 600 && groupAlive(child.pid!); i++) await new Promise((r) => setTimeout(r, 50));
  });
  return child;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Tick a real Monitor every 500 ms until the verdict lists `resource` (on `subject`, where given),
 * for at most `ms`. The subject matters after the memory test: the swap file's disk can still be
 * the busiest for a moment, and an I/O verdict on it is not the one this test causes.
 */
async function untilLimiting(resource: Resource, subject?: string, ms = 40_000): Promise<Snapshot> {
  const monitor = await Monitor.create({ intervalMs: 500, configStatus: () => ({}) });
  cleanups.push(() => monitor.stop());
  const end = Date.now() + ms;
  let s = await monitor.tick();
  const found = (v: Snapshot['verdict']) => v?.limiting.some((f) => f.resource === resource && (subject === undefined || f.subject === subject));
  while (!found(s.verdict) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 500));
    s = await monitor.tick();
  }
  return s;
}

/** A memory cgroup limited to `bytes`, on cgroup v2 (memory.max) or v1 (memory.limit_in_bytes). */
function memoryCgroup(bytes: number): string {
  const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
  const dir = v2 ? `/sys/fs/cgroup/smoothtask-test-${process.pid}` : `/sys/fs/cgroup/memory/smoothtask-test-${process.pid}`;
  mkdirSync(dir);
  cleanups.push(() => rmdirSync(dir));
  writeFileSync(join(dir, v2 ? 'memory.max' : 'memory.limit_in_bytes'), String(bytes));
  return dir;
}

describe.skipIf(!isRoot)('verdict on induced conditions (needs root)', () => {
  it('memory: a working set four times its cgroup limit swaps out, and the verdict is memory, with its evidence', async () => {
    addSwapFile(cleanups);
    const cgroup = memoryCgroup(48 * 1024 * 1024);
    const thrasher = startChild('python3', ['-c', thrasherScript([cgroup], 60)]);

    const s = await untilLimiting('memory');
    const memory = s.verdict?.limiting.find((f) => f.resource === 'memory');
    expect(memory, JSON.stringify(s.verdict?.findings.find((f) => f.resource === 'memory'))).toBeDefined();
    const swapOut = memory!.evidence.find((e) => e.label === 'pages swapped out');
    expect(swapOut).toMatchObject({ level: 'critical', source: 'memory via proc', threshold: { value: 10, unit: 'pages/s' } });
    expect(swapOut!.value).toBeGreaterThan(10);
    // PSI memory is part of the evidence, measured (it rises as the thrasher stalls in reclaim).
    for (const line of ['some', 'full']) {
      expect(memory!.evidence.find((e) => e.label === `PSI memory ${line}, avg10`)?.value).toEqual(expect.any(Number));
    }
    expect(s.memory?.swapOutPagesPerSec).toBeGreaterThan(10);
    expect(thrasher.exitCode).toBeNull();
  }, 90_000);

  it.skipIf(!has('fio'))(
    'disk I/O: fio with direct I/O on a loop device, and the verdict is I/O on that device with fio its hog',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'smoothtask-loop-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const image = join(dir, 'disk.img');
      run('fallocate', ['-l', '256M', image]);
      const loop = run('losetup', ['--find', '--show', image]);
      cleanups.push(() => void run('losetup', ['-d', loop]));
      const device = loop.replace('/dev/', '');
      const fio = startChild('fio', [
        '--name=smoothtask-verdict',
        `--filename=${loop}`,
        '--direct=1',
        '--rw=randwrite',
        '--bs=4k',
        // Asynchronous, sixteen in flight: with one synchronous write at a time the device was idle
        // while fio itself ran, and on a busy VM it stayed about half busy, below the verdict's bar.
        '--iodepth=16',
        '--ioengine=libaio',
        '--numjobs=1',
        // The job as a thread of this process, not a forked one: fio's forked job left the
        // process group the cleanup kills, and wrote on into the next test (victim.test.ts).
        '--thread',
        '--time_based',
        '--runtime=45',
      ]);

      const s = await untilLimiting('io', device);
      const io = s.verdict?.limiting.find((f) => f.resource === 'io');
      expect(io, JSON.stringify(s.verdict?.findings.find((f) => f.resource === 'io'))).toBeDefined();
      expect(io!.subject).toBe(device);
      expect(io!.evidence.find((e) => e.label === `disk ${device} busy`)).toMatchObject({
        level: expect.stringMatching(/^(almost|critical)$/),
        source: 'disks via proc',
      });
      const culprits = s.verdict!.culprits[s.verdict!.limiting.indexOf(io!)];
      const hog = culprits.hogs[0];
      expect(hog).toMatchObject({ pid: fio.pid, comm: 'fio', unit: 'bytes/s' });
      expect(hog.value).toBeGreaterThan(0);
    },
    90_000,
  );
});
