/** The disks collector: diskstats rates (proc) and filesystem space (statfs). */
import type { Collector } from '../contract.js';
import type { DisksPanel } from '../../types/snapshot.js';
import { deriveDisks } from './derive.js';
import { diskstatsProcBackend, type DisksRaw } from './proc.js';
import { createStatfsBackend } from './statfs.js';

export { diskstatsProcBackend, type DisksRaw } from './proc.js';
export { createStatfsBackend, StatfsCache } from './statfs.js';

/** Per-disk I/O rates and per-filesystem space; each call makes its own statfs cache. */
export function createDisksCollector(): Collector<DisksRaw, DisksPanel> {
  return {
    name: 'disks',
    backends: [diskstatsProcBackend, createStatfsBackend()],
    derive: deriveDisks,
  };
}
