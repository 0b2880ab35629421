/**
 * The snapshot schema: the plain, serialisable value the store publishes every tick.
 * `smoothtask snapshot --json` prints exactly this. Documented in docs/snapshot-schema.md;
 * bump SCHEMA_VERSION on any incompatible change.
 *
 * Convention: a field that was not measured is `undefined` (absent in JSON), never 0.
 * Byte counts are bytes, rates are per second over the measured gap between two reads,
 * percentages are 0..100 (process CPU is % of one core, so it may exceed 100).
 */

import type { Verdict } from '../verdict/types.js';

export const SCHEMA_VERSION = 1;

/** Every collector's name, one per domain, in the order `sources` lists them. */
export const COLLECTOR_NAMES = ['host', 'cpu', 'memory', 'pressure', 'disks', 'network', 'processes', 'connections', 'gpus', 'sensors', 'cgroups'] as const;

export type CollectorName = (typeof COLLECTOR_NAMES)[number];

/** One backend of a collector, as `doctor` and `sources` report it. */
export interface BackendStatus {
  /** 'proc', 'sysfs', 'ebpf', 'nvml', 'drm-fdinfo', ... */
  id: string;
  available: boolean;
  /** Why it is (un)available, in words. */
  reason?: string;
  /** What a person can do to enable it (e.g. "run as root, or grant CAP_BPF and CAP_PERFMON"). */
  remedy?: string;
  /** Last read error, if the last read failed. */
  lastError?: string;
  /** True while its breaker is open (backing off after failures). */
  backingOff?: boolean;
}

/** Where a collector's numbers came from. */
export interface SourceStatus {
  /** The backend that produced most fields this tick (the first that read successfully), or null. */
  backend: string | null;
  /** Why that backend is in use (or why there is none). */
  reason?: string;
  /** The last read error of any backend of this collector. */
  lastError?: string;
  /** Wall-clock time of the last successful read, ms since epoch. */
  lastReadAt?: number;
  /** How long the last read took through every backend, ms (successful or not). */
  readMs?: number;
  /**
   * Each displayed field of this collector's part → the backend id(s) that supplied its inputs on
   * the last read ('ebpf', 'proc', or 'ebpf-cpufreq+cpuinfo' when several did); absent when none
   * did.
   * docs/snapshot-schema.md, "Provenance per field".
   */
  fields: Record<string, string>;
  /** Every backend in priority order. */
  backends: BackendStatus[];
}

export interface HostInfo {
  hostname: string;
  kernel: string;
  arch: string;
  osName?: string;
  cpuModel?: string;
  /** Logical CPUs online. */
  cpuCount: number;
  /** Boot time, ms since epoch. */
  bootTime?: number;
  uptimeSeconds?: number;
  virtualization?: string;
  /** USER_HZ, for converting clock ticks. */
  clockTicks: number;
  pageSize: number;
  /**
   * Our PID namespace's inode (/proc/self/ns/pid), where it can be read. Any value but
   * 4026531836 (the initial namespace) means SmoothTask runs in a container's PID namespace.
   */
  pidNamespace?: number;
}

/** CPU time split as percentages of elapsed time for one CPU (or all). */
export interface CpuTimes {
  user?: number;
  nice?: number;
  system?: number;
  idle?: number;
  iowait?: number;
  irq?: number;
  softirq?: number;
  steal?: number;
  /** 100 - idle - iowait. */
  busy?: number;
}

/** Cumulative CPU time per mode since boot, seconds (/proc/stat ticks over USER_HZ), for counters. */
export interface CpuSeconds {
  user?: number;
  nice?: number;
  system?: number;
  idle?: number;
  iowait?: number;
  irq?: number;
  softirq?: number;
  steal?: number;
}

export interface CpuCore {
  id: number;
  times?: CpuTimes;
  /** Cumulative seconds per mode at this read (the exporter's node_cpu_seconds_total). */
  secondsTotal?: CpuSeconds;
  /** Current frequency in MHz, where readable. */
  freqMHz?: number;
}

export interface CpuPanel {
  total?: CpuTimes;
  cores: CpuCore[];
}

export interface MemoryPanel {
  totalBytes?: number;
  availableBytes?: number;
  usedBytes?: number;
  freeBytes?: number;
  buffersBytes?: number;
  cachedBytes?: number;
  dirtyBytes?: number;
  swapTotalBytes?: number;
  swapUsedBytes?: number;
  /** Pages swapped in and out per second (/proc/vmstat pswpin, pswpout). */
  swapInPagesPerSec?: number;
  swapOutPagesPerSec?: number;
  /** Major page faults per second: pages read from disk or swap (/proc/vmstat pgmajfault). */
  majorFaultsPerSec?: number;
  load1?: number;
  load5?: number;
  load15?: number;
  uptimeSeconds?: number;
}

export interface PressureLine {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Total stall time, microseconds. */
  totalUs: number;
}

export interface PressureResource {
  some?: PressureLine;
  /** Absent for cpu on older kernels. */
  full?: PressureLine;
}

export interface PressurePanel {
  cpu?: PressureResource;
  io?: PressureResource;
  memory?: PressureResource;
}

/**
 * One PSI line of a cgroup (its `<resource>.pressure` file), with the stall over the last interval
 * derived from it.
 */
export interface CgroupStallLine extends PressureLine {
  /**
   * ms stalled per second: the total's delta over the measured gap between two reads of the
   * cgroup, or avg10 × 10 where there is no earlier read to take a delta from (then `stalledMs`
   * is absent).
   */
  stallMsPerSec: number;
  /** ms stalled during the last interval (the total's delta), where two reads give one. */
  stalledMs?: number;
}

export interface CgroupStall {
  some?: CgroupStallLine;
  full?: CgroupStallLine;
}

/** A cgroup of the v2 hierarchy, its pressure, and the processes directly in it where read. */
export interface CgroupPressure {
  /** Path below the v2 mount, as /proc/PID/cgroup's `0::` line says it ('/system.slice/x.service'). */
  path: string;
  cpu?: CgroupStall;
  io?: CgroupStall;
  memory?: CgroupStall;
  /** Pids in cgroup.procs (direct members), read for the most stalled cgroups only. */
  pids?: number[];
}

/** Per-cgroup pressure (PSI) for the cgroups the walk reads (docs/snapshot-schema.md). */
export interface CgroupsPanel {
  /** Where the v2 hierarchy is mounted ('/sys/fs/cgroup', or '/sys/fs/cgroup/unified' on a hybrid host). */
  root: string;
  cgroups: CgroupPressure[];
  /** Cgroups the walk found in stalled branches but left unread for its bound. */
  unread: number;
}

export interface DiskDevice {
  name: string;
  readBytesPerSec?: number;
  writeBytesPerSec?: number;
  readIops?: number;
  writeIops?: number;
  /** Time the device had I/O in flight, % of the measured gap. */
  busyPercent?: number;
  /** Cumulative counters since boot at this read (diskstats), for the exporter's counters. */
  readBytesTotal?: number;
  writtenBytesTotal?: number;
  readsCompletedTotal?: number;
  writesCompletedTotal?: number;
  ioTimeSecondsTotal?: number;
}

export interface Filesystem {
  mountpoint: string;
  device: string;
  fstype: string;
  totalBytes?: number;
  usedBytes?: number;
  /** Free for unprivileged users (statfs f_bavail). */
  availBytes?: number;
  usedPercent?: number;
  /** Set when statfs failed or timed out (a stuck mount). */
  error?: string;
}

export interface DisksPanel {
  devices: DiskDevice[];
  filesystems: Filesystem[];
}

export interface NetInterface {
  name: string;
  /** Without a parent device (veth, bridge, tunnel, lo): /sys/devices/virtual/net. Absent where /sys could not tell. */
  virtual?: boolean;
  rxBytesPerSec?: number;
  txBytesPerSec?: number;
  rxPacketsPerSec?: number;
  txPacketsPerSec?: number;
  /** Cumulative byte and packet counters since boot at this read, for the exporter's counters. */
  rxBytesTotal?: number;
  txBytesTotal?: number;
  rxPacketsTotal?: number;
  txPacketsTotal?: number;
  /** Cumulative counters since boot. */
  rxErrors?: number;
  txErrors?: number;
  rxDrops?: number;
  txDrops?: number;
  rxErrorsPerSec?: number;
  txErrorsPerSec?: number;
  rxDropsPerSec?: number;
  txDropsPerSec?: number;
}

export interface NetworkPanel {
  interfaces: NetInterface[];
}

/** Run-queue latency over the last interval (eBPF). */
export interface RunqueueLatency {
  p50Us?: number;
  p99Us?: number;
  maxUs?: number;
  /** log2 histogram buckets: count of wake-ups with latency in [2^i, 2^(i+1)) µs. */
  histogram?: number[];
  /** Sum of the waits the histogram counts, µs (the sched group's runq_wait_ns over the interval). */
  waitSumUs?: number;
}

/** A process is identified by (pid, startTime): caches and selection survive pid reuse. */
export interface ProcessRow {
  pid: number;
  /** Start time in clock ticks after boot (proc(5) stat field 22). With pid, the identity. */
  startTime: number;
  ppid: number;
  uid?: number;
  user?: string;
  /** One letter, as in ps: R S D Z T t X I. */
  state: string;
  nice?: number;
  priority?: number;
  threads?: number;
  /** % of one core over the measured gap. */
  cpuPercent?: number;
  /** CPU time used since start, user + system, seconds (htop's TIME+). */
  cpuTimeSeconds?: number;
  rssBytes?: number;
  vszBytes?: number;
  sharedBytes?: number;
  /** Start, ms since epoch (how long it has run is src/util/elapsed.ts's, for a snapshot's time). */
  startedAt?: number;
  /** Kernel comm, already made safe for a terminal (see src/util/sanitize.ts). */
  comm: string;
  /** Full command line, arguments joined with spaces, sanitised; '' for kernel threads. */
  cmdline: string;
  cgroup?: string;
  /** True for kernel threads (no mm, ppid 2 or pid 2). */
  kernelThread?: boolean;
  readBytesPerSec?: number;
  writeBytesPerSec?: number;
  /**
   * Cumulative counters as last read, which the recorder stores so that report sums are exact
   * (docs/history-schema.md): bytes fetched from and sent to storage since the process started
   * (/proc/PID/io read_bytes, write_bytes).
   */
  readBytes?: number;
  writeBytes?: number;
  /** Time spent waiting on a run queue, ms, cumulative: since start (/proc schedstat, main thread) or since the eBPF sched group loaded (whole process). */
  runqueueWaitMs?: number;
  /** Bytes sent and received through sockets since the eBPF net group loaded, cumulative. */
  netTxBytes?: number;
  netRxBytes?: number;
  /** Time spent runnable but waiting for a CPU, ms per second (from schedstat or eBPF). */
  runqueueWaitMsPerSec?: number;
  runqueue?: RunqueueLatency;
  netTxBytesPerSec?: number;
  netRxBytesPerSec?: number;
  gpuPercent?: number;
  gpuMemBytes?: number;
  /**
   * DMA fences this process emitted per second (eBPF dma_fence_emit), where the GPU driver uses
   * DMA fences; undefined until the process has emitted one. Drivers that emit from a scheduler
   * thread (drm_sched) charge that thread.
   */
  gpuFencesPerSec?: number;
  /**
   * Sum of its fences' emit→signal times over the measured gap, as % of wall time. An upper bound
   * of the GPU time it used: fences that overlap (several queues or engines) add up, so it can
   * pass 100; it also counts time queued behind other work. Undefined until a fence was seen.
   */
  gpuFenceBusyPercent?: number;
}

export interface ConnectionRow {
  proto: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  local: string;
  remote: string;
  state: string;
  pid?: number;
  comm?: string;
  txBytes?: number;
  rxBytes?: number;
}

/**
 * A process that started and exited between two samples, so no sample listed it: from the eBPF
 * sched group's exec/exit events (docs/snapshot-schema.md "Short-lived processes").
 */
export interface RecentExit {
  pid: number;
  ppid: number;
  /** Kernel comm at exit, sanitised. */
  comm: string;
  /** Real uid. */
  uid: number;
  /** From its start to its exit, ms (CLOCK_BOOTTIME, exact). */
  lifetimeMs: number;
  /** When it exited, ms since epoch (boot time + the event's time: as precise as host.bootTime); absent without bootTime. */
  exitedAt?: number;
  /** Exit status (0–255) when it called exit; absent when a signal ended it. */
  exitCode?: number;
  /** The signal that ended it; absent when it exited. */
  signal?: number;
  /** CPU time of the whole process, ms (a lower bound: see bpf/sched.bpf.c); absent when the event did not carry it. */
  cpuMs?: number;
}

/** The short-lived processes of the last interval; absent without the eBPF sched group. */
export interface RecentExits {
  /** Newest first, at most 200. */
  exits: RecentExit[];
  /** How many the interval had: more than exits.length when the list was capped. */
  seen: number;
  /** Programs started (exec) during the interval, by any process, short-lived or not. */
  execs: number;
  /** Exec/exit events the kernel's ring buffer dropped during the interval (not cumulative). */
  lost: number;
}

/** A TCP connection reaching ESTABLISHED (open) or CLOSE (close), from the eBPF net group. */
export interface ConnectionEvent {
  kind: 'open' | 'close';
  proto: 'tcp' | 'tcp6';
  local: string;
  remote: string;
  /** Process that last moved data on it; absent when none did since the group loaded. */
  pid?: number;
  /** That process's comm, sanitised, when the socket owner pass saw it. */
  comm?: string;
  /** When, ms since epoch (as precise as host.bootTime); absent without bootTime. */
  at?: number;
  /** At close: bytes sent and received over its life (since the group loaded). */
  txBytes?: number;
  rxBytes?: number;
  /** At close: ms since its open, when the open was seen. */
  durationMs?: number;
}

/** TCP opens and closes since the connections collector's last read; absent without the eBPF net group. */
export interface ConnectionEvents {
  /** Newest first, at most 200. */
  events: ConnectionEvent[];
  /** How many the interval had: more than events.length when the list was capped. */
  seen: number;
  /** Lifecycle records the kernel's ring buffer dropped during the interval (not cumulative). */
  lost: number;
}

export interface GpuProcess {
  pid: number;
  memBytes?: number;
  smPercent?: number;
  kind?: 'compute' | 'graphics' | 'drm';
}

export interface GpuDevice {
  index: number;
  vendor: 'nvidia' | 'amd' | 'intel' | 'other';
  name?: string;
  uuid?: string;
  pciBusId?: string;
  utilPercent?: number;
  memUtilPercent?: number;
  memUsedBytes?: number;
  memTotalBytes?: number;
  /**
   * Free as the driver reports it (NVML): without what it reserves for itself, so it can be less
   * than total − used (nvidia-smi shows the difference as memory.reserved).
   */
  memFreeBytes?: number;
  /** GPU-mapped system memory (amdgpu GTT), where the driver reports it. */
  gttUsedBytes?: number;
  gttTotalBytes?: number;
  powerWatts?: number;
  powerLimitWatts?: number;
  temperatureC?: number;
  slowdownTempC?: number;
  graphicsClockMHz?: number;
  smClockMHz?: number;
  memClockMHz?: number;
  maxGraphicsClockMHz?: number;
  maxSmClockMHz?: number;
  maxMemClockMHz?: number;
  fanPercent?: number;
  pcieRxBytesPerSec?: number;
  pcieTxBytesPerSec?: number;
  encoderPercent?: number;
  decoderPercent?: number;
  migMode?: boolean;
  processes: GpuProcess[];
  /** Which backend produced this device: 'nvml', 'sysfs-amdgpu', 'sysfs-i915', ... */
  source: string;
  /** Field name → why it is unmeasured (e.g. the NVML error string), for the screen and `doctor`. */
  unavailable?: Record<string, string>;
}

export interface SensorReading {
  label: string;
  value: number;
  /** Hardware threshold where the chip reports one (e.g. temp crit or max). */
  highC?: number;
  critC?: number;
  source: string;
}

export interface SensorsPanel {
  cpuPackageC?: number;
  temperatures: SensorReading[];
  fans: { label: string; rpm: number; source: string }[];
  cpuPackageWatts?: number;
  battery?: { percent?: number; status?: string; watts?: number };
}

export type AlertSeverity = 'warning' | 'critical';

export interface AlertState {
  id: string;
  rule: string;
  /** The metric the rule watches (docs/alerts.md); it gives the unit of value, peak and threshold. */
  metric?: string;
  subject: string;
  /** Stable identity of the subject: 'system', 'fs:/home', 'net:eth0', 'gpu:<uuid>', 'proc:<pid>:<startTime>'. */
  subjectKey?: string;
  severity: AlertSeverity;
  state: 'pending' | 'firing' | 'resolved';
  value: number;
  peak: number;
  threshold: number;
  since: number;
  endedAt?: number;
  acknowledged?: boolean;
  silencedUntil?: number;
}

/**
 * The config file in force and how its last hot reload went (docs/config.md, Hot reload). A
 * refused reload leaves the previous config in force; the error stays here until a valid version
 * of the file is read.
 */
export interface ConfigStatus {
  /** The file in force; absent when running on the built-in defaults. */
  path?: string;
  /** Why the last reload was refused ("file:line: key: expected …, got …"). */
  reloadError?: string;
  /** When it was refused, ISO 8601. */
  reloadErrorAt?: string;
}

/** SmoothTask's own cost, measured. */
export interface SelfStats {
  pid: number;
  cpuPercent?: number;
  rssBytes?: number;
  /** Wall time of the last sampling pass, ms. */
  sampleMs?: number;
  /** CPU % of one core spent in SmoothTask's BPF programs (BPF run-time stats), when eBPF is on. */
  bpfCpuPercent?: number;
}

/** One automatic action of the advisor, as the screen and JSON show it. */
export interface AdvisorRecord {
  /** ms since the epoch. */
  at: number;
  pid: number;
  startTime: number;
  comm: string;
  /** "renice stress-ng (101) from nice 0 to 10". */
  action: string;
  /** Index of the [[advisor.allow]] entry that permitted it. */
  rule: number;
  ok: boolean;
  /** What happened, read back ("nice of 101 (stress-ng) is now 10 (read back from /proc)"). */
  message: string;
}

export interface AdvisorStatus {
  /** [advisor] enabled with at least one allow-list entry. */
  active: boolean;
  /** The journal `smoothtask advisor undo` reads. */
  journal: string;
  /** The latest actions, newest last (at most 20). */
  actions: AdvisorRecord[];
  /** Why the last action was not taken when the journal could not be written. */
  journalError?: string;
}

export interface Snapshot {
  schemaVersion: typeof SCHEMA_VERSION;
  /** ISO 8601. */
  takenAt: string;
  intervalMs: number;
  host: HostInfo;
  cpu?: CpuPanel;
  memory?: MemoryPanel;
  pressure?: PressurePanel;
  disks?: DisksPanel;
  network?: NetworkPanel;
  processes: ProcessRow[];
  /** Processes that lived and exited between two samples (eBPF sched group only). */
  recentExits?: RecentExits;
  connections: ConnectionRow[];
  /** TCP connections opened and closed since the last read (eBPF net group only). */
  connectionEvents?: ConnectionEvents;
  gpus: GpuDevice[];
  sensors?: SensorsPanel;
  /** Per-cgroup pressure of the v2 hierarchy; absent without one, or without PSI. */
  cgroups?: CgroupsPanel;
  alerts: AlertState[];
  /** Always present in what SmoothTask publishes; absent in snapshots recorded before it was added. */
  config?: ConfigStatus;
  /** What limits the host now, with evidence, hogs and victims (docs/verdict.md). */
  verdict?: Verdict;
  /** The advisor's automatic actions, where the face runs one (top, agent; docs/verdict.md). */
  advisor?: AdvisorStatus;
  self: SelfStats;
  sources: Partial<Record<CollectorName, SourceStatus>>;
}
