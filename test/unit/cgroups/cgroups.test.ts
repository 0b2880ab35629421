/**
 * The cgroups collector on a recorded cgroup v2 tree (test/fixtures/debian12-2cpu-vm-cgroups: a
 * thrashing process in /stalled/thrasher, a sleep in /idle), on trees that lack v2 or PSI, and on
 * the live kernel: the bounded walk, the pids of the stalled cgroups, and the stall derived from
 * the totals' deltas (avg10 on a first read).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCgroupsCollector, NO_CGROUP_PSI_REASON, NO_V2_REASON } from '../../../src/collectors/cgroups/index.js';
import { locateV2Root, readCgroups } from '../../../src/collectors/cgroups/cgroupfs.js';
import { parseCgroupProcs } from '../../../src/collectors/cgroups/parse.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { FIXTURES, RECORDED, contextAt, liveContext, timed } from '../host/context.js';

const CGROUPS = `${FIXTURES}debian12-2cpu-vm-cgroups`;
const LATER = `${CGROUPS}/later`;
const UNIFIED = `${CGROUPS}/sys/fs/cgroup/unified`;
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('parseCgroupProcs', () => {
  it('reads one pid a line, and nothing from an empty cgroup', () => {
    expect(parseCgroupProcs('17034\n')).toEqual([17034]);
    expect(parseCgroupProcs('')).toEqual([]);
    expect(parseCgroupProcs('1\n22\n333\n')).toEqual([1, 22, 333]);
  });

  it('skips what is not a pid: words, signs, zero, a run of digits past PID_MAX_LIMIT', () => {
    expect(parseCgroupProcs('12a\n-4\n0\n99999999999\n 7 \n')).toEqual([7]);
  });
});

describe('the v2 mount', () => {
  it('is the unified tree on a hybrid host, /sys/fs/cgroup on a pure v2 one, absent without cgroup2', () => {
    expect(locateV2Root(`${CGROUPS}/sys`)).toBe(UNIFIED);
    const pure = mkdtempSync(join(tmpdir(), 'smoothtask-cgv2-'));
    temps.push(pure);
    mkdirSync(join(pure, 'fs/cgroup'), { recursive: true });
    writeFileSync(join(pure, 'fs/cgroup/cgroup.controllers'), 'cpu io memory pids\n');
    expect(locateV2Root(pure)).toBe(join(pure, 'fs/cgroup'));
    expect(locateV2Root(`${RECORDED}/sys`)).toBeUndefined();
  });
});

describe('cgroupfs backend', () => {
  const collector = createCgroupsCollector();
  const backend = collector.backends[0];

  it('reads the top-level cgroups, and below only the stalled ones; pids of the stalled only', () => {
    const raw = readCgroups(new ReadBuffer(), UNIFIED);
    // /idle did not stall, so /idle/child is not read; /stalled did, so /stalled/thrasher is.
    expect(raw.cgroups.map((c) => c.path).sort()).toEqual(['/idle', '/stalled', '/stalled/thrasher']);
    expect(raw.unread).toBe(0);
    const byPath = new Map(raw.cgroups.map((c) => [c.path, c]));
    expect(byPath.get('/stalled/thrasher')).toMatchObject({
      pids: [17034],
      memory: { some: { avg10: 12.8, avg60: 2.74, avg300: 0.59, totalUs: 1867207 }, full: { avg10: 12.8, totalUs: 1867207 } },
      io: { some: { avg10: 3.41, totalUs: 487955 } },
      cpu: { some: { avg10: 11.35, totalUs: 1646221 } },
    });
    // The parent stalled as much (its pressure covers the child's) and holds no process of its own.
    expect(byPath.get('/stalled')?.pids).toEqual([]);
    expect(byPath.get('/idle')?.pids).toBeUndefined();
  });

  it('stops at its bound and counts what it left unread', () => {
    const raw = readCgroups(new ReadBuffer(), UNIFIED, 2);
    expect(raw.cgroups).toHaveLength(2);
    expect(raw.unread).toBe(1);
    expect(
      readCgroups(new ReadBuffer(), UNIFIED, 3, 1)
        .cgroups.filter((c) => c.pids !== undefined)
        .map((c) => c.path),
    ).toEqual(['/stalled/thrasher']);
  });

  it('probes available on the recording and on the live kernel where it has a v2 hierarchy (hybrid here), and reads', async () => {
    const live = locateV2Root('/sys') === undefined ? [] : [liveContext()];
    for (const ctx of [contextAt(CGROUPS), ...live]) {
      const probe = await backend.probe(ctx);
      expect(probe, JSON.stringify(probe)).toMatchObject({ available: true, reason: expect.stringContaining('.pressure') });
      const raw = await backend.read(ctx, {});
      expect(raw.root).toBe(locateV2Root(ctx.sysRoot));
    }
  });

  it('is unavailable without a v2 hierarchy, or without pressure files in it, and says which', async () => {
    const none = await backend.probe(contextAt(RECORDED));
    expect(none).toMatchObject({ available: false, reason: NO_V2_REASON, remedy: expect.stringContaining('cgroup2') });
    const root = mkdtempSync(join(tmpdir(), 'smoothtask-nopsi-'));
    temps.push(root);
    mkdirSync(join(root, 'sys/fs/cgroup/a'), { recursive: true });
    writeFileSync(join(root, 'sys/fs/cgroup/cgroup.controllers'), '');
    const nopsi = await backend.probe(contextAt(root));
    expect(nopsi.available).toBe(false);
    expect(nopsi.reason).toContain(NO_CGROUP_PSI_REASON);
    expect(nopsi.remedy).toMatch(/CONFIG_PSI/);
  });
});

describe('derive', () => {
  const collector = createCgroupsCollector();
  const ctx = contextAt(CGROUPS);
  const first = readCgroups(new ReadBuffer(), UNIFIED);
  // The same tree 1 s later, as read from the same mount.
  const later = { ...readCgroups(new ReadBuffer(), `${LATER}/sys/fs/cgroup/unified`), root: UNIFIED };

  it('takes the stall from the totals over the measured gap, as ms/s and ms in the interval', () => {
    const panel = collector.derive(timed(first, 1000), timed(later, 2000), ctx)!;
    const thrasher = panel.cgroups.find((c) => c.path === '/stalled/thrasher')!;
    // (2379233 - 1867207) µs stalled over 1000 ms.
    expect(thrasher.memory?.some).toMatchObject({ totalUs: 2379233, stallMsPerSec: 512.026, stalledMs: 512.026 });
    expect(thrasher.memory?.full?.stalledMs).toBeCloseTo(512.026, 6);
    expect(thrasher.io?.some?.stalledMs).toBeCloseTo((659940 - 487955) / 1000, 6);
    expect(thrasher.pids).toEqual([17034]);
    // Over a 500 ms gap the same delta is twice the rate.
    const half = collector.derive(timed(first, 1000), timed(later, 1500), ctx)!;
    expect(half.cgroups.find((c) => c.path === '/stalled/thrasher')?.memory?.some?.stallMsPerSec).toBeCloseTo(1024.052, 6);
    expect(panel).toMatchObject({ root: UNIFIED, unread: 0 });
    // Totals of another mount are not taken for this one's.
    const elsewhere = collector.derive(timed({ ...first, root: '/elsewhere' }, 1000), timed(later, 2000), ctx)!;
    expect(elsewhere.cgroups.find((c) => c.path === '/stalled/thrasher')?.memory?.some).not.toHaveProperty('stalledMs');
  });

  it('falls back to avg10 without an earlier read, or where the total went back (a cgroup made again)', () => {
    const alone = collector.derive(undefined, timed(first, 1000), ctx)!;
    const line = alone.cgroups.find((c) => c.path === '/stalled/thrasher')?.memory?.some;
    expect(line).toMatchObject({ stallMsPerSec: 128 });
    expect(line).not.toHaveProperty('stalledMs');
    const reversed = collector.derive(timed(later, 1000), timed(first, 2000), ctx)!;
    expect(reversed.cgroups.find((c) => c.path === '/stalled/thrasher')?.memory?.some).not.toHaveProperty('stalledMs');
    const idle = reversed.cgroups.find((c) => c.path === '/idle')?.memory?.some;
    expect(idle).toMatchObject({ stallMsPerSec: 0, stalledMs: 0 });
  });

  it('is undefined before a read', () => {
    expect(collector.derive(undefined, timed({}, 0), ctx)).toBeUndefined();
  });
});

describe('a cgroup v2 tree copied from the recording', () => {
  it('reads a cgroup that vanished between the listing and the read as absent, not as an error', () => {
    const root = mkdtempSync(join(tmpdir(), 'smoothtask-cgcopy-'));
    temps.push(root);
    cpSync(`${CGROUPS}/sys`, join(root, 'sys'), { recursive: true });
    rmSync(join(root, 'sys/fs/cgroup/unified/stalled/thrasher'), { recursive: true });
    const raw = readCgroups(new ReadBuffer(), join(root, 'sys/fs/cgroup/unified'));
    expect(raw.cgroups.map((c) => c.path).sort()).toEqual(['/idle', '/stalled']);
  });
});
