/** Property tests for /proc/net/dev and the per-interface rates, on hostile input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveNetwork, interfaceRates } from '../../src/collectors/network/derive.js';
import { parseNetDev, type NetCounters } from '../../src/collectors/network/parse.js';
import { fixture, hostileText, RUNS } from './support/hostile.js';
import { expectFinite, expectUnsigned, parserProperties } from './support/parser-properties.js';
import { context, counter, gap, readTime } from './support/samples.js';

const NETDEV = [fixture('debian12-2cpu-vm-system/proc/net/dev'), fixture('edge-system/proc/net/dev'), fixture('edge-system/later/proc/net/dev')];

describe('parseNetDev', () => {
  // All 16 counters are u64.
  parserProperties({ parse: parseNetDev, bases: NETDEV, sane: (i) => i.some((n) => n.name === 'lo') || i.length > 0 });
});

const netCounters: fc.Arbitrary<NetCounters> = fc.record({
  name: fc.constant('eth0'),
  rxBytes: counter,
  rxPackets: counter,
  rxErrors: counter,
  rxDrops: counter,
  txBytes: counter,
  txPackets: counter,
  txErrors: counter,
  txDrops: counter,
});

describe('network rates on counters that go backwards, wrap or are missing', () => {
  it('are undefined or finite and non-negative', () => {
    fc.assert(
      fc.property(fc.option(netCounters, { nil: undefined }), netCounters, gap, (prev, cur, seconds) => {
        const rates = interfaceRates(prev, cur, seconds);
        expectFinite(rates);
        expectUnsigned(rates);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('a counter that wrapped gives n/a', () => {
    fc.assert(
      fc.property(netCounters, (cur) => {
        const prev = { ...cur, rxBytes: cur.rxBytes + 2 ** 32 };
        // Above 2^85 adding 2^32 does not change the double.
        fc.pre(prev.rxBytes > cur.rxBytes);
        expect(interfaceRates(prev, cur, 1).rxBytesPerSec).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('deriveNetwork on two hostile reads at any two times', () => {
    fc.assert(
      fc.property(hostileText(NETDEV), hostileText(NETDEV), readTime, readTime, (a, b, ta, tb) => {
        const panel = deriveNetwork({ t: ta, wall: 0, raw: { interfaces: parseNetDev(a) } }, { t: tb, wall: 0, raw: { interfaces: parseNetDev(b) } }, context);
        expectFinite(panel);
        expectUnsigned(panel);
      }),
      { numRuns: RUNS },
    );
  });
});
