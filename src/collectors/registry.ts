/**
 * Every collector, in the order the sampler reads them (host first: others use its facts).
 * Built fresh for each Monitor, because backends hold state (BPF programs, NVML handles, caches)
 * that close() releases.
 */
import type { AnyCollector } from './contract.js';
import { createEbpfConnectionsBackend } from './connections/ebpf.js';
import { connectionsProcBackend, makeConnectionsCollector } from './connections/index.js';
import { createCpuCollector } from './cpu/index.js';
import { disksCollector } from './disks/index.js';
import { createGpusCollector } from './gpus/index.js';
import { hostCollector } from './host/index.js';
import { memoryCollector } from './memory/index.js';
import { networkCollector } from './network/index.js';
import { pressureCollector } from './pressure/index.js';
import { createEbpfProcessesBackend } from './processes/ebpf.js';
import { createProcessesCollector } from './processes/index.js';
import { createSensorsCollector } from './sensors/index.js';

export function allCollectors(): AnyCollector[] {
  return [
    hostCollector,
    createCpuCollector(),
    memoryCollector,
    pressureCollector,
    disksCollector,
    networkCollector,
    createProcessesCollector([createEbpfProcessesBackend()]),
    makeConnectionsCollector([createEbpfConnectionsBackend(), connectionsProcBackend]),
    createGpusCollector(),
    createSensorsCollector(),
  ];
}
