/** Counterexamples that test/property/connections.test.ts found, kept as plain cases. */
import { expect, it } from 'vitest';
import { parseSocketLink, parseSocketTable } from '../../../src/collectors/connections/parse.js';

it('skips a socket whose uid or inode is longer than the kernel prints', () => {
  const huge = '9'.repeat(400);
  const text = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    `   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     ${huge}        0 1061 1 000000001b3faacf 100 0 0 10 0`,
    `   1: 0100007F:46A0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${huge} 1 000000007149c5c2 100 0 0 10 0`,
  ].join('\n');
  expect(parseSocketTable(text, 'tcp', true)).toEqual([]);
  expect(parseSocketLink(`socket:[${huge}]`)).toBeUndefined();
});
