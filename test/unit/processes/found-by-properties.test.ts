/** Counterexamples that test/property/processes.test.ts found, kept as plain cases. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIo, parseSchedstatWaitNs, parseStat, parseStatm, parseStatusEffectiveUid, parseStatusMemory } from '../../../src/collectors/processes/parse.js';

const STAT = readFileSync(new URL('../../fixtures/debian12-2cpu-vm/proc/12694/stat', import.meta.url), 'utf8');
/** The recorded stat with field `n` (1-based, counted after the comm) replaced. */
function statWith(n: number, value: string): string {
  const close = STAT.lastIndexOf(')');
  const rest = STAT.slice(close + 2).split(' ');
  rest[n - 3] = value;
  return `${STAT.slice(0, close + 2)}${rest.join(' ')}`;
}

describe('parseStat on hostile fields', () => {
  it('rejects negative values in fields the kernel prints unsigned', () => {
    for (const field of [4, 9, 14, 15, 20, 22]) expect(parseStat(statWith(field, '-5'))).toBeUndefined();
    expect(parseStat(statWith(23, '-5'))?.vsize).toBeUndefined();
  });

  it('keeps priority and nice signed', () => {
    expect(parseStat(statWith(18, '-51'))?.priority).toBe(-51);
    expect(parseStat(statWith(19, '-20'))?.nice).toBe(-20);
  });

  it('rejects a field longer than a u64 (it used to add up to Infinity)', () => {
    expect(parseStat(statWith(14, '9'.repeat(400)))).toBeUndefined();
  });
});

describe('the other /proc/PID parsers on negative and huge numbers', () => {
  it('reject them', () => {
    expect(parseStatm('-1 1258 1147 405 0 139 0', 4096)).toBeUndefined();
    expect(parseIo('read_bytes: -1\nwrite_bytes: 0\n')).toBeUndefined();
    expect(parseSchedstatWaitNs('1442615 -12760711 2')).toBeUndefined();
    expect(parseStatusMemory(`VmSize:\t${'9'.repeat(400)} kB\nVmRSS:\t1 kB\nRssFile:\t1 kB\nRssShmem:\t0 kB\n`)).toBeUndefined();
    expect(parseStatusEffectiveUid(`Uid:\t0\t${'9'.repeat(400)}\t0\t0\n`)).toBeUndefined();
  });
});
