/**
 * The processes join end to end without root: an earlier backend that lists processes as the eBPF
 * one does (stat fields and counters, no cmdline, and no pid 1, as this kernel hides it from BPF),
 * the real /proc backend on the recorded tree, the collector's merge, driven by the real sampler,
 * and derive. The recorded tree gets a pid 1 (a copy of a recorded process) so that the /proc
 * backend has one to list.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, CollectorContext, Timed } from '../../../src/collectors/contract.js';
import { createProcessesCollector } from '../../../src/collectors/processes/index.js';
import { parseStat } from '../../../src/collectors/processes/parse.js';
import type { ProcessesRaw, RawProcess } from '../../../src/collectors/processes/raw.js';
import { Sampler } from '../../../src/collectors/sampler.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

const vm = new URL('../../fixtures/debian12-2cpu-vm/proc', import.meta.url).pathname;
let root: string;
let clock = 0;
const ctx = (): CollectorContext => ({
  procRoot: root,
  sysRoot: '/sys',
  readBuffer: new ReadBuffer(),
  host: { hostname: 'h', kernel: 'k', arch: 'x64', cpuCount: 2, clockTicks: 100, pageSize: 4096, bootTime: 0 },
  now: () => clock,
});

/** What the earlier backend returned, every tick: the merge completes these records and changes nothing they measured. */
const handedOut: { list: RawProcess[]; copy: RawProcess[] }[] = [];

/** An eBPF-like backend over the recorded stats: every process but pid 1, 1 MB read a second each. */
const earlier: Backend<ProcessesRaw> = {
  id: 'early',
  probe: () => ({ available: true }),
  read(c) {
    const list: RawProcess[] = [];
    for (const pid of [2, 4, 12690, 12696, 12697]) {
      const st = parseStat(readFileSync(`${c.procRoot}/${pid}/stat`, 'utf8'))!;
      const at = c.now();
      list.push({
        pid,
        startTime: st.startTime,
        ppid: st.ppid,
        comm: st.comm,
        state: st.state,
        cpuTicks: st.cpuTicks,
        nice: st.nice,
        priority: st.priority,
        threads: st.threads,
        kernelThread: st.kernelThread,
        uid: 65534,
        readBytes: { value: at * 1000, readAt: at, source: 'ebpf' },
        writeBytes: { value: 0, readAt: at, source: 'ebpf' },
        runqueueWaitNs: { value: 0, readAt: at, source: 'ebpf' },
        cmdline: undefined,
      });
    }
    handedOut.push({ list, copy: structuredClone(list) });
    return { processes: list };
  },
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'st-join-'));
  cpSync(vm, root, { recursive: true });
  cpSync(`${root}/12696`, `${root}/1`, { recursive: true });
  const stat = readFileSync(`${root}/1/stat`, 'utf8');
  writeFileSync(`${root}/1/stat`, `1${stat.slice(stat.indexOf(' '))}`.replace('(sleep)', '(init)'));
  writeFileSync(`${root}/1/cmdline`, '/sbin/init\0');
  symlinkSync(`${root}/12696`, `${root}/self`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('processes join: earlier backend, /proc fills, merge, derive', () => {
  it('fills the earlier list from /proc, lists pid 1, keeps what the earlier backend measured, and rates the earlier counters', async () => {
    const collector = createProcessesCollector([earlier]);
    const sampler = new Sampler({ processes: collector }, ctx());
    const samples: Timed<ProcessesRaw>[] = [];
    let fields: Record<string, string> = {};
    for (let tick = 0; tick < 3; tick++) {
      clock = 1000 * (tick + 1);
      const reading = (await sampler.sample()).processes;
      samples.push(reading.cur as Timed<ProcessesRaw>);
      fields = reading.fields;
    }
    expect(fields).toMatchObject({ processes: 'early', fills: 'proc' });
    const raw = samples[2].raw.processes!;
    expect(raw.map((p) => p.pid)).toEqual([2, 4, 12690, 12696, 12697, 1]);
    for (const { list, copy } of handedOut) {
      // What the merge appended to the list: pid 1, which only /proc listed.
      expect(list.slice(copy.length).map((p) => p.pid)).toEqual([1]);
      copy.forEach((measured, i) => expect(list[i]).toMatchObject(Object.fromEntries(Object.entries(measured).filter(([, v]) => v !== undefined))));
    }
    expect(raw.find((p) => p.pid === 12696)).toMatchObject({ cmdline: 'sleep 600', user: 'nobody', uid: 65534 });
    expect(raw.find((p) => p.pid === 12696)!.rssBytes).toBe(Number(readFileSync(`${root}/12696/statm`, 'utf8').split(' ')[1]) * 4096);
    // The earlier backend's counters are kept; /proc read none of its own for those processes.
    expect(raw.find((p) => p.pid === 12696)!.readBytes).toMatchObject({ source: 'ebpf' });
    // pid 1 is /proc's, whole: its counters are /proc's from the second pass on.
    expect(raw.find((p) => p.pid === 1)).toMatchObject({ comm: 'init', cmdline: '/sbin/init', runqueueWaitNs: { source: 'proc' } });

    const { rows } = collector.derive(samples[1], samples[2], ctx());
    const row = rows.find((r) => r.pid === 12696)!;
    expect(row).toMatchObject({ cmdline: 'sleep 600', user: 'nobody', readBytesPerSec: 1e6, writeBytesPerSec: 0, runqueueWaitMsPerSec: 0 });
    expect(rows.find((r) => r.pid === 1)).toMatchObject({ comm: 'init', cmdline: '/sbin/init' });
    sampler.close();
  });
});
