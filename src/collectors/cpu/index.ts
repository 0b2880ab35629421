/**
 * The CPU collector: /proc/stat times, with frequency per core from its last cpu_frequency event
 * (eBPF), cpufreq (sysfs) or /proc/cpuinfo, whichever is the first to have that core.
 */
import type { Collector } from '../contract.js';
import type { CpuPanel } from '../../types/snapshot.js';
import { deriveCpu } from './derive.js';
import { createEbpfCpuFreqBackend } from './ebpf-cpufreq.js';
import { cpuinfoBackend, cpuProcBackend, type CpuRaw } from './proc.js';
import { cpuFreqSysfsBackend } from './sysfs.js';

export { cpuinfoBackend, cpuProcBackend, type CpuRaw } from './proc.js';
export { cpuFreqSysfsBackend } from './sysfs.js';
export { createEbpfCpuFreqBackend } from './ebpf-cpufreq.js';

/**
 * CPU times per core and in total, with frequency where measured. Built per Monitor: the eBPF
 * backend holds a lease on the hw group that close() gives back. /proc comes first because it
 * gives the times, the panel's substance, so `sources.cpu.backend` names it; derive still prefers
 * an event's frequency per core over sysfs and cpuinfo (each backend fills its own field).
 * /proc/cpuinfo comes last, and is read only for CPUs the others left without a frequency.
 */
export function createCpuCollector(): Collector<CpuRaw, CpuPanel> {
  return {
    name: 'cpu',
    backends: [cpuProcBackend, createEbpfCpuFreqBackend(), cpuFreqSysfsBackend, cpuinfoBackend],
    derive: deriveCpu,
  };
}
