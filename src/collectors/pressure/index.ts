/** The pressure (PSI) collector. */
import type { Collector } from '../contract.js';
import type { PressurePanel } from '../../types/snapshot.js';
import { derivePressure } from './derive.js';
import { pressureProcBackend, type PressureRaw } from './proc.js';

export { pressureProcBackend, PSI_MISSING_REASON, type PressureRaw } from './proc.js';

/** Pressure stall averages and totals for cpu, io and memory. */
export const pressureCollector: Collector<PressureRaw, PressurePanel> = {
  name: 'pressure',
  backends: [pressureProcBackend],
  derive: derivePressure,
};
