import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuFreqSysfsBackend, cpuinfoBackend, cpuProcBackend, type CpuRaw } from '../../../src/collectors/cpu/index.js';
import { cpuTimesPercent, deriveCpu } from '../../../src/collectors/cpu/derive.js';
import { parseCpuinfoMHz, parseProcStatCpu, parseScalingCurFreq } from '../../../src/collectors/cpu/parse.js';
import { EDGE, RECORDED, contextAt, liveContext, timed } from '../host/context.js';

const read = (path: string) => readFileSync(path, 'utf8');
const sum = (times: object) =>
  ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'].reduce((s, k) => s + ((times as Record<string, number>)[k] ?? 0), 0);

describe('parseProcStatCpu', () => {
  it('reads the total and both cores of the recording', () => {
    const stat = parseProcStatCpu(read(`${RECORDED}/proc/stat`));
    expect(stat.cores.map((c) => c.id)).toEqual([0, 1]);
    const fields = read(`${RECORDED}/proc/stat`).split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    expect(stat.total).toEqual({
      user: fields[0],
      nice: fields[1],
      system: fields[2],
      idle: fields[3],
      iowait: fields[4],
      irq: fields[5],
      softirq: fields[6],
      steal: fields[7],
      guest: fields[8],
      guestNice: fields[9],
    });
  });

  it('skips truncated and malformed lines, keeps the old 4-field format', () => {
    const stat = parseProcStatCpu(read(`${EDGE}/proc/stat`));
    expect(stat.cores.map((c) => c.id)).toEqual([0, 3]);
    expect(stat.cores[1].ticks).toEqual({ user: 10, nice: 0, system: 10, idle: 80 });
  });

  it('gives no total for an empty read', () => {
    expect(parseProcStatCpu('')).toEqual({ cores: [] });
  });
});

describe('frequency parsers', () => {
  it('reads cpu MHz per processor from /proc/cpuinfo', () => {
    expect(parseCpuinfoMHz(read(`${RECORDED}/proc/cpuinfo`))).toEqual({ 0: expect.any(Number), 1: expect.any(Number) });
    expect(parseCpuinfoMHz(read(`${EDGE}/proc/cpuinfo`))).toEqual({ 0: 2596.15 });
  });

  it('reads scaling_cur_freq in kHz and refuses <unknown>', () => {
    expect(parseScalingCurFreq('2400000\n')).toBe(2400);
    expect(parseScalingCurFreq('<unknown>\n')).toBeUndefined();
  });
});

describe('cpuTimesPercent', () => {
  const prev = { user: 100, nice: 0, system: 50, idle: 800, iowait: 10, irq: 0, softirq: 5, steal: 5, guest: 20, guestNice: 0 };

  it('splits the elapsed ticks, leaving guest out (it is inside user)', () => {
    const cur = { ...prev, user: 130, system: 60, idle: 850, iowait: 20, steal: 15, guest: 40 };
    const t = cpuTimesPercent(prev, cur)!;
    // elapsed = 30 + 10 + 50 + 10 + 10 = 110 ticks (guest's 20 are already in user's 30)
    expect(t.user).toBeCloseTo((30 / 110) * 100);
    expect(t.steal).toBeCloseTo((10 / 110) * 100);
    expect(sum(t)).toBeCloseTo(100);
    expect(t.busy).toBeCloseTo(100 - (50 / 110) * 100 - (10 / 110) * 100);
  });

  it('is undefined when no tick passed', () => {
    expect(cpuTimesPercent(prev, prev)).toBeUndefined();
  });
});

describe('cpu derive', () => {
  const ctx = contextAt(RECORDED);

  it('has no rates without a previous read, and frequency from cpuinfo', () => {
    const raw: Partial<CpuRaw> = { stat: parseProcStatCpu(read(`${RECORDED}/proc/stat`)), cpuinfoMHz: { 0: 2596.15, 1: 2596.15 } };
    const panel = deriveCpu(undefined, timed(raw, 1000), ctx);
    expect(panel.total).toBeUndefined();
    expect(panel.cores).toEqual([
      {
        id: 0,
        times: undefined,
        secondsTotal: { user: 49.24, nice: 0, system: 20.96, idle: 675.55, iowait: 0.5, irq: 0, softirq: 0.16, steal: 0.77 },
        freqMHz: 2596.15,
      },
      {
        id: 1,
        times: undefined,
        secondsTotal: { user: 83.77, nice: 0, system: 30.05, idle: 627.02, iowait: 4.95, irq: 0, softirq: 0.71, steal: 0.82 },
        freqMHz: 2596.15,
      },
    ]);
  });

  it('prefers cpufreq over cpuinfo, per CPU', () => {
    const raw: Partial<CpuRaw> = { stat: parseProcStatCpu(read(`${RECORDED}/proc/stat`)), cpuinfoMHz: { 0: 2596, 1: 2596 }, scalingMHz: { 1: 2400 } };
    expect(deriveCpu(undefined, timed(raw, 0), ctx).cores.map((c) => c.freqMHz)).toEqual([2596, 2400]);
  });

  it('leaves fields that went backwards undefined and drops CPUs that went offline', () => {
    const before = timed<CpuRaw>({ stat: parseProcStatCpu(read(`${EDGE}/proc/stat`)) }, 1000);
    const after = timed<CpuRaw>({ stat: parseProcStatCpu(read(`${EDGE}/later/proc/stat`)) }, 2000);
    const panel = deriveCpu(before, after, ctx);
    // total: user went from 4892 to 4000 (a reset): user is undefined, the rest are shares of what moved
    expect(panel.total?.user).toBeUndefined();
    expect(panel.total?.idle).toBeCloseTo(100);
    // cpu0: iowait went backwards (proc(5) allows it): iowait and busy undefined, idle measured
    const cpu0 = panel.cores.find((c) => c.id === 0)!;
    expect(cpu0.times?.iowait).toBeUndefined();
    expect(cpu0.times?.busy).toBeUndefined();
    expect(cpu0.times?.idle).toBeCloseTo(100);
    // cpu1 is gone; cpu3 (4-field kernel) has busy = 100 - idle
    expect(panel.cores.map((c) => c.id)).toEqual([0, 3]);
    const cpu3 = panel.cores.find((c) => c.id === 3)!.times!;
    expect(cpu3).toEqual({ user: 25, nice: 0, system: 25, idle: 50, busy: 50 });
  });
});

describe('cpu backends', () => {
  it('the sysfs backend is unavailable on the recorded VM (no cpufreq) and says why', async () => {
    const probe = await cpuFreqSysfsBackend.probe(contextAt(RECORDED));
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/cpufreq/);
  });

  it('the sysfs backend reads what cpufreq exposes and skips <unknown> and missing', async () => {
    const ctx = contextAt(EDGE);
    expect((await cpuFreqSysfsBackend.probe(ctx)).available).toBe(true);
    expect(await cpuFreqSysfsBackend.read(ctx, {})).toEqual({ scalingMHz: { 0: 2400 } });
  });

  it('the sysfs backend reads only the online CPUs that had no frequency event, and nothing when all had one', async () => {
    const ctx = contextAt(EDGE);
    const stat = (await cpuProcBackend.read(ctx, {})).stat!;
    expect(stat.cores.map((c) => c.id)).toEqual([0, 3]);
    expect(await cpuFreqSysfsBackend.read(ctx, { stat })).toEqual({ scalingMHz: { 0: 2400 } });
    expect(await cpuFreqSysfsBackend.read(ctx, { stat, eventMHz: { 0: 3400 } })).toEqual({ scalingMHz: {} });
    expect(await cpuFreqSysfsBackend.read(ctx, { stat, eventMHz: { 0: 3400, 3: 800 } })).toEqual({});
  });

  it('on the live machine, the sysfs backend is available exactly when cpufreq files are readable', async () => {
    const cpus = readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d));
    const readable = cpus.filter((d) => existsSync(`/sys/devices/system/cpu/${d}/cpufreq/scaling_cur_freq`));
    const probe = await cpuFreqSysfsBackend.probe(liveContext());
    expect(probe.available).toBe(readable.length > 0);
    if (!probe.available) expect(probe.reason).toMatch(/no readable cpufreq/);
  });

  it('the proc backend reads the recording, and cpuinfo its frequencies where nothing before it had them', async () => {
    const ctx = contextAt(RECORDED);
    const raw = await cpuProcBackend.read(ctx, {});
    expect(raw.stat?.cores).toHaveLength(2);
    expect(Object.keys((await cpuinfoBackend.read(ctx, raw)).cpuinfoMHz ?? {})).toEqual(['0', '1']);
    // One core without an event or cpufreq reading: cpuinfo is read for it.
    expect((await cpuinfoBackend.read(ctx, { ...raw, eventMHz: { 0: 3400 } })).cpuinfoMHz).toBeDefined();
    // Every core has one: /proc/cpuinfo is not read at all.
    expect(await cpuinfoBackend.read(ctx, { ...raw, eventMHz: { 0: 3400 }, scalingMHz: { 1: 2400 } })).toEqual({});
  });

  it('on the live kernel, two reads 200 ms apart give shares that sum to 100', async () => {
    const ctx = liveContext();
    const first = timed(await cpuProcBackend.read(ctx, {}), performance.now());
    await new Promise((r) => setTimeout(r, 200));
    const second = timed(await cpuProcBackend.read(ctx, {}), performance.now());
    const panel = deriveCpu(first, second, ctx);
    expect(panel.cores).toHaveLength(ctx.host.cpuCount);
    expect(sum(panel.total!)).toBeCloseTo(100);
    expect(panel.total!.busy).toBeGreaterThanOrEqual(0);
    expect(panel.total!.busy).toBeLessThanOrEqual(100);
  });
});
