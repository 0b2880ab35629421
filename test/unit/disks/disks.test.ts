import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDisksCollector, createStatfsBackend, diskstatsProcBackend, StatfsCache, type DisksRaw } from '../../../src/collectors/disks/index.js';
import { deviceRates } from '../../../src/collectors/disks/derive.js';
import { parseDiskstats, parseMounts, parseNodevFilesystems, selectRealMounts } from '../../../src/collectors/disks/parse.js';
import { REFRESH_MS, STATFS_TIMED_OUT, readRealMounts, spaceFromStatfs } from '../../../src/collectors/disks/statfs.js';
import { EDGE, RECORDED, contextAt, liveContext, timed } from '../host/context.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** The collector under test, with its own statfs cache. */
const disksCollector = createDisksCollector();

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const read = (path: string) => readFileSync(path, 'utf8');

describe('parseDiskstats', () => {
  it('reads the recording (20-field format, kernel 6.18)', () => {
    const devices = parseDiskstats(read(`${RECORDED}/proc/diskstats`));
    const vda = devices.find((d) => d.name === 'vda')!;
    const line = read(`${RECORDED}/proc/diskstats`)
      .split('\n')
      .find((l) => / vda /.test(l))!
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(vda).toEqual({
      major: 254,
      minor: 0,
      name: 'vda',
      readsCompleted: line[3],
      sectorsRead: line[5],
      writesCompleted: line[7],
      sectorsWritten: line[9],
      inFlight: line[11],
      ioTicksMs: line[12],
      discardsCompleted: line[14],
    });
    expect(devices.map((d) => d.name)).toContain('zram0');
  });

  it('reads the pre-4.18 format and skips truncated lines', () => {
    const devices = parseDiskstats(read(`${EDGE}/proc/diskstats`));
    expect(devices.map((d) => d.name)).toEqual(['loop0', 'vda', 'vda1']);
    expect(devices[1].discardsCompleted).toBeUndefined();
  });
});

describe('disk backend', () => {
  it('keeps whole disks that did I/O: vda, not the unused loops and zram0', async () => {
    const raw = await diskstatsProcBackend.read(contextAt(RECORDED), {});
    expect(raw.devices?.map((d) => d.name)).toEqual(['vda']);
  });

  it('is unavailable, with the reason, where sysfs is not mounted', async () => {
    const probe = await diskstatsProcBackend.probe({ ...contextAt(RECORDED), sysRoot: '/nonexistent' });
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/cannot list \/nonexistent\/block .*ENOENT/);
    expect((await diskstatsProcBackend.probe(contextAt(RECORDED))).available).toBe(true);
  });

  it('drops partitions (no /sys/block entry) and never-used devices', async () => {
    const raw = await diskstatsProcBackend.read(contextAt(EDGE), {});
    expect(raw.devices?.map((d) => d.name)).toEqual(['vda']);
  });
});

describe('disk derive', () => {
  const base = parseDiskstats(' 254 0 vda 1000 0 8000 0 100 0 2000 0 0 500 0\n')[0];

  it('rates over the measured gap: sectors × 512, IOPS, busy %', () => {
    const cur = { ...base, readsCompleted: 1100, sectorsRead: 10048, writesCompleted: 150, sectorsWritten: 2400, ioTicksMs: 800 };
    expect(deviceRates(base, cur, 2)).toEqual({
      name: 'vda',
      readBytesPerSec: (2048 * 512) / 2,
      writeBytesPerSec: (400 * 512) / 2,
      readIops: 50,
      writeIops: 25,
      busyPercent: 15,
      readBytesTotal: 10048 * 512,
      writtenBytesTotal: 2400 * 512,
      readsCompletedTotal: 1100,
      writesCompletedTotal: 150,
      ioTimeSecondsTotal: 0.8,
    });
  });

  it('caps busy at 100 % (io_ticks can run ahead of the clock)', () => {
    expect(deviceRates(base, { ...base, ioTicksMs: 1600 }, 1).busyPercent).toBe(100);
  });

  it('no previous read, or counters that went backwards: rates undefined, not 0', async () => {
    const ctx = contextAt(EDGE);
    const first = timed<DisksRaw>(await diskstatsProcBackend.read(ctx, {}), 0);
    expect(disksCollector.derive(undefined, first, ctx).devices).toEqual([
      {
        name: 'vda',
        readBytesPerSec: undefined,
        writeBytesPerSec: undefined,
        readIops: undefined,
        writeIops: undefined,
        busyPercent: undefined,
        readBytesTotal: 601043968,
        writtenBytesTotal: 551972864,
        readsCompletedTotal: 10054,
        writesCompletedTotal: 1830,
        ioTimeSecondsTotal: 3.576,
      },
    ]);
    const later = timed<DisksRaw>(await diskstatsProcBackend.read({ ...ctx, procRoot: `${EDGE}/later/proc` }, {}), 1000);
    const [vda] = disksCollector.derive(first, later, ctx).devices;
    expect(vda.readIops).toBeUndefined();
    expect(vda.readBytesPerSec).toBeUndefined();
    expect(vda.writeIops).toBe(0);
    expect(vda.busyPercent).toBe(0);
  });

  it('uses the measured gap, not a nominal interval', () => {
    const cur = { ...base, readsCompleted: 1300 };
    expect(deviceRates(base, cur, 0.75).readIops).toBeCloseTo(400);
  });
});

describe('mount table', () => {
  it('unescapes octal escapes in device and mount point', () => {
    expect(parseMounts('/dev/sdb1 /media/my\\040disk\\011x ext4 rw 0 0\nbroken\n')).toEqual([
      { device: '/dev/sdb1', mountpoint: '/media/my disk\tx', fstype: 'ext4' },
    ]);
  });

  it('keeps real filesystems: only / on the recorded VM', () => {
    const nodev = parseNodevFilesystems(read(`${RECORDED}/proc/filesystems`));
    expect(nodev.has('tmpfs')).toBe(true);
    expect(nodev.has('ext4')).toBe(false);
    expect(readRealMounts(buffer, `${RECORDED}/proc`)).toEqual([{ device: '/dev/vda', mountpoint: '/', fstype: 'ext4' }]);
  });

  it('keeps network filesystems, drops pseudo ones and mounts hidden by a later mount', () => {
    const nodev = new Set(['proc', 'tmpfs', 'nfs4', 'fuse']);
    const mounts = parseMounts(
      [
        '/dev/sda1 / ext4 rw 0 0',
        'proc /proc proc rw 0 0',
        'srv:/export /mnt/nfs nfs4 rw 0 0',
        '/dev/sdb1 /data xfs rw 0 0',
        'tmpfs /data tmpfs rw 0 0',
        'sshfs#me@h: /mnt/ssh fuse.sshfs rw 0 0',
        'gvfsd /run/gvfs fuse.gvfsd-fuse rw 0 0',
      ].join('\n'),
    );
    expect(selectRealMounts(mounts, nodev).map((m) => m.mountpoint)).toEqual(['/', '/mnt/nfs', '/mnt/ssh']);
  });
});

describe('statfs', () => {
  it('computes space as df does', () => {
    expect(spaceFromStatfs({ bsize: 4096, blocks: 1000, bfree: 300, bavail: 250 })).toEqual({
      totalBytes: 4096000,
      usedBytes: 700 * 4096,
      availBytes: 250 * 4096,
      usedPercent: (700 / 950) * 100,
    });
    expect(spaceFromStatfs({ bsize: 4096, blocks: 0, bfree: 0, bavail: 0 }).usedPercent).toBeUndefined();
  });

  it('reports a stuck mount as timed out, does not ask it again while stuck, and recovers', async () => {
    let calls = 0;
    let release: (() => void) | undefined;
    const stuck = () => {
      calls++;
      return new Promise<{ bsize: number; blocks: number; bfree: number; bavail: number }>((resolve) => {
        release = () => resolve({ bsize: 4096, blocks: 10, bfree: 5, bavail: 5 });
      });
    };
    let now = 0;
    const cache = new StatfsCache(5000, 30, stuck);
    const mounts = [{ device: 'srv:/x', mountpoint: '/mnt/hung', fstype: 'nfs4' }];
    expect(await cache.lookup(mounts, () => now)).toEqual([{ ...mounts[0], error: STATFS_TIMED_OUT }]);
    now = 10_000;
    expect(await cache.lookup(mounts, () => now)).toEqual([{ ...mounts[0], error: STATFS_TIMED_OUT }]);
    expect(calls).toBe(1);
    release!();
    await new Promise((r) => setImmediate(r));
    const [fs] = await cache.lookup(mounts, () => now);
    expect(fs).toMatchObject({ totalBytes: 40960, usedBytes: 20480, error: undefined });
    expect(calls).toBe(1);
  });

  it('gives the error of a failed statfs and caches answers for the refresh period', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw Object.assign(new Error('EACCES: permission denied, statfs'), { code: 'EACCES' });
    };
    let now = 0;
    const cache = new StatfsCache(5000, 100, failing);
    const mounts = [{ device: '/dev/x', mountpoint: '/secret', fstype: 'ext4' }];
    expect((await cache.lookup(mounts, () => now))[0].error).toMatch(/EACCES/);
    now = 4000;
    await cache.lookup(mounts, () => now);
    expect(calls).toBe(1);
    now = 9001;
    await cache.lookup(mounts, () => now);
    expect(calls).toBe(2);
  });

  it('reads the mount table when the space is due, answers from the cache between without a promise, and asks only what the table holds', async () => {
    const root = mkdtempSync(join(tmpdir(), 'smoothtask-mounts-'));
    mkdirSync(join(root, 'proc/self'), { recursive: true });
    writeFileSync(join(root, 'proc/filesystems'), 'nodev\tproc\nnodev\ttmpfs\n\text4\n');
    const mounts = (lines: string[]) => writeFileSync(join(root, 'proc/self/mounts'), lines.map((l) => `${l} rw 0 0\n`).join(''));
    mounts(['proc /proc proc', '/dev/vda1 / ext4']);
    const asked: string[] = [];
    const space = async (path: string) => {
      asked.push(path);
      return { bsize: 4096, blocks: 10, bfree: 5, bavail: 5 };
    };
    let now = 0;
    const backend = createStatfsBackend(new StatfsCache(REFRESH_MS, 100, space));
    const ctx = contextAt(root, undefined, () => now);
    const points = async () => ((await backend.read(ctx, {})).filesystems ?? []).map((f) => f.mountpoint);
    expect(await points()).toEqual(['/']);
    mounts(['proc /proc proc', '/dev/vda1 / ext4', '/dev/vdb1 /data ext4']);
    now = REFRESH_MS - 1;
    const between = backend.read(ctx, {});
    expect(between).not.toBeInstanceOf(Promise);
    expect((between as Partial<DisksRaw>).filesystems?.map((f) => f.mountpoint)).toEqual(['/']);
    expect(asked).toEqual(['/']);
    now = REFRESH_MS;
    expect(await points()).toEqual(['/', '/data']);
    expect(asked).toEqual(['/', '/', '/data']);
    // Unmounted between two refreshes: the next refresh reads the table first, and asks only /data.
    mounts(['proc /proc proc', '/dev/vdb1 /data ext4']);
    now = 2 * REFRESH_MS;
    expect(await points()).toEqual(['/data']);
    expect(asked).toEqual(['/', '/', '/data', '/data']);
    // No real mount at all: the table is still read again a period on, and a new mount shows.
    mounts(['proc /proc proc']);
    now = 3 * REFRESH_MS;
    expect(await points()).toEqual([]);
    mounts(['proc /proc proc', '/dev/vdc1 /new ext4']);
    now = 4 * REFRESH_MS;
    expect(await points()).toEqual(['/new']);
  });

  it('agrees with df on the live root filesystem', async () => {
    const ctx = liveContext();
    const backend = createStatfsBackend();
    expect((await backend.probe(ctx)).available).toBe(true);
    const raw = await backend.read(ctx, {});
    const root = raw.filesystems!.find((f) => f.mountpoint === '/')!;
    const [size, used, avail] = execFileSync('df', ['-B1', '--output=size,used,avail', '/'], { encoding: 'utf8' })
      .split('\n')[1]
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(root.totalBytes).toBe(size);
    expect(Math.abs(root.usedBytes! - used)).toBeLessThan(64 * 1024 * 1024);
    expect(Math.abs(root.availBytes! - avail)).toBeLessThan(64 * 1024 * 1024);
    expect(root.error).toBeUndefined();
  });
});

describe('disks on the live kernel', () => {
  it('vda counters move and rates are finite after a real read', async () => {
    const ctx = liveContext();
    const first = timed(await diskstatsProcBackend.read(ctx, {}), performance.now());
    execFileSync('sync');
    const second = timed(await diskstatsProcBackend.read(ctx, {}), performance.now());
    const panel = disksCollector.derive(first, second, ctx);
    const names = read('/proc/diskstats')
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[2]);
    for (const device of panel.devices) {
      expect(names).toContain(device.name);
      expect(device.readIops).toBeGreaterThanOrEqual(0);
      expect(device.busyPercent).toBeLessThanOrEqual(100);
    }
  });
});
