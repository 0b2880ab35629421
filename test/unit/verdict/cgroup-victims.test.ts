/**
 * Memory and I/O victims from per-cgroup pressure: the processes of the cgroups that stalled most
 * (the recorded thrasher of test/fixtures/debian12-2cpu-vm-cgroups, derived by the cgroups
 * collector from its two reads), listed with their cgroup's stall and the ms it waited, and what
 * the verdict says where no cgroup could name one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCgroupsCollector, NO_V2_REASON } from '../../../src/collectors/cgroups/index.js';
import { readCgroups } from '../../../src/collectors/cgroups/cgroupfs.js';
import type { CgroupPressure, CgroupsPanel, ProcessRow, Snapshot } from '../../../src/types/snapshot.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { culpritsFor } from '../../../src/verdict/culprits.js';
import { verdictReport } from '../../../src/verdict/format.js';
import { Judge } from '../../../src/verdict/index.js';
import { FIXTURES, contextAt, timed } from '../host/context.js';

const CGROUPS = `${FIXTURES}debian12-2cpu-vm-cgroups`;
const UNIFIED = `${CGROUPS}/sys/fs/cgroup/unified`;

/** The recorded tree derived over its two reads, 1 s apart, as the collector does. */
function recordedPanel(): CgroupsPanel {
  const first = readCgroups(new ReadBuffer(), UNIFIED);
  const later = { ...readCgroups(new ReadBuffer(), `${CGROUPS}/later/sys/fs/cgroup/unified`), root: UNIFIED };
  return createCgroupsCollector().derive(timed(first, 1000), timed(later, 2000), contextAt(CGROUPS))!;
}

function row(pid: number, fields: Partial<ProcessRow> = {}): ProcessRow {
  return { pid, startTime: pid * 10, ppid: 1, state: 'S', comm: `p${pid}`, cmdline: '', ...fields };
}

function vm(): Snapshot {
  return JSON.parse(readFileSync(`${FIXTURES}debian12-2cpu-vm-snapshot/snapshot.json`, 'utf8')) as Snapshot;
}

/** The VM's snapshot with the recorded cgroups and their processes, plus `rows`. */
function withCgroups(panel: CgroupsPanel | undefined, rows: ProcessRow[] = []): Snapshot {
  const s = vm();
  s.processes = [row(17034, { comm: 'python3', rssBytes: 50e6 }), row(17036, { comm: 'sleep', rssBytes: 1e6 }), ...rows];
  s.cgroups = panel;
  s.sources.cgroups = { backend: 'cgroupfs', reason: `reads {cpu,io,memory}.pressure of the cgroups below ${UNIFIED}`, fields: {}, backends: [] };
  return s;
}

/** A cgroup with the given memory and io stall (ms/s, `stalledMs` for a 1 s interval). */
function cgroup(path: string, pids: number[], memory: { some: number; full: number }, io = { some: 0, full: 0 }): CgroupPressure {
  const line = (ms: number) => ({ avg10: ms / 10, avg60: 0, avg300: 0, totalUs: 1e9, stallMsPerSec: ms, stalledMs: ms });
  return { path, pids, memory: { some: line(memory.some), full: line(memory.full) }, io: { some: line(io.some), full: line(io.full) } };
}

describe('memory victims from cgroup pressure', () => {
  it("lists the thrasher with its cgroup's full stall over the interval and the ms it waited", () => {
    const c = culpritsFor('memory', withCgroups(recordedPanel()));
    expect(c.victims).toEqual([
      {
        pid: 17034,
        startTime: 170340,
        comm: 'python3',
        value: 512.026,
        unit: 'ms/s',
        label: 'cgroup memory stall (full)',
        waitedMs: 512.026,
        cgroup: '/stalled/thrasher',
      },
    ]);
    expect(c.missing).toEqual([]);
    // Hogs are unchanged: resident memory.
    expect(c.hogs[0]).toMatchObject({ label: 'resident memory', unit: 'bytes' });
  });

  it('ranks cgroups by full stall, then some; within one by resident memory; five at most', () => {
    const panel: CgroupsPanel = {
      root: UNIFIED,
      unread: 0,
      cgroups: [
        cgroup('/some-only', [1], { some: 900, full: 0 }),
        cgroup('/full', [2, 3, 4, 5, 6, 7], { some: 300, full: 200 }),
        cgroup('/no-pids-read', [], { some: 999, full: 999 }),
        cgroup('/calm', [8], { some: 0, full: 0 }),
      ],
    };
    const rows = [1, 2, 3, 4, 5, 6, 7, 8].map((pid) => row(pid, { rssBytes: pid * 1000 }));
    const c = culpritsFor('memory', withCgroups(panel, rows));
    expect(c.victims.map((v) => [v.pid, v.cgroup, v.label, v.value])).toEqual([
      [7, '/full', 'cgroup memory stall (full)', 200],
      [6, '/full', 'cgroup memory stall (full)', 200],
      [5, '/full', 'cgroup memory stall (full)', 200],
      [4, '/full', 'cgroup memory stall (full)', 200],
      [3, '/full', 'cgroup memory stall (full)', 200],
    ]);
    panel.cgroups[1].pids = [2];
    expect(culpritsFor('memory', withCgroups(panel, rows)).victims.map((v) => [v.pid, v.label, v.value])).toEqual([
      [2, 'cgroup memory stall (full)', 200],
      [1, 'cgroup memory stall (some)', 900],
    ]);
  });

  it('leaves out a pid with no row in the snapshot and kernel threads, and gives no waitedMs for a stall from avg10', () => {
    const first = createCgroupsCollector().derive(undefined, timed(readCgroups(new ReadBuffer(), UNIFIED), 0), contextAt(CGROUPS))!;
    const s = withCgroups(first);
    expect(culpritsFor('memory', s).victims).toEqual([expect.objectContaining({ pid: 17034, value: 128, cgroup: '/stalled/thrasher' })]);
    expect(culpritsFor('memory', s).victims[0]).not.toHaveProperty('waitedMs');
    s.processes = s.processes.map((p) => (p.pid === 17034 ? { ...p, kernelThread: true } : p));
    expect(culpritsFor('memory', s).victims).toEqual([]);
    s.processes = [];
    expect(culpritsFor('memory', s).victims).toEqual([]);
  });

  it('says why there are none: no v2 hierarchy, a snapshot without cgroups, or no cgroup that stalled', () => {
    const noV2 = withCgroups(undefined);
    noV2.sources.cgroups = { backend: null, reason: `cgroupfs: ${NO_V2_REASON}`, fields: {}, backends: [] };
    expect(culpritsFor('memory', noV2)).toMatchObject({ victims: [], missing: [`per-cgroup pressure is not read here: cgroupfs: ${NO_V2_REASON}`] });
    const recorded = withCgroups(undefined);
    delete recorded.sources.cgroups;
    expect(culpritsFor('memory', recorded).missing).toEqual(['per-cgroup pressure is not in this snapshot (taken or recorded without the cgroups collector)']);
    const calm = withCgroups({ root: UNIFIED, unread: 0, cgroups: [cgroup('/calm', [17034], { some: 0, full: 0 })] });
    expect(culpritsFor('memory', calm).missing).toEqual([
      "no process found in a cgroup below the v2 root that stalled on memory in the last interval (the root cgroup's processes share the host's PSI only)",
    ]);
  });
});

describe('I/O victims', () => {
  it("lists the cgroups' I/O stall first, then the processes blocked in D now, each once", () => {
    const s = withCgroups(recordedPanel(), [row(500, { state: 'D', comm: 'dd' })]);
    s.processes[0].state = 'D';
    const c = culpritsFor('io', s);
    expect(c.victims.map((v) => [v.pid, v.label, v.cgroup])).toEqual([
      [17034, 'cgroup io stall (full)', '/stalled/thrasher'],
      [500, 'blocked (D) now', undefined],
    ]);
    expect(c.victims[0].waitedMs).toBeCloseTo((659940 - 487955) / 1000, 6);
    expect(c.missing.filter((m) => m.includes('cgroup'))).toEqual([]);
  });

  it('without cgroup pressure keeps the D-state list and says what is missing', () => {
    const s = withCgroups(undefined, [row(500, { state: 'D', comm: 'dd' })]);
    s.sources.cgroups = { backend: null, reason: `cgroupfs: ${NO_V2_REASON}`, fields: {}, backends: [] };
    const c = culpritsFor('io', s);
    expect(c.victims.map((v) => v.pid)).toEqual([500]);
    expect(c.missing[0]).toBe(`per-cgroup pressure is not read here: cgroupfs: ${NO_V2_REASON}`);
  });
});

describe('the verdict with cgroup victims', () => {
  it('names the victim, its wait and its cgroup in the report that `why` prints and `V` shows', () => {
    const s = withCgroups(recordedPanel());
    s.pressure!.memory!.full!.avg10 = 65;
    s.pressure!.memory!.some!.avg10 = 70;
    const judge = new Judge();
    judge.verdict(s);
    judge.verdict(s);
    const v = judge.verdict(s);
    const i = v.limiting.findIndex((f) => f.resource === 'memory');
    expect(v.culprits[i].victims[0]).toMatchObject({ pid: 17034, cgroup: '/stalled/thrasher', waitedMs: 512.026 });
    expect(verdictReport(v)).toContain(
      'victims: python3 (17034): cgroup memory stall (full) 512 ms/s, waited 512 ms in the last interval (cgroup /stalled/thrasher)',
    );
    // The JSON (`why --json`) carries the same culprit.
    expect(JSON.parse(JSON.stringify(v)).culprits[i].victims[0]).toEqual(v.culprits[i].victims[0]);
  });
});
