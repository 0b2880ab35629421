/**
 * The eBPF cpufreq backend: each CPU's frequency from the last power:cpu_frequency event
 * (bpf/hw.bpf.c), the frequency a cpufreq driver set. The event's `state` is in kHz (it is
 * struct cpufreq_freqs.new, or the fast-switch target, both kHz per include/linux/cpufreq.h);
 * decodeCpuFreq gives MHz. A CPU with no event since load is absent, so the next backends
 * (cpufreq sysfs, /proc/cpuinfo) give its frequency; no event at all (a VM, a driver that never
 * changes frequency through cpufreq, HWP) reads nothing.
 * @see https://docs.kernel.org/trace/events-power.html
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { HW_ATTACHED, probeHwEvents, readCpuFreqEvents } from '../hw-events.js';
import type { CpuFreqReading } from '../../native/bpf-hw.js';
import type { CpuRaw } from './proc.js';

/** What the source line says about the cpu_frequency events seen so far. */
export function cpuFreqEventsReason(readings: readonly CpuFreqReading[]): string {
  if (readings.length === 0) {
    return `${HW_ATTACHED}, no events yet: no cpu_frequency event, frequency comes from the next backends`;
  }
  return `${HW_ATTACHED}: last cpu_frequency event of ${readings.length} CPU(s); others from the next backends`;
}

/** CPU id → MHz of its last event. */
export function eventMHzByCpu(readings: readonly CpuFreqReading[]): Record<number, number> {
  const byCpu: Record<number, number> = {};
  for (const r of readings) byCpu[r.cpu] = r.mhz;
  return byCpu;
}

/** The group comes from ctx.kernel (its options give tests another object). */
export function createEbpfCpuFreqBackend(): Backend<CpuRaw> {
  // Kept by the sampler; read keeps its reason current (events seen or not).
  let status: ProbeResult | undefined;
  return {
    id: 'ebpf-cpufreq',
    usesKernel: true,
    probe(ctx: CollectorContext): ProbeResult {
      const probed = probeHwEvents(ctx);
      status = probed.available ? { available: true, reason: cpuFreqEventsReason([]) } : probed;
      return status;
    },
    read(ctx: CollectorContext): Partial<CpuRaw> {
      const readings = readCpuFreqEvents(ctx);
      if (status !== undefined) status.reason = cpuFreqEventsReason(readings);
      // No event yet: nothing measured, so no field, and the sources do not name this backend.
      return readings.length === 0 ? {} : { eventMHz: eventMHzByCpu(readings) };
    },
  };
}
