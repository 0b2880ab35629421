/** The cgroups collector: per-cgroup pressure (PSI) of the cgroup v2 hierarchy, for the verdict's victims. */
import type { Collector } from '../contract.js';
import type { CgroupsPanel } from '../../types/snapshot.js';
import { createCgroupfsBackend, type CgroupsRaw } from './cgroupfs.js';
import { deriveCgroups } from './derive.js';

export { NO_CGROUP_PSI_REASON, NO_V2_REASON, type CgroupRaw, type CgroupsRaw } from './cgroupfs.js';

export function createCgroupsCollector(): Collector<CgroupsRaw, CgroupsPanel | undefined> {
  return { name: 'cgroups', backends: [createCgroupfsBackend()], derive: deriveCgroups };
}
