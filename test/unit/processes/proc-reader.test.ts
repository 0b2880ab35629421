import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CMDLINE_TRUNCATED_MARKER, parseCgroup, parseStatm } from '../../../src/collectors/processes/parse.js';
import { COUNTER_REFRESH_PASSES } from '../../../src/collectors/processes/plan.js';
import { mergeProcesses } from '../../../src/collectors/processes/index.js';
import { CMDLINE_MAX_BYTES, ProcProcessReader } from '../../../src/collectors/processes/proc.js';
import type { RawProcess } from '../../../src/collectors/processes/raw.js';
import { UserNames } from '../../../src/util/users.js';

const fixtures = new URL('../../fixtures/', import.meta.url).pathname;
const vm = `${fixtures}debian12-2cpu-vm`;
const hostile = `${fixtures}synthetic-hostile`;
const pageSize = 4096;
const reader = () => new ProcProcessReader({ users: new UserNames(`${vm}/passwd`) });
const byPid = (list: RawProcess[]) => new Map(list.map((p) => [p.pid, p]));
/** The second scan of a fresh reader: the first reads no io or schedstat (they rate from the second). */
const warmScan = async (root: string) => {
  const r = reader();
  await r.scan(root, pageSize);
  return r.scan(root, pageSize);
};

describe('ProcProcessReader.scan on the recorded tree', () => {
  let procs: Map<number, RawProcess>;
  beforeAll(async () => {
    procs = byPid(await warmScan(`${vm}/proc`));
  });

  it('reads no io or schedstat on its first pass, and all of them on its second', async () => {
    const r = reader();
    const first = byPid(await r.scan(`${vm}/proc`, pageSize)).get(12696)!;
    expect(first.readBytes).toBeUndefined();
    expect(first.runqueueWaitNs).toBeUndefined();
    expect(first.rssBytes).toBeTypeOf('number');
    expect(first.cmdline).toBe('sleep 600');
    const second = byPid(await r.scan(`${vm}/proc`, pageSize)).get(12696)!;
    expect(second.readBytes?.value).toBeTypeOf('number');
    expect(second.runqueueWaitNs?.value).toBeTypeOf('number');
  });

  it("leaves cgroup to its second pass, and keeps the first pass's other facts", async () => {
    const r = reader();
    const first = byPid(await r.scan(`${vm}/proc`, pageSize)).get(12696)!;
    expect(first.cgroup).toBeUndefined();
    expect(first.user).toBe('nobody');
    const second = byPid(await r.scan(`${vm}/proc`, pageSize)).get(12696)!;
    expect(second.cgroup).toBe(parseCgroup(readFileSync(`${vm}/proc/12696/cgroup`, 'utf8')));
    expect(second.cmdline).toBe('sleep 600');
    expect(byPid(await r.scan(`${vm}/proc`, pageSize)).get(12696)!.cgroup).toBe(second.cgroup);
  });

  it('reads every recorded process', () => {
    expect([...procs.keys()].sort((a, b) => a - b)).toEqual([2, 4, 12690, 12691, 12692, 12693, 12694, 12695, 12696, 12697, 12699]);
  });

  it('returns hostile names made safe', () => {
    expect(procs.get(12690)!.comm).toBe(') x) (y');
    expect(procs.get(12691)!.comm).toBe('nl\\x0az) q');
    expect(procs.get(12692)!.comm).toBe('\\x1b[2J\\x1b]0;pwn\\x07');
    expect(procs.get(12693)!.comm).toBe('bad\ufffd\ufffd\ufffd');
    expect(procs.get(12694)!.comm).toBe('日本😀');
    expect(procs.get(12695)!.cmdline).toBe('\\x1b[31mperl -e sleep 600 -- a\\x0ab \ufffd\ufffd 日本語😀 tab\\x09here');
    for (const p of procs.values()) {
      for (const s of [p.comm, p.cmdline ?? '', p.cgroup ?? '', p.user ?? '']) expect(s).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
  });

  it('fills user, memory, I/O, run-queue wait and cgroup', () => {
    const sleep = procs.get(12696)!;
    expect(sleep).toMatchObject({ uid: 65534, user: 'nobody', nice: 5, priority: 25, threads: 1, kernelThread: false });
    expect(sleep.cmdline).toBe('sleep 600');
    expect(sleep.rssBytes).toBe(Number(readFileSync(`${vm}/proc/12696/statm`, 'utf8').split(' ')[1]) * pageSize);
    expect(sleep.readBytes?.value).toBeTypeOf('number');
    expect(sleep.writeBytes?.value).toBeTypeOf('number');
    expect(sleep.runqueueWaitNs?.value).toBeTypeOf('number');
    expect(sleep.cgroup).toMatch(/^\//);
  });

  it('gives kernel threads and zombies an empty cmdline', () => {
    expect(procs.get(2)).toMatchObject({ kernelThread: true, cmdline: '', user: 'root' });
    expect(procs.get(4)).toMatchObject({ kernelThread: true, cmdline: '', state: 'I' });
    expect(procs.get(12699)).toMatchObject({ kernelThread: false, cmdline: '', state: 'Z', rssBytes: 0 });
  });
});

describe('ProcProcessReader.scan on broken trees', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'st-proc-'));
    cpSync(`${hostile}/proc`, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("takes the first pass's memory from status, as statm gives it, and statm from the second", async () => {
    const tree = mkdtempSync(join(tmpdir(), 'st-status-'));
    try {
      cpSync(`${vm}/proc`, tree, { recursive: true });
      const pids = [...byPid(await warmScan(tree)).keys()];
      const statm = new Map(pids.map((pid) => [pid, parseStatm(readFileSync(`${tree}/${pid}/statm`, 'utf8'), pageSize)!]));
      for (const pid of pids) unlinkSync(`${tree}/${pid}/statm`);
      const r = reader();
      const first = byPid(await r.scan(tree, pageSize));
      for (const [pid, p] of first) {
        // kernel threads and zombies have no memory lines in status: statm (gone here) it is
        const fromStatus = p.kernelThread !== true && p.state !== 'Z';
        for (const field of ['rssBytes', 'vszBytes', 'sharedBytes'] as const) {
          expect(p[field], `${pid} ${field}`).toBe(fromStatus ? statm.get(pid)![field] : undefined);
        }
      }
      expect(first.get(12696)!.rssBytes).toBe(1880 * 1024);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('skips truncated, vanished, empty and mismatched stats without losing the others', async () => {
    const procs = byPid(await warmScan(dir));
    expect([...procs.keys()].sort()).toEqual([30004, 30006]);
    expect(procs.get(30006)!.readBytes?.value).toBeTypeOf('number');
  });

  it('leaves io and schedstat undefined (not 0) when the files are missing', async () => {
    const p = byPid(await warmScan(dir)).get(30004)!;
    expect(p.readBytes).toBeUndefined();
    expect(p.writeBytes).toBeUndefined();
    expect(p.runqueueWaitNs).toBeUndefined();
    expect(p.rssBytes).toBeTypeOf('number');
  });

  it('drops a process whose folder vanishes after its stat was read', () => {
    const r = reader();
    const p = r.readProcess(`${dir}/30006`, 30006, pageSize);
    expect(p).toMatchObject({ pid: 30006 });
    rmSync(`${dir}/30006`, { recursive: true });
    expect(r.readProcess(`${dir}/30006`, 30006, pageSize)).toBeUndefined();
  });

  it('caps a 2 MiB command line at the read limit and marks it', async () => {
    const arg = 'A'.repeat(1024 * 1024);
    writeFileSync(`${dir}/30006/cmdline`, `${arg}\0${arg}\0`);
    const p = byPid(await reader().scan(dir, pageSize)).get(30006)!;
    expect(p.cmdline!.endsWith(CMDLINE_TRUNCATED_MARKER)).toBe(true);
    expect(p.cmdline!.length).toBe(CMDLINE_MAX_BYTES + CMDLINE_TRUNCATED_MARKER.length);
  });

  it('does not mark a command line that exactly fits', async () => {
    writeFileSync(`${dir}/30006/cmdline`, `${'B'.repeat(CMDLINE_MAX_BYTES - 1)}\0`);
    const p = byPid(await reader().scan(dir, pageSize)).get(30006)!;
    expect(p.cmdline).toBe('B'.repeat(CMDLINE_MAX_BYTES - 1));
  });

  it('notices a uid change within ten passes, and at once after exec', async () => {
    const r = reader();
    const status = readFileSync(`${dir}/30006/status`, 'utf8');
    expect(byPid(await r.scan(dir, pageSize)).get(30006)!.user).toBe('nobody');
    writeFileSync(`${dir}/30006/status`, status.replace(/^Uid:.*$/m, 'Uid:\t0\t0\t0\t0'));
    const users: (string | undefined)[] = [];
    for (let i = 0; i < 10; i++) users.push(byPid(await r.scan(dir, pageSize)).get(30006)!.user);
    expect(users).toContain('root');
    expect(users.at(-1)).toBe('root');
    writeFileSync(`${dir}/30006/status`, status);
    const stat = readFileSync(`${dir}/30006/stat`, 'utf8');
    writeFileSync(`${dir}/30006/stat`, stat.replace('(sleep)', '(sleep2)'));
    expect(byPid(await r.scan(dir, pageSize)).get(30006)!.user).toBe('nobody');
  });

  it('serves cmdline from the cache, reading it again after exec and within ten passes', async () => {
    const r = reader();
    const stat = readFileSync(`${dir}/30006/stat`, 'utf8');
    expect(byPid(await r.scan(dir, pageSize)).get(30006)!.cmdline).toBe('sleep 600');
    // A retitle (setproctitle) without exec: seen on this process's turn in the rotation.
    writeFileSync(`${dir}/30006/cmdline`, 'sleep\x00650\x00');
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 10; i++) seen.push(byPid(await r.scan(dir, pageSize)).get(30006)!.cmdline);
    expect(seen[0]).toBe('sleep 600');
    expect(seen.at(-1)).toBe('sleep 650');
    // exec changes comm: read at once.
    writeFileSync(`${dir}/30006/cmdline`, 'sleep\x00700\x00');
    writeFileSync(`${dir}/30006/stat`, stat.replace('(sleep)', '(sleep2)'));
    expect(byPid(await r.scan(dir, pageSize)).get(30006)!.cmdline).toBe('sleep 700');
    // Same pid, new start time: a new process, so nothing cached may be served.
    const fields = stat.split(' ');
    fields[21] = String(Number(fields[21]) + 1);
    writeFileSync(`${dir}/30006/stat`, fields.join(' '));
    writeFileSync(`${dir}/30006/cmdline`, 'other\x00');
    const reused = byPid(await r.scan(dir, pageSize)).get(30006)!;
    expect(reused.startTime).toBe(Number(fields[21]));
    expect(reused.cmdline).toBe('other');
  });
});

describe('ProcProcessReader.fill after an earlier backend', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'st-proc-'));
    cpSync(`${vm}/proc`, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fromEbpf = (pid: number, startTime: number): RawProcess => ({
    pid,
    startTime,
    ppid: 1,
    comm: 'sleep',
    state: 'S',
    cpuTicks: 7,
    nice: 5,
    priority: 25,
    threads: 1,
    kernelThread: false,
  });

  /** One fill pass over `prior`: the records as the merge (index.ts) joins them. */
  const fillPass = (r: ProcProcessReader, prior: RawProcess[], mustList: number[] = []) => {
    const { fills, added } = r.fill(dir, prior, pageSize, mustList);
    return mergeProcesses({ processes: prior }, { processes: added, fills }).processes!;
  };

  it('fills only what is undefined and keeps what the earlier backend measured', () => {
    const startTime = Number(readFileSync(`${dir}/12696/stat`, 'utf8').split(' ')[21]);
    const r = reader();
    fillPass(r, [fromEbpf(12696, startTime)]); // the first pass leaves io and schedstat
    const prior = [fromEbpf(12696, startTime)];
    const [p] = fillPass(r, prior);
    expect(p).toMatchObject({ pid: 12696, ppid: 1, cpuTicks: 7, uid: 65534, user: 'nobody', cmdline: 'sleep 600' });
    // The earlier backend's record is completed in place, and what it measured is kept.
    expect(p).toBe(prior[0]);
    const measured = Object.fromEntries(Object.entries(fromEbpf(12696, startTime)).filter(([, v]) => v !== undefined));
    expect(p).toMatchObject(measured);
    expect(p.rssBytes).toBeTypeOf('number');
    expect(p.readBytes?.value).toBeTypeOf('number');
    expect(p.runqueueWaitNs?.value).toBeTypeOf('number');
  });

  it('does not read stat again for a process it already knows', () => {
    const r = reader();
    const startTime = Number(readFileSync(`${dir}/12696/stat`, 'utf8').split(' ')[21]);
    fillPass(r, [fromEbpf(12696, startTime)]);
    unlinkSync(`${dir}/12696/stat`);
    const [p] = fillPass(r, [fromEbpf(12696, startTime)]);
    expect(p.cmdline).toBe('sleep 600');
    expect(p.rssBytes).toBeTypeOf('number');
  });

  it('never fills from a pid that now holds another process, or from a vanished one', () => {
    const r = reader();
    const stale = fromEbpf(12696, 1);
    expect(r.fill(dir, [stale], pageSize).fills).toEqual([undefined]);
    expect(fillPass(r, [stale])).toEqual([stale]);
    const gone = fromEbpf(99999, 5);
    expect(r.fill(dir, [gone], pageSize).fills).toEqual([undefined]);
    expect(fillPass(r, [gone])).toEqual([gone]);
  });

  it('returns only the fields it read, for the processes it was asked about', () => {
    const startTime = Number(readFileSync(`${dir}/12696/stat`, 'utf8').split(' ')[21]);
    const { fills, added } = reader().fill(dir, [fromEbpf(12696, startTime)], pageSize);
    expect(added).toEqual([]);
    const read = Object.fromEntries(Object.entries(fills[0]!).filter(([, v]) => v !== undefined));
    // stat was read to prove the key (no facts cached yet) but the earlier record had its fields.
    expect(Object.keys(read).sort()).toEqual(['cmdline', 'pid', 'rssBytes', 'sharedBytes', 'startTime', 'uid', 'user', 'vszBytes']);
  });

  it('writes a later pass into the fills of the one before, each holding only what it read', () => {
    const startTime = Number(readFileSync(`${dir}/12696/stat`, 'utf8').split(' ')[21]);
    const r = reader();
    const first = r.fill(dir, [fromEbpf(12696, startTime)], pageSize).fills;
    expect(first[0]?.cmdline).toBe('sleep 600');
    // A record with every field the reader could fill: nothing is read for it.
    const whole: RawProcess = {
      ...fromEbpf(12696, startTime),
      rssBytes: 1,
      vszBytes: 2,
      sharedBytes: 3,
      uid: 0,
      user: 'root',
      cmdline: 'x',
      cgroup: '/',
      readBytes: { value: 0, readAt: 0, source: 'ebpf' },
      writeBytes: { value: 0, readAt: 0, source: 'ebpf' },
      runqueueWaitNs: { value: 0, readAt: 0, source: 'ebpf' },
    };
    const second = r.fill(dir, [whole], pageSize).fills;
    expect(second[0]).toBe(first[0]);
    expect(Object.entries(second[0]!).filter(([, v]) => v !== undefined)).toEqual([
      ['pid', 12696],
      ['startTime', startTime],
    ]);
  });

  it("lets the last scan's records go once fill passes took over", async () => {
    const r = reader();
    const first = await r.scan(dir, pageSize);
    const startTime = Number(readFileSync(`${dir}/12696/stat`, 'utf8').split(' ')[21]);
    r.fill(dir, [fromEbpf(12696, startTime)], pageSize);
    r.fill(dir, [fromEbpf(12696, startTime)], pageSize);
    await r.scan(dir, pageSize);
    const third = await r.scan(dir, pageSize);
    expect(third.length).toBe(first.length);
    expect(third.filter((p) => first.includes(p))).toEqual([]);
  });

  it('lists a process it must list that the earlier list lacks, and only then', () => {
    const startTime = Number(readFileSync(`${dir}/12696/stat`, 'utf8').split(' ')[21]);
    const r = reader();
    const other = fromEbpf(12697, Number(readFileSync(`${dir}/12697/stat`, 'utf8').split(' ')[21]));
    const withIt = fillPass(r, [other], [12696]);
    expect(withIt.map((p) => p.pid)).toEqual([12697, 12696]);
    expect(withIt[1]).toMatchObject({ startTime, comm: 'sleep', cmdline: 'sleep 600', user: 'nobody' });
    expect(r.fill(dir, [other, fromEbpf(12696, startTime)], pageSize, [12696]).added).toEqual([]);
  });

  it('keeps its counter reads from pass to pass for a process it must list', () => {
    const r = reader();
    const other = fromEbpf(12697, Number(readFileSync(`${dir}/12697/stat`, 'utf8').split(' ')[21]));
    fillPass(r, [other], [12696]);
    const second = fillPass(r, [other], [12696])[1];
    expect(second.readBytes).toMatchObject({ source: 'proc' });
    expect(second.runqueueWaitNs).toMatchObject({ source: 'proc' });
    const third = fillPass(r, [other], [12696])[1];
    expect(third.runqueueWaitNs!.before ?? third.runqueueWaitNs).toMatchObject({ readAt: second.runqueueWaitNs!.readAt });
  });
});

describe('ProcProcessReader: io and schedstat on their own schedule', () => {
  let dir: string;
  let clock: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'st-proc-'));
    cpSync(`${vm}/proc`, dir, { recursive: true });
    clock = 1_000;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A reader past its first pass (at clock 1,000), which reads no io or schedstat. */
  const timedReader = async () => {
    const r = new ProcProcessReader({ users: new UserNames(`${vm}/passwd`), now: () => clock });
    await r.scan(dir, pageSize);
    return r;
  };
  /** One pass a second later than the last. */
  const pass = async (r: ProcProcessReader) => {
    clock += 1_000;
    return byPid(await r.scan(dir, pageSize)).get(12696)!;
  };
  const setReadBytes = (n: number) => {
    const io = readFileSync(`${dir}/12696/io`, 'utf8');
    writeFileSync(`${dir}/12696/io`, io.replace(/^read_bytes: \d+$/m, `read_bytes: ${n}`));
  };
  const editStat = (edit: (fields: string[]) => void) => {
    const stat = readFileSync(`${dir}/12696/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    edit(fields);
    writeFileSync(`${dir}/12696/stat`, `${stat.slice(0, close + 2)}${fields.join(' ')}`);
  };

  it('reads an idle process once in COUNTER_REFRESH_PASSES passes, handing on its last two reads with their times', async () => {
    const r = await timedReader();
    const first = await pass(r);
    expect(first).toMatchObject({ readBytes: { readAt: 2_000 }, runqueueWaitNs: { readAt: 2_000 } });
    expect(first.readBytes!.before).toBeUndefined();
    const oldBytes = first.readBytes!.value;
    setReadBytes(oldBytes + 4096);
    const seen: RawProcess[] = [];
    // Copies: a scan's records are written into again two scans later (raw.ts RecordSets).
    for (let i = 0; i < COUNTER_REFRESH_PASSES; i++) seen.push(structuredClone(await pass(r)));
    const reread = seen.findIndex((p) => p.readBytes!.value === oldBytes + 4096);
    expect(reread).toBeGreaterThanOrEqual(0);
    for (const p of seen.slice(0, reread)) expect(p.readBytes).toMatchObject({ value: oldBytes, readAt: 2_000 });
    expect(seen[reread].readBytes!.readAt).toBe(3_000 + reread * 1_000);
    expect(seen[reread].readBytes!.before).toEqual({ readAt: 2_000, value: oldBytes, source: 'proc' });
    expect(seen[reread].writeBytes!.before).toEqual({ readAt: 2_000, value: first.writeBytes!.value, source: 'proc' });
    expect(seen[reread].runqueueWaitNs!.before?.readAt).toBe(2_000);
  });

  it("writes each scan into the records of the scan before last, with this scan's figures", async () => {
    const r = await timedReader();
    const a = await r.scan(dir, pageSize);
    const b = await r.scan(dir, pageSize);
    const kept = structuredClone(b);
    editStat((f) => (f[11] = String(Number(f[11]) + 7)));
    const c = await r.scan(dir, pageSize);
    expect(c.map((p) => p.pid)).toEqual(a.map((p) => p.pid));
    c.forEach((p, i) => expect(p).toBe(a[i]));
    expect(b.some((p) => c.includes(p))).toBe(false);
    // The last scan's records are as they were; this one's hold its own figures.
    expect(b).toEqual(kept);
    const before = byPid(kept).get(12696)!;
    expect(byPid(c).get(12696)).toMatchObject({ cmdline: before.cmdline, user: before.user, cpuTicks: before.cpuTicks! + 7 });
  });

  it('reads at once a process whose CPU time moved, or that is running', async () => {
    const r = await timedReader();
    const base = (await pass(r)).readBytes!.value;
    // Passes so far: 2 (timedReader's and this one). Go on until the next pass is not 12696's turn.
    let passes = 2;
    while ((12696 + passes + 1) % COUNTER_REFRESH_PASSES === 0) {
      await pass(r);
      passes++;
    }
    setReadBytes(base + 1);
    editStat((f) => (f[11] = String(Number(f[11]) + 1)));
    expect((await pass(r)).readBytes!.value).toBe(base + 1);
    editStat((f) => (f[0] = 'R'));
    for (let i = 0; i < COUNTER_REFRESH_PASSES; i++) {
      setReadBytes(base + 2 + i);
      expect((await pass(r)).readBytes).toMatchObject({ value: base + 2 + i, readAt: clock });
    }
  });

  it('reads statm again when stat shows memory moved, else on the rotation, handing on the last read', async () => {
    const r = await timedReader();
    const statm = readFileSync(`${dir}/12696/statm`, 'utf8').split(' ');
    const setRssPages = (pages: number) => writeFileSync(`${dir}/12696/statm`, [statm[0], String(pages), ...statm.slice(2)].join(' '));
    const rss = Number(statm[1]);
    expect((await pass(r)).rssBytes).toBe(rss * pageSize);
    // statm alone changed (nothing stat shows): picked up on the process's turn, not before.
    setRssPages(rss + 1);
    const seen: (number | undefined)[] = [];
    for (let i = 0; i < COUNTER_REFRESH_PASSES; i++) seen.push((await pass(r)).rssBytes);
    const reread = seen.indexOf((rss + 1) * pageSize);
    expect(reread).toBeGreaterThanOrEqual(0);
    expect(seen.slice(0, reread).every((b) => b === rss * pageSize)).toBe(true);
    // stat's rough RSS (field 24) moved: read at once, whatever the rotation says.
    for (let i = 2; i < 2 + COUNTER_REFRESH_PASSES; i++) {
      setRssPages(rss + i);
      editStat((f) => (f[21] = String(Number(f[21]) + 1)));
      expect((await pass(r)).rssBytes).toBe((rss + i) * pageSize);
    }
  });

  it('does not retry an unreadable io every pass, and reads it on its turn', async () => {
    const r = await timedReader();
    const io = readFileSync(`${dir}/12696/io`, 'utf8');
    unlinkSync(`${dir}/12696/io`);
    expect((await pass(r)).readBytes).toBeUndefined();
    writeFileSync(`${dir}/12696/io`, io);
    const seen: (number | undefined)[] = [];
    for (let i = 0; i < COUNTER_REFRESH_PASSES; i++) seen.push((await pass(r)).readBytes?.value);
    expect(seen.filter((b) => b === undefined).length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBeTypeOf('number');
  });
});
