import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CMDLINE_TRUNCATED_MARKER,
  parseCgroup,
  parseCmdline,
  parseIo,
  parseSchedstatWaitNs,
  parseStat,
  parseStatm,
  parseStatusEffectiveUid,
  parseStatusMemory,
  StatScratch,
} from '../../../src/collectors/processes/parse.js';

const vm = new URL('../../fixtures/debian12-2cpu-vm/', import.meta.url).pathname;
const text = (pid: number | string, file: string): string => readFileSync(`${vm}proc/${pid}/${file}`, 'utf8');
const bytes = (pid: number | string, file: string): Buffer => readFileSync(`${vm}proc/${pid}/${file}`);
const pageSize = Number(readFileSync(`${vm}pagesize`, 'utf8'));

/** What ps printed for the same pids at recording time: pid ppid uid user ni nlwp rss(KiB) vsz(KiB) stat. */
const ps = new Map(
  readFileSync(`${vm}ps.txt`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [pid, ppid, uid, user, ni, nlwp, rss, vsz, stat] = line.trim().split(/\s+/);
      return [Number(pid), { ppid: Number(ppid), uid: Number(uid), user, ni: Number(ni), nlwp: Number(nlwp), rss: Number(rss), vsz: Number(vsz), stat }];
    }),
);

describe('parseStat on the recorded trees', () => {
  it('agrees with ps on every recorded process', () => {
    expect(ps.size).toBe(11);
    for (const [pid, want] of ps) {
      const st = parseStat(text(pid, 'stat'));
      expect(st?.pid, `pid ${pid}`).toBe(pid);
      expect(st!.ppid).toBe(want.ppid);
      expect(st!.nice).toBe(want.ni);
      expect(st!.threads).toBe(want.nlwp);
      expect(st!.state).toBe(want.stat[0]);
    }
  });

  it('takes comm up to the LAST ")" whatever it contains', () => {
    expect(parseStat(text(12690, 'stat'))!.comm).toBe(') x) (y');
    expect(parseStat(text(12691, 'stat'))!.comm).toBe('nl\nz) q');
    expect(parseStat(text(12692, 'stat'))!.comm).toBe('\x1b[2J\x1b]0;pwn\x07');
    expect(parseStat(text(12694, 'stat'))!.comm).toBe('日本😀');
    // Fields after comm are still in the right places.
    expect(parseStat(text(12691, 'stat'))!.ppid).toBe(ps.get(12691)!.ppid);
  });

  it('reads start time, CPU ticks and priority from their fields', () => {
    const fields = text(12696, 'stat').trim().split(' ');
    const st = parseStat(text(12696, 'stat'))!;
    expect(st.startTime).toBe(Number(fields[21]));
    expect(st.cpuTicks).toBe(Number(fields[13]) + Number(fields[14]));
    expect(st.priority).toBe(25);
    expect(st.nice).toBe(5);
    // vsize (bytes) and the rough rss (pages), the change detector for statm.
    expect(st.vsize).toBe(Number(fields[22]));
    expect(st.rssPagesApprox).toBe(Number(fields[23]));
    const cut = fields.slice(0, 23).join(' ');
    expect(parseStat(cut)).toMatchObject({ vsize: Number(fields[22]), rssPagesApprox: undefined });
    expect(parseStat(`  ${fields.join(' ')}`)?.pid).toBe(12696);
    expect(parseStat(`-${fields.join(' ')}`)).toBeUndefined();
  });

  it('marks kernel threads from PF_KTHREAD, not from the name', () => {
    expect(parseStat(text(2, 'stat'))!.kernelThread).toBe(true);
    expect(parseStat(text(4, 'stat'))!.kernelThread).toBe(true);
    expect(parseStat(text(12696, 'stat'))!.kernelThread).toBe(false);
    expect(parseStat(text(12699, 'stat'))!.kernelThread).toBe(false);
  });

  it('rejects a stat cut anywhere before field 23, and junk', () => {
    const full = text(12696, 'stat');
    const vsizeAt = full.split(' ').slice(0, 22).join(' ').length;
    for (let cut = 0; cut <= vsizeAt; cut++) expect(parseStat(full.slice(0, cut)), `cut at ${cut}`).toBeUndefined();
    expect(parseStat(full.slice(0, vsizeAt + 2))?.startTime).toBe(parseStat(full)!.startTime);
    expect(parseStat('')).toBeUndefined();
    expect(parseStat('12 (x) S not numbers at all here 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17')).toBeUndefined();
    expect(parseStat('x (y) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 6 7')).toBeUndefined();
  });

  it('one scratch reused across stats (long, short, cut) parses each as a fresh one does', () => {
    const scratch = new StatScratch();
    const full = text(12696, 'stat');
    const stats = [...[...ps.keys()].map((pid) => text(pid, 'stat')), full.slice(0, full.lastIndexOf(' ')), full.slice(0, 40), text(12691, 'stat')];
    for (const stat of stats) expect(parseStat(stat, scratch)).toEqual(parseStat(stat));
  });
});

describe('the other per-process files', () => {
  it('statm in bytes agrees with ps RSS and VSZ', () => {
    for (const [pid, want] of ps) {
      const m = parseStatm(text(pid, 'statm'), pageSize)!;
      expect(m.rssBytes, `pid ${pid}`).toBe(want.rss * 1024);
      expect(m.vszBytes, `pid ${pid}`).toBe(want.vsz * 1024);
      expect(m.sharedBytes).toBeLessThanOrEqual(m.rssBytes);
    }
    expect(parseStatm('', pageSize)).toBeUndefined();
  });

  it('status gives the effective uid ps shows', () => {
    for (const [pid, want] of ps) expect(parseStatusEffectiveUid(text(pid, 'status')), `pid ${pid}`).toBe(want.uid);
    expect(parseStatusEffectiveUid('Name:\tx\nUid:\t1\t2\t3\t4\n')).toBe(2);
    expect(parseStatusEffectiveUid('Name:\tx\n')).toBeUndefined();
  });

  it("status gives statm's size, resident and shared where the process has memory", () => {
    for (const pid of ps.keys()) {
      const statm = parseStatm(text(pid, 'statm'), pageSize)!;
      const status = parseStatusMemory(text(pid, 'status'));
      // kernel threads (2, 4) and the zombie (12699) have no memory lines; statm shows them as 0
      if (status === undefined) expect(statm, `pid ${pid}`).toEqual({ vszBytes: 0, rssBytes: 0, sharedBytes: 0 });
      else expect(status, `pid ${pid}`).toEqual(statm);
    }
    expect(parseStatusMemory(text(12696, 'status'))).toEqual({ vszBytes: 2920 * 1024, rssBytes: 1880 * 1024, sharedBytes: 1772 * 1024 });
    expect(parseStatusMemory(text(2, 'status'))).toBeUndefined();
    expect(parseStatusMemory('VmSize:\t8 kB\nVmRSS:\t4 kB\nRssFile:\t4 kB\n')).toBeUndefined();
  });

  it('io gives read_bytes and write_bytes', () => {
    const io = text(12695, 'io');
    const field = (key: string) =>
      Number(
        io
          .split('\n')
          .find((l) => l.startsWith(`${key}:`))!
          .split(' ')[1],
      );
    expect(parseIo(io)).toEqual({ readBytes: field('read_bytes'), writeBytes: field('write_bytes') });
    expect(parseIo('rchar: 1\n')).toBeUndefined();
  });

  it('schedstat gives the run-queue wait (second field)', () => {
    const f = text(12696, 'schedstat').trim().split(' ');
    expect(parseSchedstatWaitNs(text(12696, 'schedstat'))).toBe(Number(f[1]));
    expect(parseSchedstatWaitNs('')).toBeUndefined();
  });

  it('cgroup: v2 line, or v1 when the v2 tree is unused', () => {
    expect(parseCgroup(text(12696, 'cgroup'))).toMatch(/^\//);
    expect(parseCgroup('0::/system.slice/ssh.service\n')).toBe('/system.slice/ssh.service');
    expect(parseCgroup('4:memory:/process_api/abc\n1:cpu:/\n0::/\n')).toBe('/process_api/abc');
    expect(parseCgroup('9:name=systemd:/user.slice/x\n4:memory:/other\n0::/\n')).toBe('/user.slice/x');
    expect(parseCgroup('9:name=systemd:/\n1:cpu:/\n0::/\n')).toBe('/');
    expect(parseCgroup('0::/a:b\x1b\n')).toBe('/a:b\\x1b');
    expect(parseCgroup('')).toBeUndefined();
  });

  it('cmdline: NULs become spaces, hostile bytes are escaped, kernel threads are empty', () => {
    expect(parseCmdline(bytes(12695, 'cmdline'), false)).toBe('\\x1b[31mperl -e sleep 600 -- a\\x0ab \ufffd\ufffd 日本語😀 tab\\x09here');
    expect(parseCmdline(bytes(2, 'cmdline'), false)).toBe('');
    expect(parseCmdline(bytes(12699, 'cmdline'), false)).toBe('');
    expect(parseCmdline(Buffer.from('a\0\0b\0'), false)).toBe('a  b');
    expect(parseCmdline(Buffer.from('abc'), true)).toBe(`abc${CMDLINE_TRUNCATED_MARKER}`);
  });
});
