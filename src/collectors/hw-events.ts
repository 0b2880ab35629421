/**
 * The hardware-event group (bpf/hw.bpf.c) as the cpu and sensors collectors use it: both open it
 * through the KernelSession in the collector context, which loads it once, so
 * thermal:thermal_temperature and power:cpu_frequency are attached once however many backends
 * read them, and reads its maps once a tick. A machine whose hardware fires neither (a VM)
 * attaches and sees no events: the backends then read nothing and their fields stay n/a, never 0.
 */
import type { CollectorContext, ProbeResult } from './contract.js';
import { decodeCpuFreq, decodeThermal, type CpuFreqReading, type ThermalReading } from '../native/bpf-hw.js';
import { NO_KERNEL_SESSION } from '../native/kernel-session.js';

/** What every hw backend's reason starts with once the group is loaded. */
export const HW_ATTACHED = 'thermal/cpu_frequency tracepoints attached';

/** Open the hw group: available as root (or CAP_BPF + CAP_PERFMON), else why not and the remedy. */
export function probeHwEvents(ctx: CollectorContext): ProbeResult {
  if (ctx.kernel === undefined) return { available: false, reason: NO_KERNEL_SESSION };
  const opened = ctx.kernel.open('hw');
  return opened.ok ? { available: true, reason: HW_ATTACHED } : { available: false, reason: opened.reason, remedy: opened.remedy };
}

/** The last thermal_temperature event per zone this tick. Throws when the group is not loaded. */
export function readThermalEvents(ctx: CollectorContext): ThermalReading[] {
  if (ctx.kernel === undefined) throw new Error(NO_KERNEL_SESSION);
  const b = ctx.kernel.readMap('hw', 'thermal');
  return decodeThermal(b.keys, b.values, b.count);
}

/** The last cpu_frequency event per CPU this tick. Throws when the group is not loaded. */
export function readCpuFreqEvents(ctx: CollectorContext): CpuFreqReading[] {
  if (ctx.kernel === undefined) throw new Error(NO_KERNEL_SESSION);
  const b = ctx.kernel.readMap('hw', 'cpufreq');
  return decodeCpuFreq(b.keys, b.values, b.count);
}
