/**
 * Run by unprivileged.test.ts as nobody (setpriv): reads the detail of the root-owned process
 * named by argv (pid, startTime) with the environment asked for, and prints which sections are
 * unavailable and why, as JSON.
 */
import { DetailSampler } from '../../../../src/collectors/procdetail/sampler.ts';
import { ReadBuffer } from '../../../../src/util/readfile.js';

const pid = Number(process.argv[2]);
const startTime = Number(process.argv[3]);
const host = { hostname: 'vm', kernel: '', arch: '', cpuCount: 2, clockTicks: 100, pageSize: 4096 };
const ctx = { procRoot: '/proc', sysRoot: '/sys', readBuffer: new ReadBuffer(), host, now: () => performance.now() };
const read = new DetailSampler(ctx, pid, startTime).read(true);
if (read.gone) {
  process.stdout.write(JSON.stringify({ gone: read.reason }));
} else {
  const d = read.detail;
  const sections = { overview: d.overview, threads: d.threads, files: d.files, network: d.network, memory: d.memory, io: d.io, environment: d.environment };
  process.stdout.write(
    JSON.stringify({
      comm: d.overview.value?.comm,
      unavailable: Object.fromEntries(Object.entries(sections).map(([k, s]) => [k, s?.unavailable ?? null])),
    }),
  );
}
