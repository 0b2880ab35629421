/** The memory collector: /proc/meminfo, load averages and uptime. */
import type { Collector } from '../contract.js';
import type { MemoryPanel } from '../../types/snapshot.js';
import { deriveMemory } from './derive.js';
import { memoryProcBackend, type MemoryRaw } from './proc.js';

export { memoryProcBackend, type MemoryRaw } from './proc.js';

/** Memory and swap use, load averages and uptime. */
export const memoryCollector: Collector<MemoryRaw, MemoryPanel> = {
  name: 'memory',
  backends: [memoryProcBackend],
  derive: deriveMemory,
};
