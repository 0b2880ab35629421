/**
 * The sensors collector: hwmon (CPU and board temperatures, fans), thermal zones (sysfs, then
 * thermal_temperature events for zones sysfs cannot read), RAPL package power and batteries.
 * Each backend fills its own raw field; derive builds the SensorsPanel.
 */
import type { Collector } from '../contract.js';
import type { SensorsPanel } from '../../types/snapshot.js';
import { batteryBackend } from './battery.js';
import { deriveSensors } from './derive.js';
import { createEbpfThermalBackend } from './ebpf-thermal.js';
import { hwmonBackend } from './hwmon.js';
import { raplBackend } from './rapl.js';
import type { SensorsRaw } from './raw.js';
import { thermalBackend } from './thermal.js';

export type { SensorsRaw } from './raw.js';

/** The backends that read sysfs files, in priority order. */
export const sysfsSensorBackends = [hwmonBackend, thermalBackend, raplBackend, batteryBackend];

/**
 * Built per Monitor: the eBPF backend holds a lease on the hw group that close() gives back.
 * It follows the sysfs thermal backend, whose zones it reads as `prior` to fill only the others.
 */
export function createSensorsCollector(): Collector<SensorsRaw, SensorsPanel> {
  return {
    name: 'sensors',
    backends: [hwmonBackend, thermalBackend, createEbpfThermalBackend(), raplBackend, batteryBackend],
    derive: deriveSensors,
  };
}
