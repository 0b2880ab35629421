/** Counterexamples that test/property/procdetail.test.ts found, kept as plain cases. */
import { describe, expect, it } from 'vitest';
import { classifyFdTarget, parseFdinfoFlags } from '../../../src/collectors/procdetail/parse/fd.js';
import { parseIoCounters } from '../../../src/collectors/procdetail/parse/io.js';
import { parseLimits } from '../../../src/collectors/procdetail/parse/limits.js';
import { parseNsLink } from '../../../src/collectors/procdetail/parse/namespaces.js';
import { parseSchedstat } from '../../../src/collectors/procdetail/parse/sched.js';
import { parseSmapsRollup } from '../../../src/collectors/procdetail/parse/smaps.js';
import { parseStatus } from '../../../src/collectors/procdetail/parse/status.js';

const HUGE = '9'.repeat(400);

describe('detail parsers on runs of digits longer than the kernel prints', () => {
  it('give undefined rather than Infinity', () => {
    expect(classifyFdTarget(`socket:[${HUGE}]`).inode).toBeUndefined();
    expect(parseFdinfoFlags(`flags:\t${'7'.repeat(400)}\n`)).toBeUndefined();
    // The kernel prints `0%o`: all 32 bits set is 12 digits, and must still read.
    expect(parseFdinfoFlags('flags:\t037777777777\n')).toBe(0o37777777777);
    expect(parseIoCounters(`rchar: ${HUGE}\n`)).toEqual({});
    expect(parseLimits(`Limit  Soft Limit  Hard Limit  Units\nMax open files  ${HUGE}  ${HUGE}  files\n`)).toEqual([]);
    expect(parseNsLink(`net:[${HUGE}]`)).toBeUndefined();
    expect(parseSchedstat(`${HUGE} 1 2`)).toBeUndefined();
    expect(parseSmapsRollup(`Rss: ${HUGE} kB\n`)).toEqual({});
    expect(parseStatus(`Threads:\t${HUGE}\nVmSwap:\t${HUGE} kB\n`)).toMatchObject({ threads: undefined, swapBytes: undefined });
  });

  it('parseStatus takes only unsigned decimal ids (Number() also read -1, 0x1f and 1e3)', () => {
    expect(parseStatus('Uid:\t-1\t0\t0\t0\n').uid).toBeUndefined();
    expect(parseStatus('Uid:\t0x1f\t1e3\t0\t0\n').uid).toBeUndefined();
    expect(parseStatus('Uid:\t1000\t1000\t1000\t1000\n').uid).toEqual({ real: 1000, effective: 1000, saved: 1000, fs: 1000 });
  });
});
