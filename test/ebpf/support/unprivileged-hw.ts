/**
 * Run by hw.test.ts as nobody (setpriv): probes the ebpf-cpufreq and ebpf-thermal backends and
 * prints their probe results as JSON, closing the kernel session they opened through.
 */
import { createEbpfCpuFreqBackend } from '../../../src/collectors/cpu/ebpf-cpufreq.ts';
import { createEbpfThermalBackend } from '../../../src/collectors/sensors/ebpf-thermal.ts';
import { KernelSession } from '../../../src/native/kernel-session.ts';
import { ReadBuffer } from '../../../src/util/readfile.js';

const host = { hostname: 'vm', kernel: '', arch: '', cpuCount: 2, clockTicks: 100, pageSize: 4096 };
const ctx = { procRoot: '/proc', sysRoot: '/sys', readBuffer: new ReadBuffer(), host, now: () => performance.now(), kernel: new KernelSession() };
const out: Record<string, unknown> = {};
for (const backend of [createEbpfCpuFreqBackend(), createEbpfThermalBackend()]) {
  out[backend.id] = await backend.probe(ctx);
}
ctx.kernel.close();
process.stdout.write(JSON.stringify(out));
