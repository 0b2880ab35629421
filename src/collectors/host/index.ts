/** The host collector: identity and uptime each tick; static facts come from readHostFacts. */
import type { Collector } from '../contract.js';
import type { HostInfo } from '../../types/snapshot.js';
import { deriveHost } from './derive.js';
import { hostProcBackend, type HostRaw } from './proc.js';

export { readHostFacts } from './static.js';
export { hostProcBackend, type HostRaw } from './proc.js';

/** Hostname, kernel, uptime and CPUs online each tick, over the start-up HostInfo. */
export const hostCollector: Collector<HostRaw, HostInfo> = {
  name: 'host',
  backends: [hostProcBackend],
  derive: deriveHost,
};
