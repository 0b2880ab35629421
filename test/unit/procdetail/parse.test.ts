/**
 * The detail view's pure parsers on files recorded from this VM
 * (test/fixtures/debian12-2cpu-vm-procdetail), plus awkward hand-written inputs where a recording
 * cannot show the case (named as such).
 */
import { readFileSync, readlinkSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatus } from '../../../src/collectors/procdetail/parse/status.js';
import { parseSchedstat, parseStatSched, schedPolicyName } from '../../../src/collectors/procdetail/parse/sched.js';
import { parseIoCounters } from '../../../src/collectors/procdetail/parse/io.js';
import { parseLimits } from '../../../src/collectors/procdetail/parse/limits.js';
import { largestMappings, parseSmapsRollup } from '../../../src/collectors/procdetail/parse/smaps.js';
import { parseEnviron } from '../../../src/collectors/procdetail/parse/environ.js';
import { looksSecret } from '../../../src/util/secrets.js';
import { classifyFdTarget, describeOpenFlags, parseFdinfoFlags } from '../../../src/collectors/procdetail/parse/fd.js';
import { differingNamespaces, parseNsLink } from '../../../src/collectors/procdetail/parse/namespaces.js';
import { FIXTURE, PID } from './fixture.js';

const dir = join(FIXTURE, String(PID));
const text = (f: string) => readFileSync(join(dir, f), 'utf8');

describe('status', () => {
  it('reads ids, threads, the RSS split and context switches', () => {
    const s = parseStatus(text('status'));
    expect(s.uid).toEqual({ real: 0, effective: 0, saved: 0, fs: 0 });
    expect(s.gid).toEqual({ real: 0, effective: 0, saved: 0, fs: 0 });
    expect(s.threads).toBe(3);
    const anon = /^RssAnon:\s+(\d+) kB$/m.exec(text('status'))![1];
    expect(s.rssAnonBytes).toBe(Number(anon) * 1024);
    expect(s.rssFileBytes).toBeGreaterThan(0);
    expect(s.swapBytes).toBe(0);
    expect(s.voluntaryCtxtSwitches).toBeGreaterThan(0);
    const nonvoluntary = /^nonvoluntary_ctxt_switches:\s+(\d+)$/m.exec(text('status'))![1];
    expect(s.nonvoluntaryCtxtSwitches).toBe(Number(nonvoluntary));
  });
  it('leaves missing fields undefined (kernel thread style status)', () => {
    expect(parseStatus('Name:\tkthreadd\nThreads:\t1\n')).toEqual({ threads: 1 });
  });
});

describe('stat fields 40/41 and schedstat', () => {
  it('reads policy and rt priority after the last paren', () => {
    expect(parseStatSched(text('stat'))).toEqual({ rtPriority: 0, policy: 0 });
    const hostile = text('stat').replace('(python3)', '(a) b) 1 2 3)');
    expect(parseStatSched(hostile)).toEqual({ rtPriority: 0, policy: 0 });
    expect(parseStatSched('1 (x) S 0')).toBeUndefined();
  });
  it('names policies per sched(7)', () => {
    expect([0, 1, 2, 3, 5, 6, 7].map(schedPolicyName)).toEqual([
      'SCHED_OTHER',
      'SCHED_FIFO',
      'SCHED_RR',
      'SCHED_BATCH',
      'SCHED_IDLE',
      'SCHED_DEADLINE',
      'SCHED_EXT',
    ]);
    expect(schedPolicyName(4)).toBe('policy 4');
  });
  it('parses schedstat', () => {
    const s = parseSchedstat(text('schedstat'))!;
    expect(s.runNs).toBeGreaterThan(0);
    expect(s.timeslices).toBeGreaterThan(0);
    expect(parseSchedstat('12 x 3')).toBeUndefined();
  });
});

describe('io, limits, smaps', () => {
  it('parses every io counter', () => {
    const io = parseIoCounters(text('io'));
    expect(Object.keys(io).sort()).toEqual(['cancelledWriteBytes', 'rchar', 'readBytes', 'syscr', 'syscw', 'wchar', 'writeBytes']);
    expect(io.rchar).toBeGreaterThan(0);
  });
  it('parses the limits table, names with spaces and empty units', () => {
    const limits = parseLimits(text('limits'));
    expect(limits).toHaveLength(16);
    expect(limits.find((l) => l.name === 'Max open files')).toMatchObject({ units: 'files' });
    expect(limits.find((l) => l.name === 'Max cpu time')).toEqual({ name: 'Max cpu time', soft: 'unlimited', hard: 'unlimited', units: 'seconds' });
    expect(limits.find((l) => l.name === 'Max nice priority')).toEqual({ name: 'Max nice priority', soft: 0, hard: 0, units: '' });
  });
  it('parses smaps_rollup and picks the largest mappings by RSS', () => {
    const r = parseSmapsRollup(text('smaps_rollup'));
    expect(r.rssBytes).toBeGreaterThan(0);
    expect(r.pssBytes).toBeLessThanOrEqual(r.rssBytes!);
    expect(r.swapBytes).toBe(0);
    const top = largestMappings(text('smaps'), 5);
    expect(top).toHaveLength(5);
    for (let i = 1; i < top.length; i++) expect(top[i - 1].rssBytes).toBeGreaterThanOrEqual(top[i].rssBytes);
    const sum = largestMappings(text('smaps'), 100_000).reduce((a, m) => a + m.rssBytes, 0);
    expect(sum).toBe(r.rssBytes);
  });
  it('drops a mapping cut off before its Rss line (bounded read)', () => {
    const smaps = text('smaps');
    const cut = smaps.slice(0, smaps.indexOf('\nRss:', smaps.indexOf('\nRss:') + 1));
    expect(largestMappings(cut, 100)).toHaveLength(1);
  });
});

describe('environ', () => {
  it('splits NAME=value and flags secret-looking names', () => {
    const vars = parseEnviron(readFileSync(join(dir, 'environ')));
    expect(vars.map((v) => v.name)).toEqual(['PATH', 'HOME', 'LANG', 'API_TOKEN', 'DB_PASSWORD']);
    expect(vars.filter((v) => looksSecret(v.name)).map((v) => v.name)).toEqual(['API_TOKEN', 'DB_PASSWORD']);
    for (const n of ['GITHUB_TOKEN', 'aws_secret_access_key', 'MYSQL_PWD_PASSWD', 'SSH_KEY', 'GOOGLE_CREDENTIALS']) expect(looksSecret(n)).toBe(true);
    expect(looksSecret('HOME')).toBe(false);
  });
  it('sanitises hostile bytes (hand-written input)', () => {
    const vars = parseEnviron(Buffer.from('A=\x1b[2Jx\0NOEQUALS\0\0B=\xff\0', 'latin1'));
    expect(vars).toEqual([
      { name: 'A', value: '\\x1b[2Jx' },
      { name: 'NOEQUALS', value: '' },
      { name: 'B', value: '\ufffd' },
    ]);
  });
});

describe('fd links and fdinfo', () => {
  it('classifies every recorded descriptor', () => {
    const kinds = Object.fromEntries(readdirSync(join(dir, 'fd')).map((n) => [n, classifyFdTarget(readlinkSync(join(dir, 'fd', n)))]));
    expect(kinds['0']).toEqual({ kind: 'device', deleted: false });
    expect(kinds['1']).toEqual({ kind: 'path', deleted: true });
    expect(kinds['3']).toEqual({ kind: 'path', deleted: false });
    expect(kinds['4']).toEqual({ kind: 'socket', inode: 452058 });
    expect(kinds['251'].kind).toBe('pipe');
  });
  it('classifies the other kinds (hand-written targets as the kernel prints them)', () => {
    expect(classifyFdTarget('anon_inode:[eventfd]')).toEqual({ kind: 'anon_inode', subtype: 'eventfd' });
    expect(classifyFdTarget('anon_inode:inotify')).toEqual({ kind: 'anon_inode', subtype: 'inotify' });
    expect(classifyFdTarget('/memfd:shm (deleted)')).toEqual({ kind: 'memfd', deleted: true });
    expect(classifyFdTarget('net:[4026531833]')).toEqual({ kind: 'namespace' });
    expect(classifyFdTarget('weird')).toEqual({ kind: 'other' });
  });
  it('reads flags from fdinfo and names them', () => {
    const flags = (n: number) => describeOpenFlags(parseFdinfoFlags(text(`fdinfo/${n}`))!);
    expect(flags(3)).toMatch(/^RDONLY/);
    expect(flags(4)).toMatch(/^RDWR/);
    expect(describeOpenFlags(0o2004002)).toBe('RDWR NONBLOCK CLOEXEC');
    expect(describeOpenFlags(0o4010001)).toBe('WRONLY SYNC');
    expect(describeOpenFlags(0o10000001 | 0o2000000)).toBe('PATH CLOEXEC');
    expect(parseFdinfoFlags('pos:\t0\n')).toBeUndefined();
  });
});

describe('namespaces', () => {
  it('parses link targets and lists only the types that differ', () => {
    const own = new Map(readdirSync(join(dir, 'ns')).map((t) => [t, parseNsLink(readlinkSync(join(dir, 'ns', t)))!]));
    expect(own.get('net')).toBe(4026531833);
    expect(differingNamespaces(own, own)).toEqual([]);
    const host = new Map(own);
    host.set('net', 1);
    host.set('pid_for_children', 2);
    host.delete('uts');
    expect(differingNamespaces(own, host)).toEqual([{ type: 'net', inode: 4026531833, referenceInode: 1 }]);
    expect(parseNsLink('garbage')).toBeUndefined();
  });
});
