/** Property tests for /proc/diskstats, the mount table and /proc/filesystems, and the disk rates. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveDisks, deviceRates } from '../../src/collectors/disks/derive.js';
import { parseDiskstats, parseMounts, parseNodevFilesystems, selectRealMounts, type DiskCounters } from '../../src/collectors/disks/parse.js';
import { fixture, hostileText, RUNS } from './support/hostile.js';
import { expectFinite, expectUnsigned, parserProperties } from './support/parser-properties.js';
import { context, counter, gap, readTime } from './support/samples.js';

const DISKSTATS = [fixture('debian12-2cpu-vm-system/proc/diskstats'), fixture('edge-system/proc/diskstats'), fixture('edge-system/later/proc/diskstats')];
const MOUNTS = [fixture('debian12-2cpu-vm-system/proc/self/mounts')];
const FILESYSTEMS = [fixture('debian12-2cpu-vm-system/proc/filesystems')];

describe('parseDiskstats', () => {
  // Every diskstats counter, and major and minor, are unsigned.
  parserProperties({ parse: parseDiskstats, bases: DISKSTATS, sane: (d) => d.length > 0 });
});

describe('parseMounts and selectRealMounts', () => {
  parserProperties({
    parse: (text) => selectRealMounts(parseMounts(text), parseNodevFilesystems(FILESYSTEMS[0])),
    bases: MOUNTS,
    sane: (m) => m.some((e) => e.mountpoint === '/'),
  });
});

describe('parseNodevFilesystems', () => {
  parserProperties({ parse: parseNodevFilesystems, bases: FILESYSTEMS, sane: (s) => s.has('proc') });
});

const diskCounters: fc.Arbitrary<DiskCounters> = fc.record({
  major: fc.constant(8),
  minor: fc.constant(0),
  name: fc.constant('sda'),
  readsCompleted: counter,
  sectorsRead: counter,
  writesCompleted: counter,
  sectorsWritten: counter,
  inFlight: counter,
  ioTicksMs: counter,
  discardsCompleted: fc.option(counter, { nil: undefined }),
});

describe('disk rates on counters that go backwards, wrap or are missing', () => {
  it('are undefined or finite and non-negative, busy at most 100 %', () => {
    fc.assert(
      fc.property(fc.option(diskCounters, { nil: undefined }), diskCounters, gap, (prev, cur, seconds) => {
        const rates = deviceRates(prev, cur, seconds);
        expectFinite(rates);
        expectUnsigned(rates);
        if (rates.busyPercent !== undefined) expect(rates.busyPercent).toBeLessThanOrEqual(100);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('a counter that went backwards gives n/a, not a negative rate', () => {
    fc.assert(
      fc.property(diskCounters, fc.nat({ max: 1e9 }), (cur, drop) => {
        const prev = { ...cur, sectorsRead: cur.sectorsRead + drop + 1 };
        // Above 2^53 adding a little may not change the double at all.
        fc.pre(prev.sectorsRead > cur.sectorsRead);
        expect(deviceRates(prev, cur, 1).readBytesPerSec).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('deriveDisks on two hostile diskstats reads at any two times', () => {
    fc.assert(
      fc.property(hostileText(DISKSTATS), hostileText(DISKSTATS), readTime, readTime, (a, b, ta, tb) => {
        const panel = deriveDisks({ t: ta, wall: 0, raw: { devices: parseDiskstats(a) } }, { t: tb, wall: 0, raw: { devices: parseDiskstats(b) } }, context);
        expectFinite(panel);
        expectUnsigned(panel);
      }),
      { numRuns: RUNS },
    );
  });
});
