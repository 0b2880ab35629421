/** Property tests for /proc/meminfo and /proc/loadavg parsing and the memory panel, on hostile input. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { deriveMemory } from '../../src/collectors/memory/derive.js';
import { parseLoadavg, parseMeminfo, parseVmstat } from '../../src/collectors/memory/parse.js';
import { fixture, hostileText, RUNS } from './support/hostile.js';
import { expectFinite, expectUnsigned, parserProperties } from './support/parser-properties.js';
import { context } from './support/samples.js';

const MEMINFO = [fixture('debian12-2cpu-vm-system/proc/meminfo'), fixture('edge-system/proc/meminfo')];

describe('parseMeminfo', () => {
  // meminfo values are unsigned longs (kB or counts).
  parserProperties({ parse: parseMeminfo, bases: MEMINFO, sane: (m) => m.MemTotal > 0 });
});

describe('parseLoadavg', () => {
  // Load averages and the running/total entity counts are unsigned.
  parserProperties({
    parse: parseLoadavg,
    bases: [fixture('debian12-2cpu-vm-system/proc/loadavg')],
    sane: (l) => l !== undefined,
  });
});

describe('parseVmstat', () => {
  // pswpin, pswpout and pgmajfault are unsigned longs.
  parserProperties({
    parse: parseVmstat,
    bases: [fixture('debian12-2cpu-vm-system/proc/vmstat')],
    sane: (v) => v.pgmajfault !== undefined && v.pswpout !== undefined,
  });
});

describe('deriveMemory', () => {
  it('shows finite sizes on hostile meminfo', () => {
    fc.assert(
      fc.property(hostileText(MEMINFO), (text) => {
        const panel = deriveMemory(undefined, { t: 0, wall: 0, raw: { meminfo: parseMeminfo(text) } }, context);
        expectFinite(panel);
        // used = MemTotal - MemAvailable may be negative only if the kernel lies; sizes themselves may not.
        expectUnsigned(panel, ['usedBytes', 'swapUsedBytes']);
      }),
      { numRuns: RUNS },
    );
  });
});
