/** Property tests for the drill-down view's /proc/PID parsers, on hostile input. */
import { readdirSync, readlinkSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerIdentity } from '../../src/collectors/procdetail/parse/container.js';
import { describeContainer } from '../../src/util/container.js';
import { parseEnviron } from '../../src/collectors/procdetail/parse/environ.js';
import { classifyFdTarget, describeOpenFlags, parseFdinfoFlags } from '../../src/collectors/procdetail/parse/fd.js';
import { parseIoCounters } from '../../src/collectors/procdetail/parse/io.js';
import { parseLimits } from '../../src/collectors/procdetail/parse/limits.js';
import { parseNsLink } from '../../src/collectors/procdetail/parse/namespaces.js';
import { parseSchedstat, parseStatSched } from '../../src/collectors/procdetail/parse/sched.js';
import { largestMappings, parseSmapsRollup } from '../../src/collectors/procdetail/parse/smaps.js';
import { parseStatus } from '../../src/collectors/procdetail/parse/status.js';
import { fixture, hostileText, RUNS } from './support/hostile.js';
import { expectFinite, expectUnsigned, parserProperties } from './support/parser-properties.js';

const PID = 'debian12-2cpu-vm-procdetail/proc/20053';
const PROC = new URL(`../fixtures/${PID}/`, import.meta.url);
const TASKS = readdirSync(new URL('task/', PROC));
const FD_TARGETS = readdirSync(new URL('fd/', PROC)).map((fd) => readlinkSync(new URL(`fd/${fd}`, PROC)));
const NS_TARGETS = ['net:[4026531833]', 'pid_for_children:[4026531836]', 'mnt:[4026531841]'];

describe('parseStatus', () => {
  // uids, gids, thread and context-switch counts and kB sizes are all unsigned.
  parserProperties({ parse: parseStatus, bases: [fixture(`${PID}/status`)], sane: (s) => s.uid !== undefined && s.threads !== undefined });
});

describe('parseIoCounters', () => {
  parserProperties({ parse: parseIoCounters, bases: [fixture(`${PID}/io`)], sane: (io) => io.rchar !== undefined });
});

describe('parseLimits', () => {
  // Limits are rlim_t (unsigned) or unlimited.
  parserProperties({ parse: parseLimits, bases: [fixture(`${PID}/limits`), fixture('debian12-2cpu-vm/limits')], sane: (l) => l.length > 10 });
});

describe('parseStatSched', () => {
  // rt_priority (0..99) and policy are unsigned.
  parserProperties({
    parse: parseStatSched,
    bases: [fixture(`${PID}/stat`), ...TASKS.map((t) => fixture(`${PID}/task/${t}/stat`))],
    sane: (s) => s !== undefined,
  });
});

describe('parseSchedstat', () => {
  parserProperties({
    parse: parseSchedstat,
    bases: [fixture(`${PID}/schedstat`), ...TASKS.map((t) => fixture(`${PID}/task/${t}/schedstat`))],
    sane: (s) => s !== undefined,
  });
});

describe('parseSmapsRollup', () => {
  parserProperties({ parse: parseSmapsRollup, bases: [fixture(`${PID}/smaps_rollup`)], sane: (s) => s.rssBytes !== undefined });
});

describe('largestMappings', () => {
  parserProperties({ parse: (text) => largestMappings(text, 10), bases: [fixture(`${PID}/smaps`)], sane: (m) => m.length > 0 });
});

describe('parseFdinfoFlags', () => {
  const fds = readdirSync(new URL('fdinfo/', PROC)).map((fd) => fixture(`${PID}/fdinfo/${fd}`));
  parserProperties({ parse: parseFdinfoFlags, bases: fds, sane: (f) => f !== undefined });

  it('describes any flags it returns without throwing', () => {
    fc.assert(
      fc.property(hostileText(fds), (text) => {
        const flags = parseFdinfoFlags(text);
        if (flags !== undefined) expect(describeOpenFlags(flags)).not.toMatch(/undefined|NaN/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('classifyFdTarget', () => {
  // Socket and pipe inodes are unsigned.
  parserProperties({ parse: classifyFdTarget, bases: FD_TARGETS, sane: (t) => t.kind !== 'other' });
});

describe('parseNsLink', () => {
  parserProperties({ parse: parseNsLink, bases: NS_TARGETS, sane: (inode) => inode !== undefined });
});

describe('containerIdentity', () => {
  const paths = [
    fixture(`${PID}/cgroup`).split('\n')[0].replace(/^0::/, ''),
    '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e3d4c_5b6a_7980_a1b2_c3d4e5f60718.slice/cri-containerd-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope',
    '/system.slice/docker-3f4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f.scope',
  ];
  it('never throws on hostile cgroup paths and describes what it found without undefined', () => {
    fc.assert(
      fc.property(hostileText(paths), (path) => {
        expect(describeContainer(containerIdentity(path)) ?? '').not.toMatch(/undefined/);
      }),
      { numRuns: RUNS },
    );
  });

  it('survives a 10 MB path', () => {
    expect(() => containerIdentity(`/${'a'.repeat(10 * 1024 * 1024)}/docker-${'0'.repeat(64)}.scope`)).not.toThrow();
  });
});

describe('parseEnviron', () => {
  it('never throws on any bytes and keeps NUL out of names and values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        const vars = parseEnviron(bytes);
        expectFinite(vars);
        expectUnsigned(vars);
        for (const v of vars) expect(v.name + v.value).not.toContain('\0');
      }),
      { numRuns: RUNS },
    );
  });
});
