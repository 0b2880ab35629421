/**
 * The addon's /proc scanner (native/procscan.cc) against the TypeScript one it stands in for: the
 * record layout against the compiled struct, the same processes and fields on every recorded
 * fixture root and on the big-host fixture over passes (with each pass's facts files read ahead
 * by native/procfiles.cc), the same counter reads, the same on the
 * live /proc (allowing for what moved between the two reads), a vanished or reused pid skipped,
 * and the kept files bounded.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStat, type StatFields } from '../../../src/collectors/processes/parse.js';
import { ProcProcessReader } from '../../../src/collectors/processes/proc.js';
import { IO, ProcScanner, SCHEDSTAT, STATM } from '../../../src/collectors/processes/scanner.js';
import { procFilesNative } from '../../../src/native/procfiles.js';
import { addonPath } from '../../../src/native/binding.js';
import { PROC_SCAN_LAYOUT, procScanNative } from '../../../src/native/procscan.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { UserNames } from '../../../src/util/users.js';
import { bigHostDir } from '../../helpers/big-host-snapshot.js';
import { writeBigHost } from '../../helpers/big-host.js';

const loaded = procScanNative();
const files = procFilesNative();
/** The addon's facts reader, with which a native reader reads each pass's facts files ahead (read-ahead.ts). */
const nativeFiles = files.ok ? files.native : undefined;
const fixtures = new URL('../../fixtures/', import.meta.url).pathname;
const vm = `${fixtures}debian12-2cpu-vm`;
/** Every recorded /proc root with processes in it, and a task folder (threads in the same format). */
const ROOTS = ['debian12-2cpu-vm/proc', 'debian12-2cpu-vm-procdetail/proc', 'synthetic-hostile/proc', 'debian12-2cpu-vm-procdetail/proc/20053/task'];
const pageSize = 4096;

/**
 * A scan's processes by pid: the TypeScript scan lists in readdirSync's order (libuv sorts the
 * names as strings), the addon in the kernel's (by pid in procfs).
 */
const byPid = <T extends { pid: number }>(list: T[]) => [...list].sort((a, b) => a.pid - b.pid);

/** What a scanner's pass lists: pid → stat. */
function scanned(scanner: ProcScanner, root: string): Map<number, StatFields> {
  const out = new Map<number, StatFields>();
  // Copies: a stat is the scanner's until its next scan (scanner.ts ScannedProcess).
  scanner.scan(root, (pid, stat) => out.set(pid, { ...stat }));
  scanner.endPass();
  return out;
}

describe.skipIf(!loaded.ok)('the native /proc scanner (addon built)', () => {
  const native = loaded.ok ? loaded.native : undefined!;

  it('reads records with the layout the addon was compiled with', () => {
    expect(native.recordLayout).toEqual(PROC_SCAN_LAYOUT);
  });

  it.each(ROOTS)('lists and reads the same as the TypeScript reader over three passes: %s', async (root) => {
    let clock = 1_000;
    const options = { users: new UserNames(`${vm}/passwd`), now: () => clock };
    const ts = new ProcProcessReader(options);
    const nat = new ProcProcessReader({ ...options, native, nativeFiles });
    try {
      expect(nat.scanKind).toBe('native');
      for (let pass = 0; pass < 3; pass++) {
        clock += 1_000;
        const a = await ts.scan(`${fixtures}${root}`, pageSize);
        const b = await nat.scan(`${fixtures}${root}`, pageSize);
        expect(b.length).toBeGreaterThan(0);
        expect(byPid(b)).toEqual(byPid(a));
      }
    } finally {
      ts.close();
      nat.close();
    }
  });

  it('reads the big-host fixture as the TypeScript reader does, pass after pass', async () => {
    const { dir, remove } = bigHostDir();
    try {
      const spec = { seed: 12, cpus: 16, processes: 300 };
      const root = writeBigHost(dir, { step: 0, spec });
      let clock = 1_000;
      const ts = new ProcProcessReader({ now: () => clock });
      const nat = new ProcProcessReader({ now: () => clock, native, nativeFiles });
      for (let step = 0; step < 3; step++) {
        if (step > 0) writeBigHost(dir, { step, spec });
        clock += 1_000;
        const a = await ts.scan(root.procRoot, pageSize);
        const b = await nat.scan(root.procRoot, pageSize);
        expect(b.length).toBe(root.processes.length);
        expect(byPid(b)).toEqual(byPid(a));
      }
      ts.close();
      nat.close();
    } finally {
      remove();
    }
  });

  it.each([0, 100, 10_000])('reads the big-host fixture on several threads as the TypeScript scanner does, keeping %i stat files at most', (maxKept) => {
    const { dir, remove } = bigHostDir();
    const spec = { seed: 5, cpus: 16, processes: 700 };
    const root = join(dir, 'proc');
    // Each step's reference is a fresh TypeScript scan: a recorded file read through a file kept
    // open still gives its bytes after the unlink below.
    const reference = () => {
      const ts = new ProcScanner(new ReadBuffer());
      try {
        return scanned(ts, root);
      } finally {
        ts.close();
      }
    };
    // Keeps every file once its first pass has opened them: its later passes read one by one.
    const serial = new ProcScanner(new ReadBuffer(), { ...native, scanner: () => native.scanner(100_000) });
    const scanner = new ProcScanner(new ReadBuffer(), { ...native, scanner: () => native.scanner(maxKept) });
    try {
      // 700 processes: a pass that opens them all reads on ShareCount's threads (two or more
      // where there are CPUs for them).
      writeBigHost(dir, { step: 0, spec });
      scanned(serial, root);
      for (let step = 0; step < 3; step++) {
        if (step > 0) writeBigHost(dir, { step, spec });
        // A folder without stat, where the scanner keeps no file for it: its read fails on the
        // thread and again one by one, and it is left out. (A kept file would still read the
        // recorded bytes.)
        if (step === 1 && maxKept < 350) unlinkSync(join(root, readdirSync(root).filter((n) => /^\d+$/.test(n))[350], 'stat'));
        const want = reference();
        const got = scanned(scanner, root);
        expect(got, `step ${step}`).toEqual(want);
        // In the order the folder lists them, as the scan one by one gives it.
        expect([...got.keys()], `step ${step}: listing order`).toEqual([...scanned(serial, root).keys()].filter((pid) => got.has(pid)));
      }
    } finally {
      scanner.close();
      serial.close();
      remove();
    }
  });

  it('runs out of descriptors on a threaded pass and goes on, keeping fewer files', () => {
    // 700 processes and a budget of 10,000 kept files under a limit of 300 descriptors: the first
    // pass's reads on threads run out, let go of what they hold, and the scan recovers as the
    // serial one does (it keeps half as many from then on).
    const { dir, remove } = bigHostDir();
    try {
      const root = writeBigHost(dir, { step: 0, spec: { seed: 5, cpus: 16, processes: 700 } }).procRoot;
      const script = `const m = require(${JSON.stringify(addonPath)}).procscan;
        const s = new m.Scanner(10000);
        const counts = [0, 1, 2].map(() => new DataView(s.scan(${JSON.stringify(root)})).getUint32(0, true));
        process.stdout.write(counts.join(','));`;
      expect(execFileSync('prlimit', ['--nofile=300:300', process.execPath, '-e', script], { encoding: 'utf8' })).toBe('700,700,700');
    } finally {
      remove();
    }
  });

  it('reads the live /proc as the TypeScript scanner does, for the facts that held still between reads', () => {
    const ts = new ProcScanner(new ReadBuffer());
    const nat = new ProcScanner(new ReadBuffer(), native);
    const before = scanned(ts, '/proc');
    const got = scanned(nat, '/proc');
    const after = scanned(ts, '/proc');
    let compared = 0;
    for (const [pid, s] of got) {
      const a = before.get(pid);
      const b = after.get(pid);
      if (a === undefined || b === undefined || a.startTime !== b.startTime) continue;
      compared++;
      expect(s.startTime, `startTime of ${pid}`).toBe(a.startTime);
      // CPU time moves between reads: it must lie between the TypeScript reads on either side. State,
      // threads, flags and memory can move both ways, and a fact is compared where both reads agree.
      expect(s.cpuTicks).toBeGreaterThanOrEqual(a.cpuTicks);
      expect(s.cpuTicks).toBeLessThanOrEqual(b.cpuTicks);
      for (const key of ['comm', 'ppid', 'priority', 'nice', 'kernelThread'] as const) {
        if (a[key] === b[key]) expect(s[key], `${key} of ${pid}`).toBe(a[key]);
      }
    }
    expect(compared).toBeGreaterThan(20);
    ts.close();
    nat.close();
  });

  describe('on a copy of a recorded root', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'st-procscan-'));
      cpSync(`${vm}/proc`, root, { recursive: true });
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it.each([
      ['TypeScript', false],
      ['native', true],
    ])('closes the stat files its first scan kept once an earlier backend lists the processes (%s scanner)', async (_, withAddon) => {
      const reader = new ProcProcessReader({ users: new UserNames(`${vm}/passwd`), ...(withAddon ? { native, nativeFiles } : {}) });
      const open = () => readdirSync('/proc/self/fd').length;
      const before = open();
      const first = await reader.scan(root, pageSize);
      expect(open() - before).toBeGreaterThanOrEqual(first.length);
      reader.fill(root, first, pageSize);
      expect(open()).toBeLessThanOrEqual(before);
      // A later scan (the earlier backend gave out) keeps them again.
      expect((await reader.scan(root, pageSize)).length).toBe(first.length);
      expect(open() - before).toBeGreaterThanOrEqual(first.length);
      reader.close();
    });

    it("writes a scan's stats into the last scan's objects, with this scan's figures and names", () => {
      const scanner = new ProcScanner(new ReadBuffer(), native);
      const held = (): [number, StatFields][] => {
        const out: [number, StatFields][] = [];
        scanner.scan(root, (pid, stat) => {
          out.push([pid, stat]);
        });
        scanner.endPass();
        return out;
      };
      try {
        const first = held();
        const asRead = new Map(first.map(([pid, stat]) => [pid, { ...stat }]));
        const stat = readFileSync(join(root, '12696', 'stat'), 'utf8');
        // Another name, of another length, and CPU time that moved (fields 14 and 15).
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        fields[11] = String(Number(fields[11]) + 7);
        writeFileSync(join(root, '12696', 'stat'), `12696 (renamed) ${fields.join(' ')}`);
        const second = held();
        expect(second.map(([pid]) => pid)).toEqual(first.map(([pid]) => pid));
        second.forEach(([pid, s], i) => {
          expect(s).toBe(first[i][1]);
          if (pid !== 12696) expect(s).toEqual(asRead.get(pid));
        });
        const renamed = second.find(([pid]) => pid === 12696)![1];
        expect(renamed).toMatchObject({ comm: 'renamed', cpuTicks: asRead.get(12696)!.cpuTicks + 7, startTime: asRead.get(12696)!.startTime });
        expect(renamed).toEqual(parseStat(readFileSync(join(root, '12696', 'stat'), 'utf8')));
      } finally {
        scanner.close();
      }
    });

    it('skips a folder without stat, a stat naming another pid and an empty stat, as the TypeScript scanner does', () => {
      mkdirSync(join(root, '99990'));
      mkdirSync(join(root, '99991'));
      writeFileSync(join(root, '99991', 'stat'), '12696 (sleep) S 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 100 4096 1\n');
      mkdirSync(join(root, '99992'));
      writeFileSync(join(root, '99992', 'stat'), '');
      const a = scanned(new ProcScanner(new ReadBuffer()), root);
      const b = scanned(new ProcScanner(new ReadBuffer(), native), root);
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const pid of [99990, 99991, 99992]) expect(b.has(pid)).toBe(false);
      expect(b).toEqual(a);
    });

    it('drops a process whose folder vanished between two passes, and reads one that appeared', () => {
      const scanner = new ProcScanner(new ReadBuffer(), native);
      const first = scanned(scanner, root);
      const [gone] = first.keys();
      rmSync(join(root, String(gone)), { recursive: true });
      cpSync(`${vm}/proc/${gone}`, join(root, '424242'), { recursive: true });
      writeFileSync(join(root, '424242', 'stat'), `424242 (new one) S 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 100 4096 1\n`);
      const second = scanned(scanner, root);
      // A recorded file read through a file kept open still gives its old bytes after the unlink
      // (procfs gives ESRCH instead), as KeptRecordFiles does: the folder's removal is what counts.
      expect(second.has(gone)).toBe(false);
      expect(second.get(424242)?.comm).toBe('new one');
      scanner.close();
    });

    it('reads the counter files the plan asks for as the TypeScript reads do, absent, present and gone', () => {
      const ts = new ProcScanner(new ReadBuffer());
      const nat = new ProcScanner(new ReadBuffer(), native);
      const pids = readdirSync(root);
      unlinkSync(join(root, pids[0], 'io'));
      writeFileSync(join(root, pids[1], 'schedstat'), 'not a schedstat\n');
      for (const pid of pids) {
        for (const files of [STATM, IO, SCHEDSTAT, STATM | IO | SCHEDSTAT, IO | SCHEDSTAT]) {
          expect(nat.counters(join(root, pid), files, pageSize), `${pid} files ${files}`).toEqual(ts.counters(join(root, pid), files, pageSize));
        }
      }
      expect(nat.counters(join(root, pids[0]), IO, pageSize)).toEqual({ memory: undefined, io: undefined, waitNs: undefined });
      const vanished = nat.counters(join(root, '77777'), STATM | IO, pageSize);
      expect(vanished).toBe(ts.counters(join(root, '77777'), STATM | IO, pageSize));
      expect(typeof vanished).toBe('symbol');
    });

    it('gives the same result whether it keeps no stat file, a few or all of them open', () => {
      const all = scanned(new ProcScanner(new ReadBuffer(), native), root);
      for (const maxKept of [0, 2]) {
        const handle = native.scanner(maxKept);
        try {
          for (let pass = 0; pass < 2; pass++) expect(handle.scan(root).count).toBe(all.size);
        } finally {
          handle.close();
        }
      }
    });
  });

  it('skips a live process that exited between two scans, and its kept file is closed', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const scanner = new ProcScanner(new ReadBuffer(), native);
    const fdsBefore = readdirSync('/proc/self/fd').length;
    expect(scanned(scanner, '/proc').has(child.pid!)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(scanned(scanner, '/proc').has(child.pid!)).toBe(false);
    scanner.close();
    // Every kept stat file is closed again.
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(fdsBefore);
  });
});
