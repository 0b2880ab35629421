/**
 * The pure parts of the eBPF path, no kernel needed: state letters, record framing and layout,
 * grouping threads into processes, endpoint formatting, error descriptions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../src/util/sanitize.js';
import type { CollectorContext } from '../../src/collectors/contract.js';
import { createEbpfProcessesBackend, processesFromTasks, processNetBytes } from '../../src/collectors/processes/ebpf.js';
import type { KernelSession } from '../../src/native/kernel-session.js';
import { RECENT_EXITS_MAX, recentExits } from '../../src/collectors/processes/recent-exits.js';
import { RecordSets, type ProcessesRaw, type RawProcess } from '../../src/collectors/processes/raw.js';
import { connectionEvents } from '../../src/collectors/connections/conn-events.js';
import { completeConnEvents, connectionsFromRecords, hasUnlookedSocket } from '../../src/collectors/connections/ebpf.js';
import { formatEndpoint } from '../../src/collectors/connections/parse.js';
import { describeBpfError, PRIVILEGE_REMEDY } from '../../src/native/bpf.js';
import { eventWallTime, RingLoss, splitRingRecords } from '../../src/native/bpf-common.js';
import { decodeSchedStats, RUNQ_SLOTS, SCHED_STATS_SIZE, type ProcEvent } from '../../src/native/bpf-sched.js';
import { TASK_REC_SIZE, TaskRecords, taskFigures, taskStateLetter } from '../../src/native/bpf-task-iter.js';

describe('taskStateLetter (fs/proc/array.c get_task_state)', () => {
  it.each([
    [0x0, 0, 'R'],
    [0x1, 0, 'S'],
    [0x2, 0, 'D'],
    [0x4, 0, 'T'],
    [0x8, 0, 't'],
    [0x0, 0x10, 'X'],
    [0x0, 0x20, 'Z'],
    [0x40, 0, 'P'],
    [0x402, 0, 'I'], // TASK_IDLE = UNINTERRUPTIBLE | NOLOAD
    [0x2001, 0, 'S'], // INTERRUPTIBLE | TASK_FREEZABLE: the freezable bit is masked off
    [0x2002, 0, 'D'],
    [0x8001, 0, 'D'], // TASK_FROZEN reads as D
    [0x1000, 0, 'D'], // TASK_RTLOCK_WAIT reads as D
    [0x101, 0, 'S'], // INTERRUPTIBLE | TASK_WAKEKILL
  ])('__state %s, exit_state %s → %s', (state, exit, letter) => {
    expect(taskStateLetter(state, exit)).toBe(letter);
  });
});

function taskBuffer(tasks: Partial<Record<'tid' | 'tgid' | 'ppid' | 'runtime' | 'dead' | 'rss', number>>[], start = 0n, comm = 'x'): DataView {
  const view = new DataView(new ArrayBuffer(tasks.length * TASK_REC_SIZE));
  tasks.forEach((t, i) => {
    const o = i * TASK_REC_SIZE;
    view.setUint32(o, t.tid ?? 1, true);
    view.setUint32(o + 4, t.tgid ?? 1, true);
    view.setUint32(o + 8, t.ppid ?? 0, true);
    view.setUint32(o + 32, tasks.filter((x) => x.tgid === t.tgid).length, true);
    view.setBigUint64(o + 40, BigInt(t.runtime ?? 0), true);
    view.setBigUint64(o + 48, BigInt(t.dead ?? 0), true);
    view.setBigUint64(o + 56, start, true);
    view.setBigUint64(o + 64, BigInt(t.rss ?? 0), true);
    new Uint8Array(view.buffer, o + 96, 16).set(new TextEncoder().encode(comm).subarray(0, 15));
  });
  return view;
}

describe('task records', () => {
  it('sums CPU over threads plus exited threads, per process, as /proc/PID/stat does', () => {
    const tasks = new TaskRecords(
      taskBuffer([
        { tid: 10, tgid: 10, runtime: 1e9, dead: 5e8, rss: 3 },
        { tid: 11, tgid: 10, runtime: 2e9 },
        { tid: 12, tgid: 12, ppid: 10, runtime: 1e7 },
        { tid: 13, tgid: 99, runtime: 1e9 }, // a thread whose leader was not seen: left out
      ]),
      100,
    );
    const procs = processesFromTasks(tasks, 100, 4096, 0);
    expect(procs.map((p) => [p.pid, p.ppid, p.cpuTicks, p.threads, p.rssBytes])).toEqual([
      [10, 0, 350, 2, 3 * 4096],
      [12, 10, 1, 1, 0],
    ]);
  });

  it('converts start time to whole ticks exactly past 2^53 ns (104 days of uptime)', () => {
    const ns = 2n ** 53n + 123_456_789n;
    const [p] = processesFromTasks(new TaskRecords(taskBuffer([{}], ns), 100), 100, 4096, 0);
    expect(p.startTime).toBe(Number(ns / 10_000_000n));
    // The whole u64 range, and USER_HZ other than 100.
    for (const [big, hz] of [
      [2n ** 64n - 1n, 100],
      [2n ** 63n + 999_999_999n, 1000],
      [123_456_789_012_345_678n, 250],
      [0n, 100],
    ] as const) {
      const task = taskFigures();
      new TaskRecords(taskBuffer([{}], big), hz).read(0, task);
      expect(task.startTicks).toBe(Number(big / (1_000_000_000n / BigInt(hz))));
    }
  });

  it('sanitises a hostile comm and decodes non-ASCII names', () => {
    const [p] = processesFromTasks(new TaskRecords(taskBuffer([{}], 0n, '\x1b[2Jé'), 100), 100, 4096, 0);
    expect(p.comm).toBe('\\x1b[2Jé');
  });

  it('knows a name unchanged from its bytes only where decoding would give that name', () => {
    // Bytes with NULs and printable ASCII often enough that most names are told from their bytes.
    // One byte in `nul` a NUL, so that some names run to the 63 characters procName cuts at.
    const bytes = (length: number, nul: number) =>
      fc.uint8Array({ minLength: length, maxLength: length }).map((b) => b.map((x) => (x % nul === 0 ? 0 : x % 31 === 0 ? x : 0x20 + (x % 95))));
    // The kernel ends the longer name within its 64 bytes (bpf_probe_read_kernel_str).
    const ext = bytes(64, 53).map((b) => ((b[63] = 0), b));
    fc.assert(
      fc.property(bytes(16, 5), ext, fc.constantFrom(0, 1, 2, 3, 4, 5), fc.string({ maxLength: 70 }), (comm, longer, extKind, other) => {
        const view = new DataView(new ArrayBuffer(TASK_REC_SIZE));
        new Uint8Array(view.buffer, 96, 16).set(comm);
        new Uint8Array(view.buffer, 112, 64).set(longer);
        view.setUint32(176, extKind, true);
        const tasks = new TaskRecords(view, 100);
        const name = sanitizeText(tasks.procName(0));
        for (const text of [name, other, `${name}x`, name.slice(0, -1), `${name.slice(0, -1)}?`, undefined]) {
          if (tasks.procNameIs(0, text)) expect(text).toBe(name);
        }
        // A name whose bytes are printable ASCII, as far as they go into it, is told without decoding.
        const spelled = (b: Uint8Array) => {
          const nul = b.indexOf(0);
          return b.subarray(0, nul === -1 ? b.length : nul);
        };
        const parts = extKind === 1 ? [spelled(longer)] : extKind >= 2 && extKind <= 4 ? [spelled(comm), spelled(longer)] : [spelled(comm)];
        const used = extKind === 4 ? [parts[1]] : parts;
        const shown = Buffer.concat(used).subarray(0, extKind >= 2 && extKind <= 4 ? 63 : undefined);
        if (shown.every((b) => b >= 0x20 && b <= 0x7e)) expect(tasks.procNameIs(0, name)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('tells a kernel worker by its whole name, as /proc shows it', () => {
    const view = new DataView(new ArrayBuffer(TASK_REC_SIZE));
    const record = (comm: string, longer: string, kind: number) => {
      new Uint8Array(view.buffer).fill(0);
      new Uint8Array(view.buffer, 96, 16).set(Buffer.from(comm));
      new Uint8Array(view.buffer, 112, 64).set(Buffer.from(longer));
      view.setUint32(176, kind, true);
      return new TaskRecords(view, 100);
    };
    const cases: [string, string, number, string][] = [
      ['kworker/0:1', 'events', 3, 'kworker/0:1+events'],
      ['kworker/0:1', 'events', 2, 'kworker/0:1-events'],
      ['kworker/R-mm_pe', 'mm_percpu_wq', 4, 'kworker/R-mm_percpu_wq'],
      ['kworker/u8:2', 'x'.repeat(60), 3, `kworker/u8:2+${'x'.repeat(50)}`],
      ['ksoftirqd/0', 'ksoftirqd/0-a-very-long-kthread-name', 1, 'ksoftirqd/0-a-very-long-kthread-name'],
    ];
    for (const [comm, longer, kind, shown] of cases) {
      const tasks = record(comm, longer, kind);
      expect(tasks.procName(0)).toBe(shown);
      expect(tasks.procNameIs(0, shown)).toBe(true);
      expect(tasks.procNameIs(0, `${shown}x`)).toBe(false);
      expect(tasks.procNameIs(0, shown.slice(0, -1))).toBe(false);
      expect(tasks.procNameIs(0, comm === shown ? `${comm}-` : comm)).toBe(false);
    }
  });

  it('keeps the name a recycled record holds where the bytes spell it, and decodes a new one', () => {
    const sets = new RecordSets();
    const pass = (comm: string) => {
      const records = processesFromTasks(new TaskRecords(taskBuffer([{ tid: 7, tgid: 7 }], 0n, comm), 100), 100, 4096, 0, sets.recycled());
      sets.keep(records);
      return records[0];
    };
    const first = pass('worker');
    pass('worker');
    const third = pass('worker');
    expect(third).toBe(first);
    expect(third.comm).toBe('worker');
    pass('worker');
    expect(pass('renamed').comm).toBe('renamed');
    expect(pass('\x1b').comm).toBe('\\x1b');
  });

  it('writes a pass into the records of the pass before last, and the same figures come out as from new ones', () => {
    const pass = (runtime: number, pids: number[]) => new TaskRecords(taskBuffer(pids.map((pid) => ({ tid: pid, tgid: pid, runtime, rss: pid }))), 100);
    const sets = new RecordSets();
    const read = (runtime: number, pids: number[], at: number) => {
      const records = processesFromTasks(pass(runtime, pids), 100, 4096, at, sets.recycled());
      sets.keep(records);
      return records;
    };
    const first = read(1e9, [5, 7, 9], 1000);
    // What the merge puts in (cmdline from /proc) must not outlive the pass.
    first[0].cmdline = 'from proc';
    const second = read(2e9, [5, 7, 9], 2000);
    expect(second.some((r) => first.includes(r))).toBe(false);
    const third = read(3e9, [5, 9, 11], 3000);
    // pid 5 and 9 were in the pass before last: their records again; 11 is new.
    expect(third[0]).toBe(first[0]);
    expect(third[1]).toBe(first[2]);
    expect(first.includes(third[2])).toBe(false);
    // The figures are those of this pass, as a record made afresh has them; the last pass's are untouched.
    expect(third).toEqual(processesFromTasks(pass(3e9, [5, 9, 11]), 100, 4096, 3000));
    expect(third[0].cmdline).toBeUndefined();
    expect(second[0]).toMatchObject({ cpuTicks: 200 });
  });

  it('lists a pass into the array of the pass three before, leaving the two a sampler holds as they were', () => {
    const pass = (pids: number[]) => new TaskRecords(taskBuffer(pids.map((pid) => ({ tid: pid, tgid: pid, runtime: 1e9, rss: pid }))), 100);
    const sets = new RecordSets();
    const read = (pids: number[], at: number) => {
      const records = processesFromTasks(pass(pids), 100, 4096, at, sets.recycled(), sets.list());
      sets.keep(records);
      return records;
    };
    const first = read([5, 7, 9], 1000);
    // The merge appends what /proc listed and this list lacked (index.ts mergeProcesses).
    first.push({ ...first[0], pid: 1, comm: 'from proc' });
    const second = read([5, 7], 2000);
    const third = read([5, 7, 9, 11], 3000);
    const [secondAsRead, thirdAsRead] = [[...second], [...third]];
    const fourth = read([5, 11], 4000);
    expect(fourth).toBe(first);
    expect(fourth.map((p) => p.pid)).toEqual([5, 11]);
    expect(second).not.toBe(fourth);
    expect(third).not.toBe(fourth);
    expect(second).toEqual(secondAsRead);
    expect(third).toEqual(thirdAsRead);
    expect(read([5], 5000)).toBe(second);
  });

  it("writes only into the records it made: those the merge appended to its list are another backend's", () => {
    const pass = (pids: number[]) => new TaskRecords(taskBuffer(pids.map((pid) => ({ tid: pid, tgid: pid, runtime: 1e9, rss: pid }))), 100);
    const sets = new RecordSets();
    const first = processesFromTasks(pass([5, 7]), 100, 4096, 1000, sets.recycled());
    sets.keep(first);
    // The merge appends what /proc listed and this list lacked (index.ts mergeProcesses).
    const fromProc = { ...first[0], pid: 9, comm: 'from proc' };
    first.push(fromProc);
    sets.keep(processesFromTasks(pass([5, 7]), 100, 4096, 2000, sets.recycled()));
    const third = processesFromTasks(pass([5, 7, 9]), 100, 4096, 3000, sets.recycled());
    expect(third[0]).toBe(first[0]);
    expect(third[2]).not.toBe(fromProc);
    expect(fromProc).toMatchObject({ pid: 9, comm: 'from proc' });
  });

  it('never writes into a counter the merge put there from /proc', () => {
    const sets = new RecordSets();
    const tasks = () => {
      const view = taskBuffer([{ tid: 5, tgid: 5 }]);
      view.setUint32(180, 1, true); // bpf/task_iter.h ST_IO_ACCT: the bytes are measured
      view.setBigUint64(184, 4096n, true);
      return new TaskRecords(view, 100);
    };
    const [p] = processesFromTasks(tasks(), 100, 4096, 1000, sets.recycled());
    const fromProc = { value: 7, readAt: 900, source: 'proc' as const };
    p.readBytes = fromProc;
    sets.keep([p]);
    sets.keep(processesFromTasks(tasks(), 100, 4096, 2000, sets.recycled()));
    const [again] = processesFromTasks(tasks(), 100, 4096, 3000, sets.recycled());
    expect(again).toBe(p);
    expect(again.readBytes).toEqual({ value: 4096, readAt: 3000, source: 'ebpf', before: undefined });
    expect(fromProc).toEqual({ value: 7, readAt: 900, source: 'proc' });
  });

  it("writes the sched group's wait into the record's own counter, and clears it when the group is off", () => {
    const empty = { keys: new ArrayBuffer(0), values: new ArrayBuffer(0), count: 0, keySize: 4, valueSize: 8 };
    const session = { sched: true };
    // The KernelSession calls the backend's read makes, over one task and an empty sched map.
    const kernel = {
      open: () => ({ ok: true }),
      status: (name: string) => ({ on: name === 'sched' && session.sched, reason: '' }),
      iterate: () => taskBuffer([{ tid: 5, tgid: 5 }]),
      readMap: () => empty,
      consumeRing: () => new DataView(new ArrayBuffer(0)),
    } as unknown as KernelSession;
    let clock = 1000;
    const ctx = { kernel, now: () => clock, host: { clockTicks: 100, pageSize: 4096 } } as unknown as CollectorContext;
    const backend = createEbpfProcessesBackend();
    expect(backend.probe(ctx)).toMatchObject({ available: true });
    const pass = () => {
      clock += 1000;
      return (backend.read(ctx, {}) as Partial<ProcessesRaw>).processes![0];
    };
    const first = pass();
    const wait = first.runqueueWaitNs;
    expect(wait).toEqual({ value: 0, readAt: 2000, source: 'ebpf', before: undefined });
    pass();
    const third = pass();
    expect(third).toBe(first);
    expect(third.runqueueWaitNs).toBe(wait);
    expect(third.runqueueWaitNs).toEqual({ value: 0, readAt: 4000, source: 'ebpf', before: undefined });
    session.sched = false;
    pass();
    const fifth = pass();
    expect(fifth).toBe(first);
    expect([fifth.runqueueWaitNs, fifth.runqueueHistogram, fifth.runqueueMaxNs]).toEqual([undefined, undefined, undefined]);
  });

  it('rejects output that is not whole records', () => {
    expect(() => new TaskRecords(new DataView(new ArrayBuffer(TASK_REC_SIZE + 1)), 100)).toThrow(/not a multiple/);
  });
});

describe('scheduler counters (bpf/sched.h struct st_sched_stats)', () => {
  /** A proc_sched batch: u32 keys, values of [oncpu, wait, max, switches, wakeups] u64 then u32 slots. */
  function batch(entries: { tgid: number; counters: number[]; hist: number[] }[]): [ArrayBuffer, ArrayBuffer] {
    const keys = new DataView(new ArrayBuffer(entries.length * 4));
    const values = new DataView(new ArrayBuffer(entries.length * SCHED_STATS_SIZE));
    entries.forEach((e, i) => {
      keys.setUint32(i * 4, e.tgid, true);
      e.counters.forEach((n, j) => values.setBigUint64(i * SCHED_STATS_SIZE + j * 8, BigInt(n), true));
      e.hist.forEach((n, j) => values.setUint32(i * SCHED_STATS_SIZE + 40 + j * 4, n, true));
    });
    return [keys.buffer, values.buffer];
  }
  const hist = (slot: number, n: number): number[] => Array.from({ length: RUNQ_SLOTS }, (_, i) => (i === slot ? n : 0));

  it('decodes the counters and the histogram', () => {
    const stats = decodeSchedStats(...batch([{ tgid: 7, counters: [1e9, 3000, 2000, 5, 2], hist: hist(1, 2) }]), 1);
    expect(stats.get(7)).toEqual({ oncpuNs: 1e9, runqWaitNs: 3000, runqMaxNs: 2000, switches: 5, wakeups: 2, histogram: hist(1, 2) });
  });

  it('hands on the last histogram (and record) where no wakeup was counted, and decodes anew where one was', () => {
    const first = decodeSchedStats(
      ...batch([
        { tgid: 7, counters: [1e9, 3000, 2000, 5, 2], hist: hist(1, 2) },
        { tgid: 8, counters: [1e9, 3000, 2000, 5, 2], hist: hist(1, 2) },
        { tgid: 9, counters: [1e9, 3000, 2000, 5, 2], hist: hist(1, 2) },
      ]),
      3,
    );
    const second = decodeSchedStats(
      ...batch([
        { tgid: 7, counters: [1e9, 3000, 2000, 5, 2], hist: hist(1, 2) }, // nothing moved
        { tgid: 8, counters: [2e9, 3000, 2000, 6, 2], hist: hist(1, 2) }, // ran, no new wait
        { tgid: 9, counters: [2e9, 9000, 6000, 6, 3], hist: [0, 2, 1, ...hist(0, 0).slice(3)] }, // waited again
      ]),
      3,
      first,
    );
    expect(second.get(7)).toBe(first.get(7));
    expect(second.get(8)?.histogram).toBe(first.get(8)?.histogram);
    expect(second.get(8)?.oncpuNs).toBe(2e9);
    expect(second.get(9)?.histogram).not.toBe(first.get(9)?.histogram);
    expect(second.get(9)?.histogram.slice(0, 3)).toEqual([0, 2, 1]);
  });
});

describe('ring buffer framing', () => {
  it('splits [u32 size][u32 0][data][pad to 8] records and rejects an overrun', () => {
    const view = new DataView(new ArrayBuffer(32));
    view.setUint32(0, 3, true);
    view.setUint32(16, 5, true);
    const records = splitRingRecords(view);
    expect(records.map((r) => [r.byteOffset, r.byteLength])).toEqual([
      [8, 3],
      [24, 5],
    ]);
    view.setUint32(16, 9, true);
    expect(() => splitRingRecords(view)).toThrow(/overruns/);
  });
});

describe('sockets', () => {
  it('asks for an owner pass only for a socket inode the last pass did not look up', () => {
    const sock = (inode: number) => ({ inode }) as Parameters<typeof hasUnlookedSocket>[0][number];
    const lookedUp = new Set([5, 6]);
    expect(hasUnlookedSocket([sock(5), sock(6), sock(0)], lookedUp)).toBe(false); // 0: no socket file (TIME_WAIT)
    expect(hasUnlookedSocket([sock(5), sock(7)], lookedUp)).toBe(true);
  });

  it('formats endpoints as the /proc backend does', () => {
    expect(formatEndpoint(2, new Uint8Array([127, 0, 0, 1, ...new Array(12).fill(0)]), 8080)).toBe('127.0.0.1:8080');
    const v6 = new Uint8Array(16);
    v6[15] = 1;
    expect(formatEndpoint(10, v6, 443)).toBe('[::1]:443');
  });

  it('names UDP state 7 UNCONN and gives a shared socket to the lowest pid', () => {
    const socket = {
      kind: 'udp' as const,
      sk: 1n,
      inode: 5,
      family: 2,
      sport: 53,
      dport: 0,
      state: 7,
      uid: 0,
      saddr: new Uint8Array(16),
      daddr: new Uint8Array(16),
    };
    const [row] = connectionsFromRecords(
      [socket],
      [
        { pid: 20, inode: 5, comm: 'b' },
        { pid: 10, inode: 5, comm: 'a' },
      ],
    );
    expect(row).toMatchObject({ proto: 'udp', state: 'UNCONN', local: '0.0.0.0:53', pid: 10, comm: 'a', txBytes: undefined });
  });
});

describe('describeBpfError', () => {
  const err = (code: string, errno: number, syscall: string) => Object.assign(new Error('m'), { code, errno, syscall });
  it('gives the privilege remedy only to an unprivileged EPERM', () => {
    expect(describeBpfError(err('EPERM', 1, 'bpf(BPF_PROG_LOAD)'), false)).toEqual({
      reason: 'bpf(BPF_PROG_LOAD): EPERM — not root (eBPF needs CAP_BPF and CAP_PERFMON)',
      remedy: PRIVILEGE_REMEDY,
    });
    expect(describeBpfError(err('EPERM', 1, 'bpf(BPF_PROG_LOAD)'), true).remedy).toBeUndefined();
  });
  it('tells a missing object (build it) from a missing kernel feature', () => {
    expect(describeBpfError(err('ENOENT', 2, 'open'), true).remedy).toMatch(/build-native/);
    expect(describeBpfError(err('ENOENT', 2, 'bpf(BPF_PROG_LOAD)'), true).reason).toMatch(/kernel lacks/);
  });
});

describe('completeConnEvents', () => {
  it('gives a close whose port the kernel already released the endpoints its open had', () => {
    const addr = new Uint8Array([127, 0, 0, 1, ...new Array(12).fill(0)]);
    const base = { family: 2, oldState: 0, saddr: addr, daddr: addr, timeNs: 0n };
    const known = new Map();
    const out = completeConnEvents(
      [
        { ...base, kind: 'open', sk: 7n, sport: 5000, dport: 80 },
        { ...base, kind: 'close', sk: 7n, sport: 0, dport: 80, pid: 9, txBytes: 10, rxBytes: 2 },
      ],
      known,
    );
    expect(out[1]).toMatchObject({ kind: 'close', sport: 5000, dport: 80, pid: 9, txBytes: 10 });
    expect(known.size).toBe(0);
  });
});

describe('ring drops and event times', () => {
  /** A per-CPU u64 counter map of two CPUs holding `perCpu`; no entry when undefined. */
  const counter = (perCpu?: [number, number]) => {
    const values = new ArrayBuffer(16);
    if (perCpu) new BigUint64Array(values).set(perCpu.map(BigInt));
    return { keys: new ArrayBuffer(4), values, count: perCpu ? 1 : 0, keySize: 4, valueSize: 16 };
  };
  it('RingLoss counts the drops since the last read, summed over CPUs; no entry is none yet', () => {
    const loss = new RingLoss();
    expect(loss.sinceLastRead(counter())).toBe(0);
    expect(loss.sinceLastRead(counter([2, 3]))).toBe(5);
    expect(loss.sinceLastRead(counter([2, 3]))).toBe(0);
    expect(loss.sinceLastRead(counter([4, 3]))).toBe(2);
  });
  it('eventWallTime dates a boot-time stamp from the boot time, and is undefined without it', () => {
    expect(eventWallTime(1_000_000, 5_010_000_000n)).toBe(1_005_010);
    expect(eventWallTime(undefined, 5_010_000_000n)).toBeUndefined();
  });
});

describe('recentExits (the sched group exits no sample listed)', () => {
  const ev = (pid: number, kind: 'exec' | 'exit', startMs: number, atMs: number, exitCode = 0): ProcEvent => ({
    kind,
    pid,
    ppid: 1,
    uid: 1000,
    exitCode,
    comm: `p${pid}`,
    oncpuNs: kind === 'exit' ? 2e6 : undefined,
    startBoottimeNs: BigInt(startMs * 1e6),
    timeNs: BigInt(atMs * 1e6),
  });
  const listed = (pid: number, startMs: number) => ({ pid, startTime: Math.floor(startMs / 10) }) as RawProcess;

  it('keeps exits of processes the previous pass did not hold, newest first, with status and times', () => {
    const events = [
      ev(10, 'exec', 5000, 5000),
      ev(10, 'exit', 5000, 5003),
      ev(11, 'exit', 100, 5004),
      ev(12, 'exit', 5001, 5010, 0x0f),
      ev(13, 'exit', 5002, 5008, 3 << 8),
    ];
    // pid 11 was listed (same start time), pid 12's pid was listed with another start: reused.
    const out = recentExits(events, [listed(11, 100), listed(12, 90)], 2, 100, 1_000_000);
    expect(out.exits.map((e) => e.pid)).toEqual([12, 13, 10]);
    expect(out).toMatchObject({ seen: 3, execs: 1, lost: 2 });
    expect(out.exits[0]).toEqual({ pid: 12, ppid: 1, comm: 'p12', uid: 1000, lifetimeMs: 9, exitedAt: 1_005_010, signal: 15, cpuMs: 2 });
    expect(out.exits[1]).toMatchObject({ exitCode: 3 });
    expect(out.exits[1].signal).toBeUndefined();
    expect(out.exits[2]).toMatchObject({ exitCode: 0, lifetimeMs: 3 });
  });

  it('leaves cpuMs absent, not 0, for an exit event without its CPU time', () => {
    const out = recentExits([{ ...ev(20, 'exit', 10, 20), oncpuNs: undefined }], undefined, 0, 100, undefined);
    expect(out.exits[0].cpuMs).toBeUndefined();
    expect(recentExits([{ ...ev(21, 'exit', 10, 20), oncpuNs: 0 }], undefined, 0, 100, undefined).exits[0].cpuMs).toBe(0);
  });

  it('caps the list and still counts every exit; no boot time, no exitedAt', () => {
    const events = Array.from({ length: RECENT_EXITS_MAX + 5 }, (_, i) => ev(100 + i, 'exit', 10, 20 + i));
    const out = recentExits(events, undefined, 0, 100, undefined);
    expect(out.exits).toHaveLength(RECENT_EXITS_MAX);
    expect(out.seen).toBe(RECENT_EXITS_MAX + 5);
    expect(out.exits[0].pid).toBe(100 + RECENT_EXITS_MAX + 4);
    expect(out.exits[0].exitedAt).toBeUndefined();
  });
});

describe('processNetBytes (proc_net is never evicted; drops make a value n/a)', () => {
  const b = { txBytes: 5, rxBytes: 7 };
  it('no drop: an entry is its bytes, no entry is 0', () => {
    expect(processNetBytes(b, 100, { count: 0, lastNs: 0 })).toEqual(b);
    expect(processNetBytes(undefined, 100, { count: 0, lastNs: 0 })).toEqual({ txBytes: 0, rxBytes: 0 });
  });
  it('a drop at or after the start: n/a, entry or not; a start after the last drop: measured', () => {
    expect(processNetBytes(b, 100, { count: 1, lastNs: 100 })).toBeUndefined();
    expect(processNetBytes(undefined, 50, { count: 3, lastNs: 100 })).toBeUndefined();
    expect(processNetBytes(undefined, 101, { count: 3, lastNs: 100 })).toEqual({ txBytes: 0, rxBytes: 0 });
    expect(processNetBytes(b, 101, { count: 3, lastNs: 100 })).toEqual(b);
  });
});

describe('connectionEvents (the TCP lifecycle as the snapshot carries it)', () => {
  const addr = new Uint8Array([127, 0, 0, 1, ...new Array(12).fill(0)]);
  const base = { family: 2, saddr: addr, daddr: addr, sk: 1n, oldState: 1 };
  it('newest first, with the owner named, the duration of a close whose open was seen, and no listener closes', () => {
    const out = connectionEvents(
      [
        { ...base, kind: 'open', sport: 5000, dport: 80, timeNs: 1_000_000n, pid: 9 },
        { ...base, kind: 'close', sport: 5000, dport: 80, timeNs: 71_000_000n, pid: 9, txBytes: 4, rxBytes: 8, openedNs: 1_000_000n },
        { ...base, kind: 'close', oldState: 10, sport: 0, dport: 0, timeNs: 72_000_000n },
      ],
      new Map([[9, 'curl\x1b']]),
      1,
      2_000,
      formatEndpoint,
    );
    expect(out).toMatchObject({ seen: 2, lost: 1 });
    expect(out.events).toEqual([
      {
        kind: 'close',
        proto: 'tcp',
        local: '127.0.0.1:5000',
        remote: '127.0.0.1:80',
        pid: 9,
        comm: 'curl\\x1b',
        at: 2_071,
        txBytes: 4,
        rxBytes: 8,
        durationMs: 70,
      },
      {
        kind: 'open',
        proto: 'tcp',
        local: '127.0.0.1:5000',
        remote: '127.0.0.1:80',
        pid: 9,
        comm: 'curl\\x1b',
        at: 2_001,
        txBytes: undefined,
        rxBytes: undefined,
        durationMs: undefined,
      },
    ]);
  });
});
