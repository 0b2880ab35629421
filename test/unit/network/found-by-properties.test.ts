/** A case of the class test/property found in every counter parser, kept as a plain case here. */
import { expect, it } from 'vitest';
import { parseNetDev } from '../../../src/collectors/network/parse.js';

it('skips an interface whose counter is longer than a u64', () => {
  const counters = Array.from({ length: 16 }, (_, i) => (i === 0 ? '9'.repeat(400) : '0')).join(' ');
  expect(parseNetDev(`    lo: ${counters}\n`)).toEqual([]);
});
