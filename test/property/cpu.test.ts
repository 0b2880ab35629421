/**
 * Property tests for the CPU parsers (/proc/stat cpu lines, /proc/cpuinfo, scaling_cur_freq) and
 * for the CPU % derive step, on hostile input (see support/hostile.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuTimesPercent, deriveCpu } from '../../src/collectors/cpu/derive.js';
import { parseCpuinfoMHz, parseProcStatCpu, parseScalingCurFreq, type CpuTicks } from '../../src/collectors/cpu/parse.js';
import type { CpuRaw } from '../../src/collectors/cpu/proc.js';
import { fixture, RUNS } from './support/hostile.js';
import { expectFinite, parserProperties } from './support/parser-properties.js';
import { context, counter } from './support/samples.js';

const STAT = [fixture('debian12-2cpu-vm-system/proc/stat'), fixture('edge-system/proc/stat'), fixture('edge-system/later/proc/stat')];

describe('parseProcStatCpu', () => {
  // Every tick field is a u64 and the CPU ids are unsigned: nothing may be negative.
  parserProperties({ parse: parseProcStatCpu, bases: STAT, sane: (s) => s.total !== undefined && s.cores.length > 0 });
});

describe('parseCpuinfoMHz', () => {
  // CPU numbers and MHz are unsigned.
  parserProperties({
    parse: parseCpuinfoMHz,
    bases: [fixture('debian12-2cpu-vm-system/proc/cpuinfo'), fixture('edge-system/proc/cpuinfo')],
    sane: (m) => Object.keys(m).length > 0,
  });
});

describe('parseScalingCurFreq', () => {
  parserProperties({
    parse: parseScalingCurFreq,
    bases: [fixture('edge-system/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq')],
    sane: (mhz) => mhz !== undefined && mhz > 0,
  });
});

const ticks: fc.Arbitrary<CpuTicks> = fc.record(
  {
    user: counter,
    nice: counter,
    system: counter,
    idle: counter,
    iowait: counter,
    irq: counter,
    softirq: counter,
    steal: counter,
    guest: counter,
    guestNice: counter,
  },
  { requiredKeys: [] },
) as fc.Arbitrary<CpuTicks>;

describe('cpu derive on counters that go backwards, wrap or are missing', () => {
  it('gives shares between 0 and 100 that are finite, or undefined', () => {
    fc.assert(
      fc.property(ticks, ticks, (prev, cur) => {
        const times = cpuTimesPercent(prev, cur);
        expectFinite(times);
        for (const v of Object.values(times ?? {})) {
          expect(v).toBeGreaterThanOrEqual(-1e-9);
          expect(v).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('deriveCpu on two hostile /proc/stat reads shows no NaN and no negative share', () => {
    const raw = (text: string): Partial<CpuRaw> => ({ stat: parseProcStatCpu(text) });
    fc.assert(
      fc.property(fc.array(ticks, { maxLength: 3 }), fc.array(ticks, { maxLength: 3 }), fc.option(ticks), fc.option(ticks), (a, b, ta, tb) => {
        const line = (label: string, t: CpuTicks) => `${label} ${Object.values(t).join(' ')}`;
        const text = (cores: CpuTicks[], total: CpuTicks | null) =>
          [...(total ? [line('cpu', total)] : []), ...cores.map((t, i) => line(`cpu${i}`, t))].join('\n');
        const panel = deriveCpu({ t: 0, wall: 0, raw: raw(text(a, ta)) }, { t: 1000, wall: 1000, raw: raw(text(b, tb)) }, context);
        expectFinite(panel);
        for (const times of [panel.total, ...panel.cores.map((c) => c.times)]) {
          for (const v of Object.values(times ?? {})) expect(v).toBeGreaterThanOrEqual(-1e-9);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
