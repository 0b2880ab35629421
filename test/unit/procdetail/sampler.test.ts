/**
 * The detail sampler: every section read from the recorded tree (identity, parent chain, files
 * joined with the TCP table, environment masking inputs), and on the real /proc a child whose
 * rates appear on the second read and which is reported gone once it exits.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectorContext } from '../../../src/collectors/contract.js';
import { DetailSampler } from '../../../src/collectors/procdetail/sampler.js';
import { readStartTime } from '../../../src/collectors/procdetail/identity.js';
import { readFiles } from '../../../src/collectors/procdetail/files.js';
import { FIXTURE, PID } from './fixture.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const PASSWD = join(import.meta.dirname, '../../fixtures/debian12-2cpu-vm/passwd');

/** Every string inside a value (the detail is plain data). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v === null || typeof v !== 'object') return [];
  return Object.values(v).flatMap(strings);
}

function ctx(procRoot: string): CollectorContext {
  return {
    procRoot,
    sysRoot: '/sys',
    readBuffer: new ReadBuffer(),
    host: { hostname: 'vm', kernel: '6.18', arch: 'x64', cpuCount: 2, clockTicks: 100, pageSize: 4096, bootTime: 1_795_400_000_000 },
    now: () => performance.now(),
  };
}

describe('DetailSampler on the recorded tree', () => {
  const startTime = readStartTime(buffer, FIXTURE, PID)!;
  it('reads every section', () => {
    const s = new DetailSampler(ctx(FIXTURE), PID, startTime, { passwdPath: PASSWD, groupPath: PASSWD, viewerUid: 0 });
    const read = s.read(true);
    if (read.gone) throw new Error(read.reason);
    const d = read.detail;
    const o = d.overview.value!;
    expect(o.cmdline).toMatch(/^python3 -c /);
    expect(o.exe).toMatch(/python3/);
    expect(o.effectiveUser).toBe('root');
    expect(o.policy).toBe('SCHED_OTHER');
    expect(o.parents.map((p) => p.pid)).toEqual([20049, 20044, 20043, 5327, 5300, 1]);
    expect(o.parents.at(-1)?.comm).toBe('process_api');
    expect(o.children).toEqual([]);
    expect(o.threads).toBe(3);
    expect(o.cgroup).toBe('/process_api/7a02404e496f688b06fd2055e6f6a41e');
    expect(o.namespaces).toBeUndefined();
    expect(o.namespaceReference).toContain('unreadable');
    expect(o.startedAt).toBe(1_795_400_000_000 + (startTime / 100) * 1000);
    expect(d.threads.value?.map((t) => t.tid)).toEqual([20053, 20055, 20056]);
    expect(d.threads.value?.[0].cpuPercent).toBeUndefined();
    const files = d.files.value!;
    expect(files.countsByKind).toEqual({ device: 2, path: 3, pipe: 1, socket: 3 });
    expect(files.fds.find((f) => f.fd === 3)).toMatchObject({ kind: 'path', target: '/etc/hostname', flags: expect.stringMatching(/^RDONLY/) });
    const sockets = d.network.value!;
    expect(sockets.map((x) => [x.fd, x.proto, x.state])).toEqual([
      [4, 'tcp', 'LISTEN'],
      [5, 'tcp', 'ESTABLISHED'],
      [6, 'tcp', 'ESTABLISHED'],
    ]);
    expect(sockets[0].local).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(sockets[1].remote).toBe(sockets[0].local);
    expect(d.memory.value?.largest.length).toBe(10);
    expect(d.memory.value?.limits.length).toBe(16);
    expect(d.io.value?.counters.rchar).toBeGreaterThan(0);
    expect(d.io.value?.readBytesPerSec).toBeUndefined();
    expect(d.scheduling.value?.voluntaryCtxtSwitches).toBeGreaterThan(0);
    expect(d.environment?.value?.map((v) => v.name)).toContain('API_TOKEN');
  });

  it('refuses the environment of another user to a non-root viewer', () => {
    const s = new DetailSampler(ctx(FIXTURE), PID, startTime, { passwdPath: PASSWD, groupPath: PASSWD, viewerUid: 1000 });
    const read = s.read(true);
    if (read.gone) throw new Error(read.reason);
    expect(read.detail.environment).toEqual({
      source: '/proc/PID/environ',
      unavailable: 'the environment is shown only for your own processes, or to root',
    });
  });

  it('reports a different start time as gone', () => {
    const read = new DetailSampler(ctx(FIXTURE), PID, startTime + 1).read();
    expect(read).toEqual({ gone: true, reason: `process ${PID} has exited (its pid now names another process)` });
    expect(new DetailSampler(ctx(FIXTURE), 999_999, 1).read()).toEqual({ gone: true, reason: 'process 999999 has exited' });
  });

  it('bounds fdinfo reads', () => {
    const r = readFiles(buffer, FIXTURE, PID, 2);
    expect(r.info.flagsLimit).toBe(2);
    expect(r.info.fds.filter((f) => f.flags !== undefined).map((f) => f.fd)).toEqual([0, 1]);
    // Descriptors on screen are read beyond the bound.
    const more = readFiles(buffer, FIXTURE, PID, 2, new Set([251]));
    expect(more.info.fds.filter((f) => f.flags !== undefined).map((f) => f.fd)).toEqual([0, 1, 251]);
  });
});

describe('DetailSampler on the real /proc', () => {
  it('derives rates on the second read and reports the exit', async () => {
    const child = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const pid = child.pid!;
    const startTime = readStartTime(buffer, '/proc', pid)!;
    const s = new DetailSampler(ctx('/proc'), pid, startTime);
    const first = s.read();
    await new Promise((r) => setTimeout(r, 500));
    const second = s.read();
    child.kill('SIGKILL');
    await exited;
    if (first.gone || second.gone) throw new Error('gone too early');
    expect(first.detail.threads.value?.[0].cpuPercent).toBeUndefined();
    expect(second.detail.threads.value?.[0].cpuPercent).toBeGreaterThan(0);
    // A shell loop of builtins makes few syscalls and few voluntary switches: rates, possibly 0.
    expect(second.detail.io.value?.syscrPerSec).toBeGreaterThanOrEqual(0);
    expect(second.detail.scheduling.value?.voluntaryPerSec).toBeGreaterThanOrEqual(0);
    expect(s.read()).toEqual({ gone: true, reason: `process ${pid} has exited` });
  });

  it('sanitises a hostile comm everywhere it appears (overview, threads)', async () => {
    const child = spawn(
      'python3',
      ['-c', "open('/proc/self/comm','w').write('\\x1b[2J\\x1b]0;pwn\\x07'); import time; print('ok', flush=True); time.sleep(60)"],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    await new Promise((r) => child.stdout.once('data', r));
    const pid = child.pid!;
    try {
      const read = new DetailSampler(ctx('/proc'), pid, readStartTime(buffer, '/proc', pid)!).read();
      if (read.gone) throw new Error(read.reason);
      expect(read.detail.overview.value?.comm).toBe('\\x1b[2J\\x1b]0;pwn\\x07');
      expect(read.detail.threads.value?.[0].comm).toBe('\\x1b[2J\\x1b]0;pwn\\x07');
      expect(strings(read.detail).filter((x) => /[\u0000-\u001f\u007f-\u009f]/.test(x))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says why a section of a protected process is unavailable (PID 1 here denies fd and io)', () => {
    const startTime = readStartTime(buffer, '/proc', 1)!;
    const read = new DetailSampler(ctx('/proc'), 1, startTime).read();
    if (read.gone) throw new Error(read.reason);
    expect(read.detail.overview.value?.comm).toBe(readFileSync('/proc/1/comm', 'utf8').trimEnd());
    const denied = [read.detail.files, read.detail.io].filter((sec) => sec.unavailable !== undefined);
    for (const sec of denied) {
      expect(sec.unavailable).toMatch(/EACCES|EPERM/);
      expect(sec.unavailable).toContain(process.getuid?.() === 0 ? 'denied even to root' : "needs root or the process's own user");
    }
  });

  it('keeps a kernel thread alive when files that need an address space answer ESRCH', () => {
    const read = new DetailSampler(ctx('/proc'), 2, readStartTime(buffer, '/proc', 2)!).read(true);
    if (read.gone) throw new Error(read.reason);
    expect(read.detail.overview.value?.kernelThread).toBe(true);
    expect(read.detail.overview.value?.cmdline).toBe('');
    expect(read.detail.memory.unavailable).toMatch(/ESRCH.*a kernel thread has no user address space/);
    expect(read.detail.threads.value?.[0].tid).toBe(2);
  });
});
