import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryCollector, memoryProcBackend, type MemoryRaw } from '../../../src/collectors/memory/index.js';
import { parseLoadavg, parseMeminfo, parseVmstat } from '../../../src/collectors/memory/parse.js';
import { EDGE, RECORDED, contextAt, liveContext, timed } from '../host/context.js';

const read = (path: string) => readFileSync(path, 'utf8');
const kB = (text: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)![1]) * 1024;

describe('memory parsers', () => {
  it('reads /proc/meminfo in bytes, keeping unitless counts', () => {
    const text = read(`${RECORDED}/proc/meminfo`);
    const m = parseMeminfo(text);
    expect(m.MemTotal).toBe(kB(text, 'MemTotal'));
    expect(m.MemAvailable).toBe(kB(text, 'MemAvailable'));
    expect(m.HugePages_Total).toBe(Number(/^HugePages_Total:\s+(\d+)$/m.exec(text)![1]));
  });

  it('skips a line cut mid-key', () => {
    const m = parseMeminfo(read(`${EDGE}/proc/meminfo`));
    expect(Object.keys(m)).toEqual(['MemTotal', 'MemFree', 'Buffers', 'Cached', 'SwapTotal', 'SwapFree', 'Dirty', 'HugePages_Total']);
  });

  it('reads /proc/loadavg and refuses a truncated one', () => {
    expect(parseLoadavg('0.05 0.12 0.07 1/88 4353\n')).toEqual({ load1: 0.05, load5: 0.12, load15: 0.07, running: 1, total: 88 });
    expect(parseLoadavg(read(`${EDGE}/proc/loadavg`))).toBeUndefined();
  });
});

describe('memory derive', () => {
  it('used is total - available, cached includes SReclaimable, swap used is total - free', async () => {
    const ctx = contextAt(RECORDED);
    const panel = memoryCollector.derive(undefined, timed(await memoryProcBackend.read(ctx, {}), 0), ctx);
    const text = read(`${RECORDED}/proc/meminfo`);
    expect(panel.totalBytes).toBe(kB(text, 'MemTotal'));
    expect(panel.usedBytes).toBe(kB(text, 'MemTotal') - kB(text, 'MemAvailable'));
    expect(panel.cachedBytes).toBe(kB(text, 'Cached') + kB(text, 'SReclaimable'));
    expect(panel.swapUsedBytes).toBe(kB(text, 'SwapTotal') - kB(text, 'SwapFree'));
    expect(panel.dirtyBytes).toBe(kB(text, 'Dirty'));
    expect(panel.load1).toBe(Number(read(`${RECORDED}/proc/loadavg`).split(' ')[0]));
    expect(panel.uptimeSeconds).toBe(Number(read(`${RECORDED}/proc/uptime`).split(' ')[0]));
  });

  it('leaves available, used, load and uptime unmeasured on an old or broken /proc', async () => {
    const ctx = contextAt(EDGE);
    const panel = memoryCollector.derive(undefined, timed(await memoryProcBackend.read(ctx, {}), 0), ctx);
    expect(panel.totalBytes).toBe(24684084 * 1024);
    expect(panel.availableBytes).toBeUndefined();
    expect(panel.usedBytes).toBeUndefined();
    expect(panel.cachedBytes).toBe(500000 * 1024);
    expect(panel.load1).toBeUndefined();
    expect(panel.uptimeSeconds).toBeUndefined();
  });

  it('an empty read gives an all-undefined panel, not zeros', () => {
    const panel = memoryCollector.derive(undefined, timed<MemoryRaw>({}, 0), contextAt(RECORDED));
    expect(Object.values(panel).every((v) => v === undefined)).toBe(true);
  });
});

describe('memory on the live kernel', () => {
  it('totals agree with /proc/meminfo and free -b', async () => {
    const ctx = liveContext();
    const panel = memoryCollector.derive(undefined, timed(await memoryProcBackend.read(ctx, {}), 0), ctx);
    const meminfo = read('/proc/meminfo');
    expect(panel.totalBytes).toBe(kB(meminfo, 'MemTotal'));
    expect(panel.swapTotalBytes).toBe(kB(meminfo, 'SwapTotal'));
    const free = execFileSync('free', ['-b'], { encoding: 'utf8' }).split('\n');
    const mem = free
      .find((l) => l.startsWith('Mem:'))!
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(panel.totalBytes).toBe(mem[1]);
    // available moves between the two reads; within 64 MiB on an idle machine
    expect(Math.abs(panel.availableBytes! - mem[6])).toBeLessThan(64 * 1024 * 1024);
    expect(panel.usedBytes! + panel.availableBytes!).toBe(panel.totalBytes);
  });
});

describe('swap and major-fault rates (/proc/vmstat)', () => {
  it('keeps pswpin, pswpout and pgmajfault; skips anything else', () => {
    expect(parseVmstat('nr_free_pages 12\npswpin 7\npswpout 9\npgmajfault 123\npswpout x\npgmajfault 123456789012345678901234\n')).toEqual({
      pswpin: 7,
      pswpout: 9,
      pgmajfault: 123,
    });
    expect(parseVmstat('')).toEqual({});
  });

  it('rates over the measured gap; n/a without a previous read or a counter', () => {
    const raw = (pswpout: number | undefined): Partial<MemoryRaw> => ({ meminfo: {}, vmstat: { pswpin: 1, pswpout, pgmajfault: 10 } });
    const ctx = liveContext();
    const first = memoryCollector.derive(undefined, timed(raw(100), 0), ctx);
    expect(first.swapOutPagesPerSec).toBeUndefined();
    const later = memoryCollector.derive(timed(raw(100), 1000), timed(raw(140), 3000), ctx);
    expect(later).toMatchObject({ swapInPagesPerSec: 0, swapOutPagesPerSec: 20, majorFaultsPerSec: 0 });
    expect(memoryCollector.derive(timed(raw(100), 1000), timed(raw(undefined), 3000), ctx).swapOutPagesPerSec).toBeUndefined();
  });

  it('reads the live kernel: the counters vmstat(8) -s reports', async () => {
    const live = liveContext();
    const raw = await memoryProcBackend.read(live, {});
    const vmstat = execFileSync('vmstat', ['-s'], { encoding: 'utf8' });
    const swappedOut = Number(/(\d+) pages swapped out/.exec(vmstat)![1]);
    expect(raw.vmstat?.pswpout).toBeGreaterThanOrEqual(swappedOut);
    expect(raw.vmstat?.pgmajfault).toBeGreaterThan(0);
  });
});
