/** Counterexamples that test/property/host.test.ts found, kept as plain cases. */
import { describe, expect, it } from 'vitest';
import { parseBtime, parseCpuList, parseKernelPageSize, parseUptime } from '../../../src/collectors/host/parse.js';

describe('host parsers on hostile input', () => {
  it('parseCpuList rejects a range it could not expand (it used to loop for ever on 0-99999999999)', () => {
    expect(() => parseCpuList('0-99999999999')).toThrow(/malformed CPU list/);
    expect(() => parseCpuList(`0-${'9'.repeat(400)}`)).toThrow(/malformed CPU list/);
    expect(() => parseCpuList('3-1')).toThrow(/malformed CPU list/);
    expect(parseCpuList('0-3,8')).toEqual([0, 1, 2, 3, 8]);
  });

  it('parseUptime refuses a negative, hex or exponent uptime', () => {
    expect(parseUptime('-1 1302.58\n')).toBeUndefined();
    expect(parseUptime('0x1f 1e3\n')).toBeUndefined();
    expect(parseUptime('1302.58 2511.07\n')).toEqual({ uptimeSeconds: 1302.58, idleSeconds: 2511.07 });
  });

  it('btime and the page size refuse runs of digits longer than a u64', () => {
    expect(parseBtime(`btime ${'9'.repeat(400)}\n`)).toBeUndefined();
    expect(parseKernelPageSize(`KernelPageSize: ${'9'.repeat(400)} kB\n`)).toBeUndefined();
  });
});
