/**
 * Lowering a cgroup's weight: the v2 ↔ v1 mapping and /proc/PID/cgroup (pure); on cgroup trees the
 * test builds (v2, and v1 as systemd mounts it), reading, setting, restoring and every refusal
 * (the root, SmoothTask's own cgroup, no io.weight, a process or cgroup that vanished); and on this
 * host's real cgroup v1 cpu hierarchy, a cgroup made by the test, its cpu.shares lowered through
 * the process actions, read back and restored.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { controllerCgroup, parseWeightValue, valueForWeight, weightFileNamed, weightOfValue } from '../../../src/actions/cgweight.js';
import { readCgroupWeight, restoreCgroupWeight, setCgroupWeight, type CgroupRoots } from '../../../src/actions/reweight.js';
import type { ActionTarget } from '../../../src/actions/target.js';
import { readStartTime } from '../../../src/collectors/procdetail/identity.js';
import { processActions } from '../../../src/runtime/actions.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { reap, spawnSleeper, type Sleeper } from './support/children.js';
import { makeCgroup, v1Hierarchy, type TestCgroup } from './support/cgroup.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();
const spec = (name: string) => weightFileNamed(name)!;

describe('cgroup weights (pure)', () => {
  it('maps weights to each file as systemd does', () => {
    expect(valueForWeight(100, spec('cpu.shares'))).toBe(1024);
    expect(valueForWeight(10, spec('cpu.shares'))).toBe(102);
    expect(valueForWeight(1, spec('cpu.shares'))).toBe(10);
    expect(valueForWeight(10_000, spec('cpu.shares'))).toBe(102_400);
    expect(valueForWeight(10, spec('blkio.weight'))).toBe(50);
    expect(valueForWeight(1, spec('blkio.weight'))).toBe(10);
    expect(valueForWeight(5000, spec('io.bfq.weight'))).toBe(1000);
    expect(weightOfValue(1024, spec('cpu.shares'))).toBe(100);
    expect(weightOfValue(102, spec('cpu.shares'))).toBe(10);
  });
  it('reads bare and keyed weight files', () => {
    expect(parseWeightValue('1024\n', spec('cpu.shares'))).toBe(1024);
    expect(parseWeightValue('default 100\n8:0 50\n', spec('io.weight'))).toBe(100);
    expect(parseWeightValue('8:0 50\n', spec('io.weight'))).toBeUndefined();
    expect(parseWeightValue('max\n', spec('cpu.weight'))).toBeUndefined();
  });
  it('finds the hierarchy that holds a controller in /proc/PID/cgroup', () => {
    const hybrid = '9:name=systemd:/user.slice\n4:cpu,cpuacct:/build\n7:blkio:/\n0::/user.slice/x.scope\n';
    expect(controllerCgroup(hybrid, 'cpu')).toEqual({ version: 1, hierarchy: 'cpu,cpuacct', path: '/build' });
    expect(controllerCgroup(hybrid, 'io')).toEqual({ version: 1, hierarchy: 'blkio', path: '/' });
    expect(controllerCgroup('0::/system.slice/a:b.service\n', 'cpu')).toEqual({ version: 2, path: '/system.slice/a:b.service' });
    expect(controllerCgroup('', 'cpu')).toBeUndefined();
  });
});

/** A /proc and /sys the test writes: a process `pid` with `cgroupText`, SmoothTask as `selfPid`. */
function fakeHost(layout: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'smoothtask-cgweight-'));
  const stat = readFileSync('/proc/self/stat', 'utf8');
  for (const [path, text] of Object.entries(layout)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text === 'STAT' ? stat : text);
  }
  const roots: CgroupRoots = { procRoot: join(root, 'proc'), sysRoot: join(root, 'sys'), selfPid: 43 };
  return { root, roots, sys: (path: string) => join(root, 'sys/fs/cgroup', path) };
}

const target: ActionTarget = { pid: 42, startTime: readStartTime(buffer, '/proc', process.pid)!, comm: 'cc1', user: 'root', cmdline: 'cc1' };
const trees: string[] = [];
afterAll(() => {
  for (const t of trees) rmSync(t, { recursive: true, force: true });
});

function v2Host(cgroup: string, self = '0::/smoothtask\n', extra: Record<string, string> = {}) {
  const host = fakeHost({
    'proc/42/stat': 'STAT',
    'proc/42/cgroup': cgroup,
    'proc/43/stat': 'STAT',
    'proc/43/cgroup': self,
    'sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory pids\n',
    'sys/fs/cgroup/build/cpu.weight': '100\n',
    'sys/fs/cgroup/build/io.weight': 'default 100\n8:0 50\n',
    ...extra,
  });
  trees.push(host.root);
  return host;
}

describe('cgroup weights on a tree the test builds', () => {
  it('v2: reads cpu.weight, sets it, and restores the value read before', () => {
    const { roots, sys } = v2Host('0::/build\n');
    const read = readCgroupWeight(target, 'cpu', roots, buffer);
    expect(read).toEqual({
      ok: true,
      message: 'cgroup /build: cpu.weight 100',
      found: { at: { hierarchy: '', path: '/build', file: 'cpu.weight' }, value: 100, weight: 100 },
    });
    const at = read.found!.at;
    expect(setCgroupWeight(at, 10, roots.sysRoot, buffer)).toEqual({ ok: true, message: 'cpu.weight of cgroup /build is now 10 (read back)' });
    expect(readFileSync(sys('build/cpu.weight'), 'utf8')).toBe('10\n');
    expect(setCgroupWeight(at, 0, roots.sysRoot, buffer)).toMatchObject({ ok: false, code: 'ERANGE' });
    expect(restoreCgroupWeight(at, 100, roots.sysRoot, buffer).ok).toBe(true);
    expect(readFileSync(sys('build/cpu.weight'), 'utf8')).toBe('100\n');
  });

  it('v2: io.weight is set by its default line; where the file is missing, n/a with the reason', () => {
    const { roots, sys } = v2Host('0::/build\n');
    const read = readCgroupWeight(target, 'io', roots, buffer);
    expect(read.found).toEqual({ at: { hierarchy: '', path: '/build', file: 'io.weight' }, value: 100, weight: 100 });
    expect(setCgroupWeight(read.found!.at, 25, roots.sysRoot, buffer).ok).toBe(true);
    expect(readFileSync(sys('build/io.weight'), 'utf8')).toBe('default 25\n');
    rmSync(sys('build/io.weight'));
    expect(readCgroupWeight(target, 'io', roots, buffer)).toEqual({
      ok: false,
      message:
        "n/a: no io.weight on this kernel's I/O scheduler (cgroup /build has no io.weight or io.bfq.weight: I/O weights need BFQ, or blk-iocost on cgroup v2)",
    });
  });

  it('v1 as systemd mounts it (cpu,cpuacct): cpu.shares from the weight', () => {
    const host = fakeHost({
      'proc/42/stat': 'STAT',
      'proc/42/cgroup': '4:cpu,cpuacct:/build\n0::/\n',
      'proc/43/stat': 'STAT',
      'proc/43/cgroup': '4:cpu,cpuacct:/\n0::/\n',
      'sys/fs/cgroup/cpu,cpuacct/build/cpu.shares': '2048\n',
    });
    trees.push(host.root);
    const read = readCgroupWeight(target, 'cpu', host.roots, buffer);
    expect(read.found).toEqual({ at: { hierarchy: 'cpu,cpuacct', path: '/build', file: 'cpu.shares' }, value: 2048, weight: 200 });
    expect(setCgroupWeight(read.found!.at, 10, host.roots.sysRoot, buffer)).toEqual({
      ok: true,
      message: 'cpu.shares of cgroup /build (cpu,cpuacct hierarchy) is now 102 (weight 10; read back)',
    });
    expect(readFileSync(host.sys('cpu,cpuacct/build/cpu.shares'), 'utf8')).toBe('102\n');
  });

  it('refuses the root cgroup, SmoothTask own (or one above it), a disabled controller, and a vanished process', () => {
    expect(readCgroupWeight(target, 'cpu', v2Host('0::/\n').roots, buffer)).toEqual({
      ok: false,
      message: "42 (cc1, root) is in the root cpu cgroup: the root has no weight to lower (a weight shares its parent's time among siblings)",
    });
    expect(readCgroupWeight(target, 'cpu', v2Host('0::/build\n', '0::/build/monitor\n').roots, buffer)).toEqual({
      ok: false,
      message: 'cgroup /build holds SmoothTask itself (its cpu cgroup is /build/monitor): lowering it would slow the monitor too',
    });
    const noCpu = v2Host('0::/build\n', undefined, { 'sys/fs/cgroup/cgroup.controllers': 'memory pids\n' });
    expect(readCgroupWeight(target, 'cpu', noCpu.roots, buffer).message).toMatch(/^the cpu controller is not enabled on this host's cgroup v2 tree/);
    expect(readCgroupWeight({ ...target, pid: 44 }, 'cpu', noCpu.roots, buffer)).toMatchObject({ ok: false, code: 'ESRCH' });
    expect(readCgroupWeight({ ...target, startTime: 1 }, 'cpu', noCpu.roots, buffer)).toMatchObject({ ok: false, code: 'ESRCH' });
  });

  it('a cgroup removed between the lookup and the write: ENOENT, and no file is created', () => {
    const { roots, sys } = v2Host('0::/build\n');
    const at = readCgroupWeight(target, 'cpu', roots, buffer).found!.at;
    rmSync(sys('build'), { recursive: true });
    expect(setCgroupWeight(at, 10, roots.sysRoot, buffer)).toEqual({
      ok: false,
      code: 'ENOENT',
      message: 'cgroup /build no longer exists; nothing was changed',
    });
    expect(restoreCgroupWeight(at, 100, roots.sysRoot, buffer)).toMatchObject({ ok: false, code: 'ENOENT' });
    expect(existsSync(sys('build'))).toBe(false);
    expect(readCgroupWeight(target, 'cpu', roots, buffer)).toMatchObject({
      ok: false,
      code: 'ENOENT',
      message: expect.stringMatching(/^cgroup \/build no longer exists/),
    });
  });
});

const cpuV1 = v1Hierarchy('cpu', 'cpu.shares');
const blkioV1 = v1Hierarchy('blkio', 'cgroup.procs');

describe.skipIf(cpuV1 === undefined || blkioV1 === undefined)('a real cgroup v1 made by the test (needs root and the cpu and blkio hierarchies)', () => {
  const live: Sleeper[] = [];
  const cgroups: TestCgroup[] = [];
  afterEach(async () => {
    await Promise.all(live.splice(0).map(reap));
    for (const c of cgroups.splice(0)) c.remove();
  });

  it('lowers cpu.shares through the process actions, reads it back, and restores the exact value', () => {
    const cg = makeCgroup(cpuV1!, 'cpu');
    cgroups.push(cg);
    cg.write('cpu.shares', '777');
    const s = spawnSleeper();
    live.push(s);
    cg.join(s.target.pid);
    const actions = processActions({ procRoot: '/proc', sysRoot: '/sys' });
    const read = actions.readCgroupWeight(s.target, 'cpu');
    expect(read.found).toEqual({ at: { hierarchy: 'cpu', path: cg.path, file: 'cpu.shares' }, value: 777, weight: 75.9 });
    expect(actions.setCgroupWeight(read.found!.at, 10)).toEqual({
      ok: true,
      message: `cpu.shares of cgroup ${cg.path} (cpu hierarchy) is now 102 (weight 10; read back)`,
    });
    expect(cg.read('cpu.shares')).toBe('102\n');
    expect(actions.restoreCgroupWeight(read.found!.at, 777).ok).toBe(true);
    expect(cg.read('cpu.shares')).toBe('777\n');
  });

  it('a real cgroup removed between the lookup and the write: ENOENT, said plainly', () => {
    const cg = makeCgroup(cpuV1!, 'gone');
    cgroups.push(cg);
    const s = spawnSleeper();
    live.push(s);
    cg.join(s.target.pid);
    const actions = processActions({ procRoot: '/proc', sysRoot: '/sys' });
    const at = actions.readCgroupWeight(s.target, 'cpu').found!.at;
    cg.remove();
    expect(actions.setCgroupWeight(at, 10)).toEqual({
      ok: false,
      code: 'ENOENT',
      message: `cgroup ${cg.path} (cpu hierarchy) no longer exists; nothing was changed`,
    });
  });

  it('refuses the root cpu cgroup, an I/O weight this kernel does not offer, and a process that has exited', async () => {
    const s = spawnSleeper();
    live.push(s);
    const actions = processActions({ procRoot: '/proc', sysRoot: '/sys' });
    expect(actions.readCgroupWeight(s.target, 'cpu')).toMatchObject({ ok: false, message: expect.stringMatching(/is in the root cpu cgroup/) });
    const cg = makeCgroup(blkioV1!, 'io');
    cgroups.push(cg);
    cg.join(s.target.pid);
    expect(actions.readCgroupWeight(s.target, 'io')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^n\/a: no io.weight on this kernel's I\/O scheduler/),
    });
    await reap(s);
    expect(actions.readCgroupWeight(s.target, 'cpu')).toMatchObject({ ok: false, code: 'ESRCH' });
  });
});
