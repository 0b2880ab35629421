/**
 * Test helpers shared by the system collectors' tests: a CollectorContext over a fixture tree
 * or the live /proc and /sys, and Timed samples with a chosen monotonic time.
 */
import { fileURLToPath } from 'node:url';
import type { CollectorContext, Timed } from '../../../src/collectors/contract.js';
import type { HostInfo } from '../../../src/types/snapshot.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const RECORDED = `${FIXTURES}debian12-2cpu-vm-system`;
export const EDGE = `${FIXTURES}edge-system`;

/** The facts of the recorded machine (see the fixture README). */
export const RECORDED_HOST: HostInfo = {
  hostname: 'vm',
  kernel: '6.18.44-fc-v669',
  arch: 'x86_64',
  cpuCount: 2,
  clockTicks: 100,
  pageSize: 4096,
};

/** A context whose roots are `<root>/proc` and `<root>/sys`; `now` is settable. */
export function contextAt(root: string, host: HostInfo = RECORDED_HOST, now = () => performance.now()): CollectorContext {
  return { procRoot: `${root}/proc`, sysRoot: `${root}/sys`, readBuffer: new ReadBuffer(), host, now };
}

/** The live kernel. */
export function liveContext(host: HostInfo = RECORDED_HOST): CollectorContext {
  return { procRoot: '/proc', sysRoot: '/sys', readBuffer: new ReadBuffer(), host, now: () => performance.now() };
}

/** A raw sample read at monotonic `t` ms. */
export function timed<Raw>(raw: Partial<Raw>, t: number): Timed<Raw> {
  return { t, wall: Date.now(), raw };
}
