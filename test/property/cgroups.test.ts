/** Property tests for the cgroup v2 parsers (cgroup.procs, a cgroup's pressure files) on hostile input. */
import { describe } from 'vitest';
import { parseCgroupProcs } from '../../src/collectors/cgroups/parse.js';
import { parsePressure } from '../../src/collectors/pressure/parse.js';
import { fixture } from './support/hostile.js';
import { parserProperties } from './support/parser-properties.js';

const RECORDED = 'debian12-2cpu-vm-cgroups/sys/fs/cgroup/unified';

describe('parseCgroupProcs', () => {
  parserProperties({
    parse: parseCgroupProcs,
    bases: [fixture(`${RECORDED}/stalled/thrasher/cgroup.procs`), fixture(`${RECORDED}/idle/cgroup.procs`)],
    sane: (pids) => pids.length === 1,
  });
});

describe('parsePressure on a cgroup', () => {
  parserProperties({
    parse: parsePressure,
    bases: ['cpu', 'io', 'memory'].map((r) => fixture(`${RECORDED}/stalled/thrasher/${r}.pressure`)),
    sane: (p) => p.some !== undefined && p.full !== undefined,
  });
});
