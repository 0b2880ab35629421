/**
 * Run by hw.test.ts as nobody (setpriv): probes the ebpf-cpufreq and ebpf-thermal backends and
 * prints their probe results as JSON, closing both.
 */
import { createEbpfCpuFreqBackend } from '../../../src/collectors/cpu/ebpf-cpufreq.ts';
import { createEbpfThermalBackend } from '../../../src/collectors/sensors/ebpf-thermal.ts';

const host = { hostname: 'vm', kernel: '', arch: '', cpuCount: 2, clockTicks: 100, pageSize: 4096 };
const ctx = { procRoot: '/proc', sysRoot: '/sys', host, now: () => performance.now() };
const out: Record<string, unknown> = {};
for (const backend of [createEbpfCpuFreqBackend(), createEbpfThermalBackend()]) {
  out[backend.id] = await backend.probe(ctx);
  backend.close?.();
}
process.stdout.write(JSON.stringify(out));
