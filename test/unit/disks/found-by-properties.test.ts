/** Counterexamples that test/property/disks.test.ts found, kept as plain cases. */
import { expect, it } from 'vitest';
import { parseDiskstats } from '../../../src/collectors/disks/parse.js';

it('skips a diskstats line with a field longer than a u64', () => {
  const huge = '9'.repeat(400);
  const text = `   7       0 loop0 0 0 0 0 ${huge} 0 0 0 0 0 0 0 0 0 0 0 0\n${huge} 0 loop1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;
  expect(parseDiskstats(text)).toEqual([]);
});
