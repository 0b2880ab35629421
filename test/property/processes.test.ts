/** Property tests for the /proc/PID parsers of the process table and for the process rates. */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveProcesses, runqueueLatency } from '../../src/collectors/processes/derive.js';
import { PidIndex } from '../../src/collectors/processes/raw.js';
import {
  parseCgroup,
  parseCmdline,
  parseIo,
  parseSchedstatWaitNs,
  parseStat,
  parseStatm,
  parseStatusEffectiveUid,
  parseStatusMemory,
} from '../../src/collectors/processes/parse.js';
import type { Counter, RawProcess } from '../../src/collectors/processes/raw.js';
import { fixture, RUNS } from './support/hostile.js';
import { expectFinite, expectUnsigned, parserProperties } from './support/parser-properties.js';
import { context, counter, maybeCounter, readTime } from './support/samples.js';

const PIDS = readdirSync(new URL('../fixtures/debian12-2cpu-vm/proc/', import.meta.url));
const each = (file: string) => PIDS.map((pid) => fixture(`debian12-2cpu-vm/proc/${pid}/${file}`));

describe('parseStat', () => {
  // priority (negative for real-time tasks) and nice (-20..19) are signed in the kernel; every
  // other field read (pid, ppid, flags, utime, stime, num_threads, starttime, vsize, rss) is not.
  parserProperties({ parse: parseStat, bases: each('stat'), signed: ['priority', 'nice'], sane: (s) => s !== undefined });
});

describe('parseStatm', () => {
  // Page counts: unsigned.
  parserProperties({ parse: (text) => parseStatm(text, 4096), bases: each('statm'), sane: (s) => s !== undefined });
});

describe('parseStatusMemory and parseStatusEffectiveUid', () => {
  // kB figures and uids are unsigned.
  parserProperties({
    parse: (text) => ({ memory: parseStatusMemory(text), uid: parseStatusEffectiveUid(text) }),
    bases: each('status'),
    sane: (s) => s.uid !== undefined,
  });
});

describe('parseIo', () => {
  parserProperties({ parse: parseIo, bases: each('io'), sane: (io) => io !== undefined });
});

describe('parseSchedstatWaitNs', () => {
  parserProperties({ parse: parseSchedstatWaitNs, bases: each('schedstat'), sane: (ns) => ns !== undefined });
});

describe('parseCgroup', () => {
  parserProperties({ parse: parseCgroup, bases: each('cgroup'), sane: (c) => c !== undefined });
});

describe('parseCmdline', () => {
  it('never throws on any bytes and gives text without NUL or control characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.boolean(), (bytes, truncated) => {
        expect(parseCmdline(bytes, truncated)).not.toMatch(/[\0-\x08\x0b-\x1f\x7f]/);
      }),
      { numRuns: RUNS },
    );
  });

  it('survives 10 MB of arguments', () => {
    expect(parseCmdline(new Uint8Array(10 * 1024 * 1024).fill(0x41), true).length).toBeGreaterThan(0);
  });
});

const source = fc.constantFrom('proc' as const, 'ebpf' as const);

/** One read of a counter, at any time (equal, earlier or later than the other's), by either backend. */
const read = fc.record({ value: counter, readAt: readTime, source });

/** A stamped counter, with or without the read before it; or missing. */
const stamped: fc.Arbitrary<Counter | undefined> = fc.option(
  fc.record({ value: counter, readAt: readTime, source, before: fc.option(read, { nil: undefined }) }),
  { nil: undefined },
);

const rawProcess: fc.Arbitrary<RawProcess> = fc.record({
  pid: fc.constant(10),
  startTime: fc.constantFrom(500, 501),
  ppid: fc.constant(1),
  comm: fc.constant('work'),
  state: fc.constant('R'),
  cpuTicks: maybeCounter,
  readBytes: stamped,
  writeBytes: stamped,
  runqueueWaitNs: stamped,
  netTxBytes: maybeCounter,
  netRxBytes: maybeCounter,
});

describe('process rates on counters that go backwards, wrap or are missing', () => {
  it('are undefined or finite and non-negative', () => {
    fc.assert(
      fc.property(rawProcess, rawProcess, readTime, readTime, (a, b, ta, tb) => {
        const [row] = deriveProcesses(
          { t: ta, wall: 0, raw: { processes: [a] } },
          { t: tb, wall: context.host.bootTime! + tb, raw: { processes: [b] } },
          context,
        );
        expectFinite(row);
        expectUnsigned(row);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('run-queue latency from hostile histograms is undefined or finite and non-negative', () => {
    const histogram = fc.array(fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 53, 2 ** 64)), { minLength: 0, maxLength: 27 });
    fc.assert(
      fc.property(histogram, histogram, maybeCounter, maybeCounter, (before, after, maxBefore, maxAfter) => {
        const latency = runqueueLatency({ runqueueHistogram: before, runqueueMaxNs: maxBefore }, { runqueueHistogram: after, runqueueMaxNs: maxAfter });
        expectFinite(latency);
        expectUnsigned(latency);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Pids as the backends list them: ascending, then a few out of order at the end (where a later backend adds its own). */
const listedPids = fc.tuple(fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 40 }), fc.nat({ max: 40 })).map(([pids, tail]) => {
  const ascending = [...pids].sort((a, b) => a - b);
  const cut = Math.max(0, ascending.length - Math.min(tail, ascending.length));
  return [...ascending.slice(0, cut), ...ascending.slice(cut).reverse()];
});

describe('PidIndex', () => {
  it('finds each pid where it is, in any order of asking, and -1 for one not listed', () => {
    fc.assert(
      fc.property(listedPids, fc.array(fc.integer({ min: 0, max: 61 }), { maxLength: 80 }), (pids, asked) => {
        const records = pids.map((pid) => ({ pid, startTime: 0, ppid: 0, comm: '', state: 'S' }));
        const index = new PidIndex(records);
        for (const pid of asked) expect(index.indexOf(pid)).toBe(pids.indexOf(pid));
      }),
      { numRuns: RUNS },
    );
  });
});

/** A process from few values. */
const fewValues = (pid: number): fc.Arbitrary<RawProcess> =>
  fc.record({
    pid: fc.constant(pid),
    startTime: fc.constantFrom(500, 501),
    ppid: fc.constant(1),
    comm: fc.constantFrom('a', 'b'),
    state: fc.constantFrom('S', 'R'),
    cpuTicks: fc.constantFrom(1000, 1010, undefined),
    rssBytes: fc.constantFrom(4096, undefined),
    readBytes: fc.option(fc.record({ value: fc.constantFrom(0, 4096), readAt: fc.constantFrom(0, 1000, 2000), source }), { nil: undefined }),
    runqueueWaitNs: fc.option(fc.record({ value: fc.constantFrom(0, 5e6), readAt: fc.constantFrom(0, 1000, 2000), source }), { nil: undefined }),
  });

/** `p` read again at `t` with nothing changed: its counters' values as they were, read at `t`. */
const again = (p: RawProcess, t: number): RawProcess => ({
  ...p,
  readBytes: p.readBytes && { ...p.readBytes, readAt: t },
  runqueueWaitNs: p.runqueueWaitNs && { ...p.runqueueWaitNs, readAt: t },
});

/** Three samples of listed pids, 1 s apart: each process in each is its first read again, or anything. */
const threeSamples = listedPids.chain((pids) =>
  fc
    .tuple(
      fc.tuple(...pids.map(fewValues)),
      fc.array(fc.option(fewValues(0), { freq: 2, nil: undefined }), { minLength: 3 * pids.length, maxLength: 3 * pids.length }),
    )
    .map(([first, others]) =>
      [0, 1, 2].map((k) =>
        first.map((p, i) => {
          const o = others[k * first.length + i];
          return o === undefined ? again(p, k * 1000) : { ...o, pid: p.pid };
        }),
      ),
    ),
);

describe('rows handed back when nothing in them changed', () => {
  it('equal the rows derived afresh, and each one handed back is of its own process', () => {
    let handedBack = 0;
    fc.assert(
      fc.property(threeSamples, ([a, b, c]) => {
        const at = (t: number, processes: RawProcess[]) => ({ t, wall: context.host.bootTime! + t, raw: { processes } });
        const [s0, s1, s2] = [at(0, a), at(1000, b), at(2000, c)];
        const rows1 = deriveProcesses(s0, s1, context);
        const kept = deriveProcesses(s1, s2, context, rows1);
        expect(kept).toEqual(deriveProcesses(s1, s2, context));
        const earlier = new Set(rows1);
        for (const row of kept) {
          if (!earlier.has(row)) continue;
          handedBack++;
          expect(c.some((p) => p.pid === row.pid && p.startTime === row.startTime)).toBe(true);
          expect(b.some((p) => p.pid === row.pid && p.startTime === row.startTime)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: the values are few enough that rows are handed back.
    expect(handedBack).toBeGreaterThan(0);
  });
});
