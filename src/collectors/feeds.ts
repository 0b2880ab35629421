/**
 * Provenance per displayed field: for every collector, which raw inputs each field the screen
 * shows is made from (raw keys, or keys of the records of a raw list), in the order its derive
 * prefers them. The sampler records which backend supplied each of those inputs; the assembler
 * turns that into `sources.<collector>.fields` (field → backend ids). Field names are the snapshot
 * part's own (a process row's `cpuPercent`, a core's `freqMHz`, a disk's `busyPercent`).
 * Field names and raw paths are both type-checked: against the part's types and against each
 * collector's raw shape (src/collectors/registry.ts).
 */
import type {
  CgroupsPanel,
  CollectorName,
  ConnectionRow,
  CpuCore,
  DiskDevice,
  Filesystem,
  GpuDevice,
  HostInfo,
  MemoryPanel,
  NetInterface,
  PressurePanel,
  ProcessRow,
  SensorsPanel,
} from '../types/snapshot.js';
import type { RawPath } from './contract.js';
import type { GpusPart } from './gpus/derive.js';
import type { RawOf } from './registry.js';

/** The fields each collector's part shows, by the names `sources.<collector>.fields` uses. */
interface DisplayedFields {
  host: keyof HostInfo;
  cpu: keyof CpuCore;
  memory: keyof MemoryPanel;
  pressure: keyof PressurePanel;
  disks: keyof DiskDevice | keyof Filesystem;
  network: keyof NetInterface;
  processes: keyof ProcessRow;
  connections: keyof ConnectionRow;
  gpus: keyof GpuDevice | keyof GpusPart;
  sensors: keyof SensorsPanel;
  cgroups: keyof CgroupsPanel;
}

/** Collector K's feeds: displayed field → raw paths, both checked against its types. */
type FeedTable<K extends CollectorName> = { readonly [F in DisplayedFields[K]]?: readonly RawPath<RawOf<K>>[] };

/** The same inputs for several fields of collector K. */
function same<K extends CollectorName>(fields: readonly DisplayedFields[K][], paths: readonly RawPath<RawOf<K>>[]): FeedTable<K> {
  const table: { [F in DisplayedFields[K]]?: readonly RawPath<RawOf<K>>[] } = {};
  for (const f of fields) table[f] = paths;
  return table;
}

const GPU_DEVICE_FIELDS: (keyof GpuDevice)[] = [
  'name',
  'utilPercent',
  'memUtilPercent',
  'memUsedBytes',
  'memTotalBytes',
  'memFreeBytes',
  'powerWatts',
  'powerLimitWatts',
  'temperatureC',
  'graphicsClockMHz',
  'memClockMHz',
  'maxGraphicsClockMHz',
  'maxMemClockMHz',
  'fanPercent',
];
const NVML_ONLY_FIELDS: (keyof GpuDevice)[] = [
  'uuid',
  'slowdownTempC',
  'smClockMHz',
  'maxSmClockMHz',
  'pcieRxBytesPerSec',
  'pcieTxBytesPerSec',
  'encoderPercent',
  'decoderPercent',
  'migMode',
];

export const FEEDS: { readonly [K in CollectorName]: FeedTable<K> } = {
  host: { hostname: ['hostname'], kernel: ['kernel'], uptimeSeconds: ['uptimeSeconds'], cpuCount: ['cpuCount'] },
  cpu: { times: ['stat'], freqMHz: ['eventMHz', 'scalingMHz', 'cpuinfoMHz'] },
  memory: {
    ...same<'memory'>(
      ['totalBytes', 'availableBytes', 'usedBytes', 'freeBytes', 'buffersBytes', 'cachedBytes', 'dirtyBytes', 'swapTotalBytes', 'swapUsedBytes'],
      ['meminfo'],
    ),
    ...same<'memory'>(['swapInPagesPerSec', 'swapOutPagesPerSec', 'majorFaultsPerSec'], ['vmstat']),
    ...same<'memory'>(['load1', 'load5', 'load15'], ['loadavg']),
    uptimeSeconds: ['uptimeSeconds'],
  },
  pressure: { cpu: ['cpu'], io: ['io'], memory: ['memory'] },
  disks: {
    ...same<'disks'>(['readBytesPerSec', 'writeBytesPerSec', 'readIops', 'writeIops', 'busyPercent'], ['devices']),
    ...same<'disks'>(['totalBytes', 'usedBytes', 'availBytes', 'usedPercent'], ['filesystems']),
  },
  network: {
    virtual: ['virtual'],
    ...same<'network'>(
      [
        'rxBytesPerSec',
        'txBytesPerSec',
        'rxPacketsPerSec',
        'txPacketsPerSec',
        'rxErrors',
        'txErrors',
        'rxDrops',
        'txDrops',
        'rxErrorsPerSec',
        'txErrorsPerSec',
        'rxDropsPerSec',
        'txDropsPerSec',
      ],
      ['interfaces'],
    ),
  },
  processes: {
    ppid: ['processes.ppid'],
    comm: ['processes.comm'],
    state: ['processes.state'],
    uid: ['processes.uid'],
    user: ['processes.user'],
    nice: ['processes.nice'],
    priority: ['processes.priority'],
    threads: ['processes.threads'],
    cpuPercent: ['processes.cpuTicks'],
    cpuTimeSeconds: ['processes.cpuTicks'],
    rssBytes: ['processes.rssBytes'],
    vszBytes: ['processes.vszBytes'],
    sharedBytes: ['processes.sharedBytes'],
    startedAt: ['processes.startTime'],
    cmdline: ['processes.cmdline'],
    cgroup: ['processes.cgroup'],
    kernelThread: ['processes.kernelThread'],
    readBytesPerSec: ['processes.readBytes'],
    writeBytesPerSec: ['processes.writeBytes'],
    runqueueWaitMsPerSec: ['processes.runqueueWaitNs'],
    runqueue: ['processes.runqueueHistogram', 'processes.runqueueMaxNs'],
    netTxBytesPerSec: ['processes.netTxBytes'],
    netRxBytesPerSec: ['processes.netRxBytes'],
  },
  connections: {
    ...same<'connections'>(['proto', 'local', 'remote'], ['connections.proto']),
    state: ['connections.state'],
    ...same<'connections'>(['pid', 'comm'], ['connections.pid']),
    txBytes: ['connections.txBytes'],
    rxBytes: ['connections.rxBytes'],
  },
  gpus: {
    ...same<'gpus'>(GPU_DEVICE_FIELDS, ['nvml', 'cards']),
    // Intel cards have no busy file: their use is the busiest engine of the DRM clients.
    utilPercent: ['nvml', 'cards', 'drmClients'],
    ...same<'gpus'>(NVML_ONLY_FIELDS, ['nvml']),
    ...same<'gpus'>(['gttUsedBytes', 'gttTotalBytes'], ['cards']),
    processes: ['nvml', 'drmClients'],
    // Per-process fence rates; the gpu-use join shows them in the process rows.
    fenceUse: ['fences'],
  },
  sensors: {
    ...same<'sensors'>(['cpuPackageC', 'temperatures'], ['hwmon', 'thermal', 'thermalEvents']),
    fans: ['hwmon'],
    cpuPackageWatts: ['rapl'],
    battery: ['batteries'],
  },
  cgroups: { root: ['root'], cgroups: ['cgroups'], unread: ['unread'] },
};
