/**
 * The hardware-event group (bpf/hw.bpf.c, records in bpf/hw.h): the last thermal zone
 * temperature and CPU frequency the kernel's tracepoints reported. A zone or CPU with no event
 * since load is absent, so the sensors and CPU panels show n/a for it (no events on a VM is
 * normal), never 0. Every offset comes from HW_LAYOUTS, which a test compares field by field
 * with the addon's offsetof table.
 */
import { cString, u64, type RecordLayout } from './bpf-common.js';

/** The structs of bpf/hw.h: sizeof and offsetof of every field. */
export const HW_LAYOUTS = {
  st_thermal: { size: 48, fields: { temp_mc: 0, last_temp_mc: 4, events: 8, time_ns: 16, type: 24, pad: 44 } },
  st_cpufreq: { size: 24, fields: { khz: 0, pad: 4, events: 8, time_ns: 16 } },
} as const satisfies Record<string, RecordLayout>;

const TH = HW_LAYOUTS.st_thermal.fields;
const CF = HW_LAYOUTS.st_cpufreq.fields;
/** sizeof(struct st_thermal) and sizeof(struct st_cpufreq). */
export const THERMAL_SIZE = HW_LAYOUTS.st_thermal.size;
export const CPUFREQ_SIZE = HW_LAYOUTS.st_cpufreq.size;
/** ST_THERMAL_TYPE_LEN. */
const TYPE_LEN = 20;

/** The last thermal_temperature event of one zone. */
export interface ThermalReading {
  zone: number;
  type: string;
  celsius: number;
  events: number;
  timeNs: bigint;
}

/** The last cpu_frequency event of one CPU. */
export interface CpuFreqReading {
  cpu: number;
  mhz: number;
  events: number;
  timeNs: bigint;
}

export function decodeThermal(keys: ArrayBuffer, values: ArrayBuffer, count: number): ThermalReading[] {
  const k = new DataView(keys);
  const v = new DataView(values);
  const bytes = Buffer.from(values);
  const out: ThermalReading[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * THERMAL_SIZE;
    out.push({
      zone: k.getInt32(i * 4, true),
      celsius: v.getInt32(o + TH.temp_mc, true) / 1000,
      events: u64(v, o + TH.events),
      timeNs: v.getBigUint64(o + TH.time_ns, true),
      type: cString(bytes, o + TH.type, TYPE_LEN),
    });
  }
  return out.sort((a, b) => a.zone - b.zone);
}

export function decodeCpuFreq(keys: ArrayBuffer, values: ArrayBuffer, count: number): CpuFreqReading[] {
  const k = new DataView(keys);
  const v = new DataView(values);
  const out: CpuFreqReading[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * CPUFREQ_SIZE;
    out.push({
      cpu: k.getUint32(i * 4, true),
      mhz: v.getUint32(o + CF.khz, true) / 1000,
      events: u64(v, o + CF.events),
      timeNs: v.getBigUint64(o + CF.time_ns, true),
    });
  }
  return out.sort((a, b) => a.cpu - b.cpu);
}
