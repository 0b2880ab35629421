/**
 * The hardware-event group (bpf/hw.bpf.c): the last thermal zone temperature and CPU frequency
 * the kernel's tracepoints reported. A zone or CPU with no event since load is absent, so the
 * sensors and CPU panels show n/a for it (no events on a VM is normal), never 0.
 */
import type { BpfGroup } from './bpf.js';
import { decodeCpuFreq, decodeThermal, type CpuFreqReading, type ThermalReading } from './bpf-records.js';

export interface HwEvents {
  thermal: ThermalReading[];
  cpuFrequency: CpuFreqReading[];
}

/** Read the hw group's maps once. */
export function readHwEvents(group: BpfGroup): HwEvents {
  const t = group.readMap('thermal');
  const f = group.readMap('cpufreq');
  return { thermal: decodeThermal(t.keys, t.values, t.count), cpuFrequency: decodeCpuFreq(f.keys, f.values, f.count) };
}
