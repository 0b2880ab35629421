/** The network collector: per-interface traffic from /proc/net/dev. */
import type { Collector } from '../contract.js';
import type { NetworkPanel } from '../../types/snapshot.js';
import { deriveNetwork } from './derive.js';
import { netDevProcBackend, type NetworkRaw } from './proc.js';

export { netDevProcBackend, type NetworkRaw } from './proc.js';

/** Per-interface traffic, errors and drops. */
export const networkCollector: Collector<NetworkRaw, NetworkPanel> = {
  name: 'network',
  backends: [netDevProcBackend],
  derive: deriveNetwork,
};
