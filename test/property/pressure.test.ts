/** Property tests for the Pressure Stall Information parser on hostile input. */
import { describe } from 'vitest';
import { parsePressure } from '../../src/collectors/pressure/parse.js';
import { fixture } from './support/hostile.js';
import { parserProperties } from './support/parser-properties.js';

describe('parsePressure', () => {
  // avgN are percentages and total a u64 of µs: all unsigned.
  parserProperties({
    parse: parsePressure,
    bases: ['cpu', 'io', 'memory'].map((r) => fixture(`debian12-2cpu-vm-system/proc/pressure/${r}`)),
    sane: (p) => p.some !== undefined,
  });
});
