/** The CPU collector: /proc/stat times, with frequency from cpufreq (sysfs) or /proc/cpuinfo. */
import type { Collector } from '../contract.js';
import type { CpuPanel } from '../../types/snapshot.js';
import { deriveCpu } from './derive.js';
import { cpuProcBackend, type CpuRaw } from './proc.js';
import { cpuFreqSysfsBackend } from './sysfs.js';

export { cpuProcBackend, type CpuRaw } from './proc.js';
export { cpuFreqSysfsBackend } from './sysfs.js';

/** CPU times per core and in total, with frequency where readable. */
export const cpuCollector: Collector<CpuRaw, CpuPanel> = {
  name: 'cpu',
  backends: [cpuProcBackend, cpuFreqSysfsBackend],
  derive: deriveCpu,
};
