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

/** parseCpuinfoMHz as it was written first, line by line: the oracle for the one that skips lines. */
function cpuinfoMHzByLines(text: string): Record<number, number> {
  const byCpu: Record<number, number> = {};
  let cpu: number | undefined;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor') cpu = /^\d{1,20}$/.test(value) ? Number(value) : undefined;
    else if (key === 'cpu MHz' && cpu !== undefined) {
      const mhz = Number(value);
      if (value !== '' && Number.isFinite(mhz) && mhz > 0) byCpu[cpu] = mhz;
    }
  }
  return byCpu;
}

describe('parseCpuinfoMHz against a line-by-line parse', () => {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('processor', 'cpu MHz') },
    { weight: 1, arbitrary: fc.constantFrom('cpu family', 'physical id', 'flags', 'model name', 'p', 'c', '', 'processorx', 'CPU MHz') },
  );
  const space = fc.constantFrom('', ' ', '\t', '\t\t', '\u00a0', '\u2003', '\r', '\ufeff');
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('0', '1', '255', '2400.000', '-1', '', 'fpu vme : x', '1e3', '0x10', '9'.repeat(25)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
  const line = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(space, key, space, fc.constantFrom(':', ': ', ' : ', '::'), value, space).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  it('gives the same frequencies for any text made of such lines', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.join(eol);
        expect(parseCpuinfoMHz(text)).toEqual(cpuinfoMHzByLines(text));
      }),
      { numRuns: RUNS * 5 },
    );
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
