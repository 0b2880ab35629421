/**
 * The /proc reader against the running kernel: agreement with ps, real processes with hostile
 * names and a 2 MiB command line, processes that die while being read, and the EACCES that
 * /proc/1/io gives even root on this VM.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CMDLINE_TRUNCATED_MARKER } from '../../../src/collectors/processes/parse.js';
import { CMDLINE_MAX_BYTES, ProcProcessReader } from '../../../src/collectors/processes/proc.js';
import type { RawProcess } from '../../../src/collectors/processes/raw.js';
import { isDeniedError } from '../../../src/util/readfile.js';

const pageSize = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }));

/** A process's state, parent and start time from its stat, or undefined once it is reaped. */
function statOf(pid: number): { state: string; ppid: number; startTime: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]), startTime: Number(fields[19]) };
}
const started: ChildProcess[] = [];
const readers: ProcProcessReader[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // A reader keeps each process's stat file open: closed here, thousands of processes on the
  // machine do not run the test process out of descriptors.
  for (const reader of readers.splice(0)) reader.close();
});

/** A reader that afterEach closes. */
function newReader(): ProcProcessReader {
  const reader = new ProcProcessReader();
  readers.push(reader);
  return reader;
}

function start(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: 'ignore' });
  started.push(child);
  return child;
}

/** Scan until `pid` shows up with `ready(p)` true, or give up after ~5 s. */
async function waitFor(reader: ProcProcessReader, pid: number, ready: (p: RawProcess) => boolean): Promise<RawProcess> {
  for (let i = 0; i < 100; i++) {
    const p = (await reader.scan('/proc', pageSize)).find((x) => x.pid === pid);
    if (p !== undefined && ready(p)) return p;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`pid ${pid} never became ready`);
}

describe('live /proc', () => {
  it('agrees with ps -eo pid,ppid,user,comm for processes alive in both', async () => {
    const reader = newReader();
    const before = new Map((await reader.scan('/proc', pageSize)).map((p) => [p.pid, p]));
    const ps = execFileSync('ps', ['-eo', 'pid=,ppid=,user:64=,comm='], { encoding: 'utf8' });
    const after = new Map((await reader.scan('/proc', pageSize)).map((p) => [p.pid, p]));
    let compared = 0;
    let comms = 0;
    for (const line of ps.split('\n')) {
      const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
      if (m === null) continue;
      const pid = Number(m[1]);
      const a = before.get(pid);
      const b = after.get(pid);
      // Alive in both scans as the same process: ps saw that process too.
      if (a === undefined || b === undefined || a.startTime !== b.startTime) continue;
      // A fact that changed between our two scans (exec, reparenting, a kworker switching
      // work) may have changed under ps too: compare only facts stable across the window.
      if (a.ppid !== b.ppid || a.uid !== b.uid || a.comm !== b.comm) continue;
      compared++;
      expect(a.ppid, `ppid of ${pid}`).toBe(Number(m[2]));
      expect(a.user ?? String(a.uid), `user of ${pid}`).toBe(m[3]);
      // ps shows unprintable bytes as '?'; compare names that are plain on both sides.
      const psComm = m[4].trim();
      if (/^[\x20-\x7e]*$/.test(a.comm) && !psComm.includes('?')) {
        // A workqueue worker's name ends in '+work' while it runs that work and '-work' after
        // (kernel/workqueue.c wq_worker_comm): it can change and change back between two reads,
        // so only the worker's own part is compared.
        const settled = (c: string) => c.trim().replace(/^(kworker\/[^+-]+)[+-].*$/, '$1');
        expect(settled(a.comm), `comm of ${pid}`).toBe(settled(psComm));
        comms++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    expect(comms).toBeGreaterThan(20);
  });

  it('agrees with ps -o rss=,vsz= on memory for processes whose memory held still', async () => {
    // A fresh reader for each scan: a reader's later passes hand memory on from the pass before
    // (statm is read again only when stat moved, or on its rotation), so equal figures from one
    // reader do not show that memory held still.
    const before = new Map((await newReader().scan('/proc', pageSize)).map((p) => [p.pid, p]));
    const ps = execFileSync('ps', ['-eo', 'pid=,rss=,vsz='], { encoding: 'utf8' });
    const after = new Map((await newReader().scan('/proc', pageSize)).map((p) => [p.pid, p]));
    let compared = 0;
    for (const line of ps.trim().split('\n')) {
      const [pid, rss, vsz] = line.trim().split(/\s+/).map(Number);
      const a = before.get(pid);
      const b = after.get(pid);
      if (a === undefined || b === undefined || a.startTime !== b.startTime) continue;
      if (a.rssBytes !== b.rssBytes || a.vszBytes !== b.vszBytes) continue;
      compared++;
      expect(a.rssBytes, `rss of ${pid}`).toBe(rss * 1024);
      expect(a.vszBytes, `vsz of ${pid}`).toBe(vsz * 1024);
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('returns a real process with a hostile comm and argv safely', async () => {
    const comm = ') \x1b]0;pwn\x07\nx';
    const child = start('perl', ['-e', 'exec { "/usr/bin/perl" } "\\e[31mevil\\n", "-e", "sleep 60", "--", "日本😀", "\\xff"']);
    const reader = newReader();
    // Before the exec, the perl one-liner's own argv also contains 'sleep 60'; comm stays 'perl'
    // across it, so the cache's rotating re-read picks the new argv up within a few scans.
    const p = await waitFor(reader, child.pid!, (x) => x.cmdline!.startsWith('\\x1b[31mevil'));
    expect(p.cmdline).toBe('\\x1b[31mevil\\x0a -e sleep 60 -- 日本😀 \ufffd');
    expect(p.comm).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);

    const named = start('perl', ['-e', 'open(my $f, ">", "/proc/self/comm") or die; print $f $ARGV[0]; close $f; sleep 60', comm]);
    const q = await waitFor(reader, named.pid!, (x) => x.comm !== 'perl');
    expect(q.comm).toBe(') \\x1b]0;pwn\\x07\\x0ax');
    expect(JSON.parse(JSON.stringify(q)).comm).toBe(q.comm);
  });

  it('caps a live 2 MiB command line', async () => {
    // Sixteen arguments just under MAX_ARG_STRLEN (128 KiB) each: 2 MiB, with a stack limit
    // raised so execve accepts that much (ARG_MAX is a quarter of the stack limit).
    const script = 'ulimit -s 65536; a=$(head -c 131000 /dev/zero | tr "\\0" A); exec perl -e "sleep 60" -- ' + Array(16).fill('"$a"').join(' ');
    const child = start('bash', ['-c', script]);
    const reader = newReader();
    // During execve comm changes before the new argv is in place (cmdline reads empty then).
    const p = await waitFor(reader, child.pid!, (x) => x.comm === 'perl' && x.cmdline !== '');
    expect(readFileSync(`/proc/${child.pid}/cmdline`).length).toBeGreaterThan(2_000_000);
    expect(p.cmdline!.startsWith('perl -e sleep 60 -- AAAA')).toBe(true);
    expect(p.cmdline!.endsWith(CMDLINE_TRUNCATED_MARKER)).toBe(true);
    expect(p.cmdline!.length).toBe(CMDLINE_MAX_BYTES + CMDLINE_TRUNCATED_MARKER.length);
  });

  it('keeps scanning while children are born and die under it, never mixing two processes', async () => {
    const loops = [0, 1].map(() => start('bash', ['-c', 'while :; do sleep 0.02 & /bin/true & wait; done']).pid!);
    const reader = newReader();
    // At least 10 scans and one short-lived child caught; bounded in time on a busy machine.
    const deadline = performance.now() + 15_000;
    let scans = 0;
    let seenShortLived = 0;
    while ((scans < 10 || seenShortLived === 0) && performance.now() < deadline) {
      const list = await reader.scan('/proc', pageSize);
      scans++;
      const pids = new Set<number>();
      for (const p of list) {
        expect(pids.has(p.pid), `pid ${p.pid} twice in one scan`).toBe(false);
        pids.add(p.pid);
        if (loops.includes(p.ppid)) seenShortLived++;
      }
      // Every process still alive now holds the identity the scan recorded for it. Its parent
      // may differ: a child whose parent exited since the scan (other tests run beside this one)
      // is moved to init or a subreaper, and then the parent the scan saw must have exited (a
      // zombie until it is reaped) or its pid hold a younger process.
      for (const p of list.slice(-50)) {
        const now = statOf(p.pid);
        if (now === undefined || now.startTime !== p.startTime || now.ppid === p.ppid) continue;
        const parent = statOf(p.ppid);
        expect(
          parent === undefined || parent.state === 'Z' || parent.state === 'X' || parent.startTime > p.startTime,
          `pid ${p.pid}: parent ${p.ppid} in the scan, ${now.ppid} now, yet ${p.ppid} lives on`,
        ).toBe(true);
      }
      await new Promise((r) => setImmediate(r));
    }
    expect(scans).toBeGreaterThanOrEqual(10);
    expect(seenShortLived).toBeGreaterThan(0);
  });

  const pid1IoDenied = (() => {
    try {
      readFileSync('/proc/1/io');
      return false;
    } catch (err) {
      return isDeniedError(err);
    }
  })();
  it.skipIf(!pid1IoDenied)('leaves I/O undefined, not 0, where /proc/PID/io is EACCES (needs an unreadable /proc/1/io, as on the dev VM)', () => {
    const p = newReader().readProcess('/proc/1', 1, pageSize)!;
    expect(p).toMatchObject({ pid: 1, ppid: 0 });
    expect(p.readBytes).toBeUndefined();
    expect(p.writeBytes).toBeUndefined();
    expect(p.rssBytes).toBeTypeOf('number');
    expect(p.cmdline).not.toBe('');
  });
});
