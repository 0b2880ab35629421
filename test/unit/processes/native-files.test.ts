/**
 * The addon's facts reader (native/procfiles.cc) against node:fs and the direct reader it stands
 * in for (files.ts directFactFiles): the same bytes on a recorded root, on the big-host fixture
 * (read on several threads) and on the live /proc, a cmdline cut at its cap, a process gone, a file absent or
 * empty while the folder is there, a file denied (as nobody), a failure that is neither (thrown,
 * naming the file), a file that blocks in the kernel (the caller goes on meanwhile), of status the
 * lines the facts parsers read and no others (their figures the same as of the whole file, on
 * random texts); and a /proc
 * reader that reads a pass's facts files ahead asks for each file once, what factsFiles says, and
 * no more, and ends a scan it was closed during.
 */
import { execFileSync, spawn } from 'node:child_process';
import fc from 'fast-check';
import { chmodSync, closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { directFactFiles, GONE } from '../../../src/collectors/processes/files.js';
import { ProcProcessReader } from '../../../src/collectors/processes/proc.js';
import { parseStatusEffectiveUid, parseStatusMemory, STATUS_FACT_KEYS } from '../../../src/collectors/processes/parse.js';
import { FactsDue, readFactsAhead } from '../../../src/collectors/processes/read-ahead.js';
import { addonPath } from '../../../src/native/binding.js';
import { FACT_FILE, FILE_OUTCOME, procFilesNative, type FactFileName, type ProcFilesNative } from '../../../src/native/procfiles.js';
import { procScanNative } from '../../../src/native/procscan.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { UserNames } from '../../../src/util/users.js';
import { bigHostDir } from '../../helpers/big-host-snapshot.js';
import { writeBigHost } from '../../helpers/big-host.js';
import { runAsNobody } from '../../helpers/nobody.js';

const loaded = procFilesNative();
const vm = new URL('../../fixtures/debian12-2cpu-vm', import.meta.url).pathname;
const ALL = FACT_FILE.cmdline | FACT_FILE.status | FACT_FILE.cgroup;
const NAMES: FactFileName[] = ['cmdline', 'status', 'cgroup'];
/** The test's own account of which status lines the addon keeps: those whose key is one of `keys`. */
const keyedLines = (text: string, keys: readonly string[]) =>
  text
    .split(/(?<=\n)/)
    .filter((line) => keys.some((key) => line.startsWith(`${key}:`)))
    .join('');
/** What facts.ts takes from a status text. */
const statusFacts = (text: string) => ({ uid: parseStatusEffectiveUid(text), memory: parseStatusMemory(text) });
const pidsOf = (root: string) =>
  readdirSync(root)
    .filter((n) => /^\d+$/.test(n))
    .map(Number);

describe.skipIf(!loaded.ok)('the native facts reader (addon built)', () => {
  const native = loaded.ok ? loaded.native : undefined!;
  const read = (root: string, pids: number[], mask = ALL, cap = 65_536, keys = STATUS_FACT_KEYS) =>
    native.read(root, Float64Array.from(pids), new Uint8Array(pids.length).fill(mask), cap, keys);

  it('reads the bytes node:fs reads (of status, the lines asked for), on a recorded root and on the big-host fixture (several threads)', async () => {
    const { dir, remove } = bigHostDir();
    try {
      const big = writeBigHost(dir, { step: 0, spec: { seed: 3, cpus: 8, processes: 600 } }).procRoot;
      for (const root of [`${vm}/proc`, big]) {
        const pids = pidsOf(root);
        const reads = await read(root, pids);
        expect(reads.count).toBe(pids.length);
        pids.forEach((pid, i) => {
          for (const name of NAMES) {
            // cmdline up to the cap (the big host has longer ones).
            const expected = readFileSync(`${root}/${pid}/${name}`).subarray(0, name === 'cmdline' ? 65_536 : undefined);
            // An empty cmdline (a kernel thread's) is read as empty; the others are absent then.
            const outcome = expected.length === 0 && name !== 'cmdline' ? FILE_OUTCOME.absent : FILE_OUTCOME.read;
            expect(reads.outcome(i, name), `${pid}/${name}`).toBe(outcome);
            if (outcome !== FILE_OUTCOME.read) continue;
            const content = reads.content(i, name);
            if (name === 'status') {
              expect(content.toString(), `${pid}/${name}`).toBe(keyedLines(expected.toString(), STATUS_FACT_KEYS));
              expect(statusFacts(content.toString()), `${pid}/${name}`).toEqual(statusFacts(expected.toString()));
            } else {
              expect(content.equals(expected), `${pid}/${name}`).toBe(true);
            }
          }
        });
      }
    } finally {
      remove();
    }
  });

  it('reads the live /proc as node:fs does: a cmdline of many pages, a cgroup, a status', async () => {
    // bash forks sleep (not the last command), so it stays with its 10 KB argument.
    const child = spawn('bash', ['-c', 'sleep 30; :', 'long', 'A'.repeat(10_000)], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const pids = [child.pid!, process.pid];
      const reads = await read('/proc', pids);
      pids.forEach((pid, i) => {
        expect(reads.content(i, 'cmdline').equals(readFileSync(`/proc/${pid}/cmdline`)), `${pid} cmdline`).toBe(true);
        expect(reads.content(i, 'cgroup').toString(), `${pid} cgroup`).toBe(readFileSync(`/proc/${pid}/cgroup`, 'utf8'));
        // Memory moves between two reads; who the process is does not. Of status, the Uid line
        // and the memory lines (a user process has them), no other.
        const lines = reads.content(i, 'status').toString().split('\n').slice(0, -1);
        const uid = readFileSync(`/proc/${pid}/status`, 'utf8')
          .split('\n')
          .find((l) => l.startsWith('Uid:'));
        expect(lines, `${pid} status`).toContain(uid);
        expect(
          lines.map((l) => l.slice(0, l.indexOf(':'))),
          `${pid} status`,
        ).toEqual([...STATUS_FACT_KEYS]);
      });
      expect(reads.content(0, 'cmdline').length).toBeGreaterThan(10_000);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('reads only the files asked for, and cuts cmdline at its cap', async () => {
    const pid = pidsOf(`${vm}/proc`).find((p) => readFileSync(`${vm}/proc/${p}/cmdline`).length > 8)!;
    const reads = await native.read(`${vm}/proc`, Float64Array.of(pid, pid), Uint8Array.of(FACT_FILE.cmdline, FACT_FILE.status), 5, STATUS_FACT_KEYS);
    expect(reads.outcome(0, 'cmdline')).toBe(FILE_OUTCOME.read);
    expect(reads.content(0, 'cmdline').equals(readFileSync(`${vm}/proc/${pid}/cmdline`).subarray(0, 5))).toBe(true);
    expect(reads.outcome(0, 'status')).toBe(FILE_OUTCOME.notAsked);
    expect(reads.outcome(1, 'cmdline')).toBe(FILE_OUTCOME.notAsked);
    expect(reads.outcome(1, 'status')).toBe(FILE_OUTCOME.read);
    expect((await read(`${vm}/proc`, [])).count).toBe(0);
  });

  it('keeps of a status the lines with the keys asked for, whose figures are those of the whole text (random texts)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'st-procfiles-status-'));
    try {
      const value = fc.oneof(fc.constantFrom('0', '1000\t1000\t1000\t1000', '4096 kB', '  12 kB', ''), fc.string({ maxLength: 12 }));
      // Keys the parsers read, keys that begin like them, and others.
      const key = fc.constantFrom(...STATUS_FACT_KEYS, 'Uidx', 'VmRSSx', 'Vm', 'U', 'Name', 'Gid', 'RssAnon', 'VmHWM', '');
      const odd = fc.tuple(key, fc.constantFrom(':\t', ': ', ':', ' ', ''), value).map(([k, sep, v]) => `${k}${sep}${v}`.replaceAll('\n', ' '));
      // And lines as the kernel writes them.
      const uid = fc.nat(65_535).map((u) => `Uid:\t${u}\t${u}\t${u}\t${u}`);
      const memory = fc.tuple(fc.constantFrom('VmSize', 'VmRSS', 'RssFile', 'RssShmem'), fc.nat()).map(([k, kb]) => `${k}:\t${String(kb).padStart(8)} kB`);
      const line = fc.oneof(odd, uid, memory);
      const status = fc.tuple(fc.array(line, { maxLength: 30 }), fc.boolean()).map(([lines, end]) => lines.join('\n') + (end ? '\n' : ''));
      let parsed = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(status, { minLength: 1, maxLength: 6 }), async (texts) => {
          rmSync(root, { recursive: true, force: true });
          texts.forEach((text, i) => {
            mkdirSync(join(root, String(i + 1)), { recursive: true });
            writeFileSync(join(root, String(i + 1), 'status'), text);
          });
          const reads = await read(
            root,
            texts.map((_, i) => i + 1),
            FACT_FILE.status,
          );
          texts.forEach((text, i) => {
            // An empty file is absent (the direct reader's GONE-or-absent), as before.
            expect(reads.outcome(i, 'status')).toBe(text === '' ? FILE_OUTCOME.absent : FILE_OUTCOME.read);
            if (text === '') return;
            const kept = reads.content(i, 'status').toString();
            expect(kept).toBe(keyedLines(text, STATUS_FACT_KEYS));
            expect(statusFacts(kept)).toEqual(statusFacts(text));
            if (statusFacts(text).uid !== undefined) parsed++;
          });
        }),
        { numRuns: 150 },
      );
      // Not vacuous: some texts had a uid to find.
      expect(parsed).toBeGreaterThan(10);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('on a copy of a recorded root', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'st-procfiles-'));
      cpSync(`${vm}/proc`, root, { recursive: true });
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('tells a process gone from a file absent or empty while its folder is there, as the direct reader does', async () => {
      const [a, b] = pidsOf(root);
      unlinkSync(join(root, String(a), 'cgroup'));
      writeFileSync(join(root, String(b), 'status'), '');
      writeFileSync(join(root, String(b), 'cmdline'), '');
      const gone = 999_999;
      const reads = await read(root, [a, b, gone]);
      expect(reads.outcome(0, 'cgroup')).toBe(FILE_OUTCOME.absent);
      expect(reads.outcome(1, 'status')).toBe(FILE_OUTCOME.absent);
      expect(reads.outcome(1, 'cmdline')).toBe(FILE_OUTCOME.read);
      expect(reads.content(1, 'cmdline').length).toBe(0);
      expect(reads.outcome(2, 'cmdline')).toBe(FILE_OUTCOME.gone);
      // After the first file finds the process gone, the rest are not read.
      expect(reads.outcome(2, 'status')).toBe(FILE_OUTCOME.notAsked);

      const direct = directFactFiles(new ReadBuffer());
      const due = new FactsDue();
      for (const pid of [a, b, gone]) due.add(pid, ALL);
      const ahead = await readFactsAhead(native, root, due, 65_536, direct);
      for (const pid of [a, b, gone]) {
        const dir = `${root}/${pid}`;
        expect(ahead.cmdline(dir, pid, 65_536), `${pid} cmdline`).toEqual(direct.cmdline(dir, pid, 65_536));
        expect(ahead.optional(dir, pid, 'cgroup'), `${pid} cgroup`).toEqual(direct.optional(dir, pid, 'cgroup'));
        // Of status, what facts.ts takes from it.
        const [aheadStatus, directStatus] = [ahead.optional(dir, pid, 'status'), direct.optional(dir, pid, 'status')];
        if (typeof directStatus === 'string' && typeof aheadStatus === 'string')
          expect(statusFacts(aheadStatus), `${pid} status`).toEqual(statusFacts(directStatus));
        else expect(aheadStatus, `${pid} status`).toEqual(directStatus);
      }
      expect(ahead.optional(`${root}/${gone}`, gone, 'status')).toBe(GONE);
    });

    it('answers later: the calling thread goes on while a file blocks in the kernel', async () => {
      const [pid] = pidsOf(root);
      const fifo = join(root, String(pid), 'status');
      rmSync(fifo);
      execFileSync('mkfifo', [fifo]);
      let settled = false;
      const pending = read(root, [pid], FACT_FILE.status).finally(() => {
        settled = true;
      });
      // The addon's thread waits in open() for a writer; this thread's timers still run.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(settled).toBe(false);
      // A writer comes: the open returns, and a pipe cannot be pread, so the read fails, naming the file.
      const fd = openSync(fifo, 'w');
      closeSync(fd);
      await expect(pending).rejects.toThrow(expect.objectContaining({ errno: constants.errno.ESPIPE, message: expect.stringContaining(fifo) }));
    });

    it('throws a failure that is neither, naming the file', async () => {
      const [pid] = pidsOf(root);
      rmSync(join(root, String(pid), 'status'));
      mkdirSync(join(root, String(pid), 'status'));
      await expect(read(root, [pid])).rejects.toThrow(
        expect.objectContaining({ errno: constants.errno.EISDIR, syscall: 'pread', message: expect.stringContaining(`${root}/${pid}/status`) }),
      );
    });

    // Dropping to nobody takes root (setpriv).
    it.skipIf(process.getuid?.() !== 0)('tells a denied file apart, as nobody', () => {
      const [pid] = pidsOf(root);
      chmodSync(root, 0o755);
      chmodSync(join(root, String(pid), 'status'), 0o600);
      const script = `const m = require(${JSON.stringify(addonPath)}).procfiles;
        m.readFiles(${JSON.stringify(root)}, Float64Array.of(${pid}), Uint8Array.of(${ALL}), 64, []).then((buffer) => {
          const v = new DataView(buffer);
          process.stdout.write([0, 1, 2].map((s) => v.getUint32(16 + s * 12, true)).join(','));
        });`;
      // Slots in facts.ts's order: cmdline, cgroup, status.
      expect(runAsNobody([process.execPath, '-e', script])).toBe(`${FILE_OUTCOME.read},${FILE_OUTCOME.read},${FILE_OUTCOME.denied}`);
    });
  });

  it('is what a /proc reader reads its facts files with: each file once a pass, as factsFiles says', async () => {
    const scan = procScanNative();
    const calls: { pids: number[]; masks: number[] }[] = [];
    const spy: ProcFilesNative = {
      read(root, pids, masks, cap, keys) {
        calls.push({ pids: [...pids], masks: [...masks] });
        return native.read(root, pids, masks, cap, keys);
      },
    };
    const reader = new ProcProcessReader({ users: new UserNames(`${vm}/passwd`), native: scan.ok ? scan.native : undefined, nativeFiles: spy });
    const first = await reader.scan(`${vm}/proc`, 4096);
    const userProcesses = first.filter((p) => p.kernelThread !== true);
    // The first pass: every process's status, and cmdline of each that is not a kernel thread; its cgroup waits.
    expect(calls).toHaveLength(1);
    expect(calls[0].pids.toSorted((x, y) => x - y)).toEqual(first.map((p) => p.pid).toSorted((x, y) => x - y));
    for (const [i, pid] of calls[0].pids.entries()) {
      const user = userProcesses.some((p) => p.pid === pid);
      expect(calls[0].masks[i], `pid ${pid}`).toBe(FACT_FILE.status | (user ? FACT_FILE.cmdline : 0));
    }
    expect(first.every((p) => p.cgroup === undefined)).toBe(true);
    // The second: the cgroup paths left over; the rest is cached but for the few whose turn in
    // the rotation it is (plan.ts planFacts).
    const second = await reader.scan(`${vm}/proc`, 4096);
    expect(calls).toHaveLength(2);
    expect(calls[1].pids).toHaveLength(first.length);
    expect(calls[1].masks.every((m) => (m & FACT_FILE.cgroup) !== 0)).toBe(true);
    expect(calls[1].masks.filter((m) => m === FACT_FILE.cgroup).length).toBeGreaterThan(first.length / 2);
    expect(second.every((p) => p.cgroup !== undefined)).toBe(true);
    reader.close();
  });

  it('a scan whose reader is closed while its facts files are read ends with nothing, and the next scan reads afresh', async () => {
    let answer: (() => void) | undefined;
    const held: ProcFilesNative = {
      async read(root, pids, masks, cap, keys) {
        await new Promise<void>((resolve) => (answer = resolve));
        return native.read(root, pids, masks, cap, keys);
      },
    };
    const scan = procScanNative();
    const reader = new ProcProcessReader({ users: new UserNames(`${vm}/passwd`), native: scan.ok ? scan.native : undefined, nativeFiles: held });
    const pending = reader.scan(`${vm}/proc`, 4096);
    await vi.waitFor(() => expect(answer).toBeDefined());
    reader.close();
    answer!();
    expect(await pending).toEqual([]);
    const next = reader.scan(`${vm}/proc`, 4096);
    await vi.waitFor(() => expect(answer).toBeDefined());
    answer!();
    expect((await next).map((p) => p.pid).toSorted((x, y) => x - y)).toEqual(pidsOf(`${vm}/proc`).toSorted((x, y) => x - y));
    reader.close();
  });
});
