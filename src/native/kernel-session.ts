/**
 * The kernel session: the one owner of SmoothTask's BPF programs. The Monitor creates it, hands
 * it to every backend through CollectorContext.kernel, and closes it in stop(). It opens each
 * program group once, on the first backend's request (the net group feeds both the processes and
 * the connections backends; the hw group both cpu and sensors), holds the BPF stats fd while any
 * group is loaded, reads each map, ring buffer and iterator at most once per tick (a second
 * reader in the same tick gets the same bytes), and sums its programs' run time for the
 * header's BPF CPU. It also holds the addon load, so nothing in src/native/ keeps module state.
 *
 * Inside a container's PID namespace it refuses the groups that name processes by PID: their PIDs
 * are the initial namespace's, which this namespace cannot see or signal, so those backends fall
 * back to /proc (which speaks the namespace's PIDs) with the reason in `doctor`.
 */
import { INITIAL_PID_NAMESPACE_INODE } from '../util/pid-namespace.js';
import { AddonLoader } from './binding.js';
import {
  BpfGroup,
  bpfNative,
  bpfObjectPath,
  describeBpfError,
  groupsRunTime,
  type BpfConfig,
  type BpfGroupName,
  type BpfMapSizes,
  type BpfNative,
  type MapBatch,
} from './bpf.js';

/** Why an eBPF backend given no kernel session (tests of the /proc path) is unavailable. */
export const NO_KERNEL_SESSION = 'no kernel session: the Monitor opens eBPF groups only over the live /proc, not over a recorded tree';

/** A program group that runs, or why it does not. */
export type GroupStatus = { on: true } | { on: false; reason: string; remedy?: string };

/** A group opened for a backend, or why it could not be. */
export type GroupOpen = { ok: true; group: BpfGroup } | { ok: false; reason: string; remedy?: string };

export interface KernelSessionOptions {
  /** Object path per group (tests, and groups that do not ship); default build/bpf/<name>.bpf.o. */
  paths?: Partial<Record<string, string>>;
  /** `const volatile` values per group, set before load. */
  config?: Partial<Record<string, BpfConfig>>;
  /** max_entries per group and map, set before load (tests use small maps). */
  mapSizes?: Partial<Record<string, BpfMapSizes>>;
  /** Our PID namespace's inode (HostInfo.pidNamespace); undefined where it could not be read. */
  pidNamespace?: number;
}

/** The groups whose records and map keys are PIDs (task->pid, task->tgid, bpf_get_current_pid_tgid). */
const PID_KEYED_GROUPS: ReadonlySet<string> = new Set<BpfGroupName>(['task_iter', 'sched', 'net', 'dma_fence']);

/** Why a PID-keyed group stays off in PID namespace `inode`, or undefined in the initial one. */
export function pidNamespaceRefusal(name: string, inode: number | undefined): Failure | undefined {
  if (inode === undefined || inode === INITIAL_PID_NAMESPACE_INODE || !PID_KEYED_GROUPS.has(name)) return undefined;
  return {
    reason: `SmoothTask runs in a PID namespace (pid:[${inode}], a container): the kernel names processes by the host's PIDs, which this namespace cannot see or signal`,
    remedy:
      "/proc is read instead, with this namespace's PIDs; for the eBPF path run SmoothTask in the host's PID namespace (docker --pid=host, or on the host)",
  };
}

type Failure = { reason: string; remedy?: string };

export class KernelSession {
  private readonly loader = new AddonLoader();
  private readonly groups = new Map<string, BpfGroup | Failure>();
  private readonly reads = new Map<string, { tick: number; value: MapBatch | DataView }>();
  private tickNumber = 0;
  private stats: BpfNative | undefined;
  private ended = false;

  constructor(private readonly options: KernelSessionOptions = {}) {}

  /** The addon's bpf module, or why it is not there. */
  native(): { ok: true; module: BpfNative } | { ok: false; reason: string; remedy: string } {
    return bpfNative(this.loader);
  }

  /**
   * The group `name`, opened (loaded and attached) on the first call; later calls get the same
   * group, or the same reason it failed. Opening the first group turns BPF run-time stats on.
   */
  open(name: BpfGroupName | (string & {})): GroupOpen {
    if (this.ended) return { ok: false, reason: 'the kernel session is closed' };
    const known = this.groups.get(name);
    if (known instanceof BpfGroup) return { ok: true, group: known };
    if (known !== undefined) return { ok: false, ...known };
    const refused = pidNamespaceRefusal(name, this.options.pidNamespace);
    if (refused !== undefined) {
      this.groups.set(name, refused);
      return { ok: false, ...refused };
    }
    const native = this.native();
    if (!native.ok) {
      this.groups.set(name, { reason: native.reason, remedy: native.remedy });
      return native;
    }
    const path = this.options.paths?.[name] ?? bpfObjectPath(name as BpfGroupName);
    try {
      const group = BpfGroup.open(native.module, name, path, this.options.config?.[name], this.options.mapSizes?.[name]);
      this.groups.set(name, group);
      this.enableStats(native.module);
      return { ok: true, group };
    } catch (err) {
      const failure = describeBpfError(err);
      this.groups.set(name, failure);
      return { ok: false, ...failure };
    }
  }

  /** Whether `name` runs; undefined before anything asked for it. */
  status(name: string): GroupStatus | undefined {
    const known = this.groups.get(name);
    if (known === undefined) return undefined;
    return known instanceof BpfGroup ? (known.closed ? { on: false, reason: 'closed' } : { on: true }) : { on: false, ...known };
  }

  /** Start a new tick: the next read of each map, ring or iterator goes to the kernel again. */
  nextTick(): void {
    this.tickNumber++;
  }

  /** Every entry of `map` in group `group`, read once per tick. */
  readMap(group: string, map: string): MapBatch {
    return this.once(`${group}/map/${map}`, (g) => g.readMap(map), group) as MapBatch;
  }

  /** Records of ring buffer `ring` since the last tick that consumed it. */
  consumeRing(group: string, ring: string): DataView {
    return this.once(`${group}/ring/${ring}`, (g) => g.consumeRing(ring), group) as DataView;
  }

  /**
   * One pass of iterator program `program`, once per tick, in a buffer the next tick's pass
   * overwrites: decode it in the tick that read it.
   */
  iterate(group: string, program: string): DataView {
    return this.once(`${group}/iter/${program}`, (g) => g.iterate(program), group) as DataView;
  }

  private once(key: string, read: (g: BpfGroup) => MapBatch | DataView, name: string): MapBatch | DataView {
    const cached = this.reads.get(key);
    if (cached !== undefined && cached.tick === this.tickNumber) return cached.value;
    const group = this.groups.get(name);
    if (!(group instanceof BpfGroup) || group.closed) throw new Error(`BPF group ${name} is not loaded`);
    const value = read(group);
    this.reads.set(key, { tick: this.tickNumber, value });
    return value;
  }

  /** The groups loaded now. */
  loadedGroups(): BpfGroup[] {
    return [...this.groups.values()].filter((g): g is BpfGroup => g instanceof BpfGroup && !g.closed);
  }

  /**
   * Run time of every program this session loaded, summed: the counter behind the header's BPF
   * CPU. Undefined while stats are off (the kernel counts nothing then) or no group is loaded.
   */
  bpfRunTimeNs(): bigint | undefined {
    const loaded = this.loadedGroups();
    if (this.stats === undefined || loaded.length === 0) return undefined;
    return groupsRunTime(loaded);
  }

  /** Unload every group and give the stats fd back (the system's setting returns). Idempotent. */
  close(): void {
    this.ended = true;
    for (const group of this.groups.values()) if (group instanceof BpfGroup) group.close();
    this.reads.clear();
    this.stats?.disableStats();
    this.stats = undefined;
  }

  /**
   * Count program run time while a group is loaded, for SmoothTask's own overhead. The addon
   * holds one BPF_ENABLE_STATS fd; the kernel also drops it if the process dies. A kernel that
   * refuses it leaves the BPF CPU n/a, not the groups off.
   */
  private enableStats(native: BpfNative): void {
    if (this.stats !== undefined) return;
    try {
      native.enableStats();
      this.stats = native;
    } catch {
      this.stats = undefined;
    }
  }
}
