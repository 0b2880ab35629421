/** Counterexamples that test/property/cpu.test.ts found, kept as plain cases. */
import { describe, expect, it } from 'vitest';
import { parseCpuinfoMHz, parseProcStatCpu, parseScalingCurFreq } from '../../../src/collectors/cpu/parse.js';

const HUGE = '9'.repeat(400);

describe('CPU parsers on runs of digits longer than a u64', () => {
  it('skip a cpu line whose field would read as Infinity', () => {
    const stat = parseProcStatCpu(`cpu  ${HUGE} 0 5102 130258 546 0 88 160 0 0\ncpu0 4924 0 2096 67555 50 0 16 77 0 0\ncpu${HUGE} 1 2 3 4\n`);
    expect(stat.total).toBeUndefined();
    expect(stat.cores.map((c) => c.id)).toEqual([0]);
  });

  it('give no frequency for such a number', () => {
    expect(parseScalingCurFreq(`${HUGE}\n`)).toBeUndefined();
    expect(parseCpuinfoMHz(`processor\t: ${HUGE}\ncpu MHz\t\t: 2400.000\n`)).toEqual({});
  });
});
