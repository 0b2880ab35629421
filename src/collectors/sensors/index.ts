/**
 * The sensors collector: hwmon (CPU and board temperatures, fans), thermal zones, RAPL package
 * power and batteries. Each backend fills its own raw field; derive builds the SensorsPanel.
 */
import type { Collector } from '../contract.js';
import type { SensorsPanel } from '../../types/snapshot.js';
import { batteryBackend } from './battery.js';
import { deriveSensors } from './derive.js';
import { hwmonBackend } from './hwmon.js';
import { raplBackend } from './rapl.js';
import type { SensorsRaw } from './raw.js';
import { thermalBackend } from './thermal.js';

export type { SensorsRaw } from './raw.js';

export const sensorsCollector: Collector<SensorsRaw, SensorsPanel> = {
  name: 'sensors',
  backends: [hwmonBackend, thermalBackend, raplBackend, batteryBackend],
  derive: deriveSensors,
};
