/**
 * Typed wrapper of the addon's "bpf" module (native/bpf.cc): program groups (one .bpf.o each,
 * opened → configured → loaded → attached in one call), iterator passes, batch map reads and ring
 * buffer records as DataViews for the decoders in bpf-records.ts, BPF run-time stats, and the
 * translation of load errors into a reason and a remedy a person can act on.
 */
import { dirname, join } from 'node:path';
import { ownCapabilities } from '../util/capabilities.js';
import { addonPath, nativeModule, type NativeError } from './binding.js';

/** Every entry of a map, keys and values packed back to back (native/bpf.cc mapRead). */
export interface MapBatch {
  keys: ArrayBuffer;
  values: ArrayBuffer;
  count: number;
  keySize: number;
  /** Bytes per entry; for per-CPU maps round_up(value_size, 8) × possible CPUs. */
  valueSize: number;
}

/** Run-time statistics of one program (bpf_prog_info); they advance only while stats are on. */
export interface ProgramStat {
  name: string;
  id: number;
  runTimeNs: bigint;
  runCount: bigint;
  recursionMisses: bigint;
}

/** Values for a group's `const volatile` globals, by variable name. */
export type BpfConfig = Record<string, number | bigint | boolean>;

/** The native module's surface. */
export interface BpfNative {
  open(path: string, config?: BpfConfig): number;
  close(handle: number): void;
  iterRead(handle: number, program: string): ArrayBuffer;
  mapRead(handle: number, map: string): MapBatch;
  ringConsume(handle: number, map: string): ArrayBuffer;
  programStats(handle: number): ProgramStat[];
  enableStats(): void;
  disableStats(): void;
  /** sizeof of each shared record (bpf/*.h), to check the decoders against the compiled layout. */
  recordSizes: Record<string, number>;
  libbpfVersion: string;
}

/** The program groups, one object each in build/bpf (bpf/<name>.bpf.c). */
export type BpfGroupName = 'task_iter' | 'sched' | 'net' | 'hw' | 'dma_fence' | 'fentry';

/** Where scripts/compile-bpf.sh puts the objects: build/bpf beside build/Release. */
export const bpfObjectDir = join(dirname(dirname(addonPath)), 'bpf');

export function bpfObjectPath(group: BpfGroupName): string {
  return join(bpfObjectDir, `${group}.bpf.o`);
}

/** The native module, or why it is not there (addon not built or not loadable). */
export function bpfNative(): { ok: true; module: BpfNative } | { ok: false; reason: string; remedy: string } {
  return nativeModule<BpfNative>('bpf');
}

/** Remedy for a missing privilege, as `doctor` and probe results say it. */
export const PRIVILEGE_REMEDY = 'run as root, or grant CAP_BPF and CAP_PERFMON';

/** ENOTSUPP (524): a kernel-internal errno that bpf(2) can still return. */
const ENOTSUPP = 524;

/** Root, or CAP_BPF with CAP_PERFMON (or CAP_SYS_ADMIN, which implies both for BPF). */
function isPrivileged(): boolean {
  const caps = ownCapabilities();
  if (caps === undefined) return process.getuid?.() === 0;
  return caps.includes('CAP_SYS_ADMIN') || (caps.includes('CAP_BPF') && caps.includes('CAP_PERFMON'));
}

function isNativeError(err: unknown): err is NativeError {
  return err instanceof Error && typeof (err as NativeError).errno === 'number';
}

/**
 * Turn an error from open/load/attach into words: which call failed, the errno name, what it
 * means here, and what would fix it. Not a NativeError → its message, no remedy. `privileged`
 * is whether the process that failed held root or CAP_BPF + CAP_PERFMON (default: this one).
 */
export function describeBpfError(err: unknown, privileged = isPrivileged()): { reason: string; remedy?: string } {
  if (!isNativeError(err)) return { reason: err instanceof Error ? err.message : String(err) };
  const call = err.syscall;
  switch (err.code) {
    case 'EPERM':
    case 'EACCES':
      if (privileged) {
        // Privileged and still refused: lockdown, or a program type this kernel does not allow.
        return { reason: `${call}: ${err.code} although privileged — the kernel refuses this program type (${err.message})` };
      }
      return { reason: `${call}: ${err.code} — not root (eBPF needs CAP_BPF and CAP_PERFMON)`, remedy: PRIVILEGE_REMEDY };
    case 'ENOENT':
      return call === 'open'
        ? { reason: `${call}: ENOENT — BPF object missing (${err.message})`, remedy: 'build it: bash scripts/build-native.sh' }
        : { reason: `${call}: ENOENT — the kernel lacks a tracepoint, function or BTF type this group uses (${err.message})` };
    case 'EOPNOTSUPP':
      return { reason: `${call}: EOPNOTSUPP — this kernel does not support a program type this group uses (${err.message})` };
    default:
      if (err.errno === ENOTSUPP) {
        return { reason: `${call}: ENOTSUPP — this kernel does not support an attach type this group uses (${err.message})` };
      }
      return { reason: `${call}: ${err.code} (${err.message})` };
  }
}

/** Every group open in this process: SmoothTask's loaded programs, for its own BPF cost. */
const loaded = new Set<BpfGroup>();

/** A loaded, attached program group. Throws NativeError from open; close() is idempotent. */
export class BpfGroup {
  private handle: number | undefined;

  private constructor(
    private readonly native: BpfNative,
    readonly name: BpfGroupName,
    handle: number,
  ) {
    this.handle = handle;
  }

  /** Open, configure, load and attach build/bpf/<name>.bpf.o. */
  static open(native: BpfNative, name: BpfGroupName, config?: BpfConfig, path = bpfObjectPath(name)): BpfGroup {
    const group = new BpfGroup(native, name, native.open(path, config));
    loaded.add(group);
    return group;
  }

  get closed(): boolean {
    return this.handle === undefined;
  }

  private live(): number {
    if (this.handle === undefined) throw new Error(`BPF group ${this.name} is closed`);
    return this.handle;
  }

  /** One full pass of an iterator program. */
  iterate(program: string): DataView {
    return new DataView(this.native.iterRead(this.live(), program));
  }

  /** Every entry of a hash or array map. */
  readMap(map: string): MapBatch {
    return this.native.mapRead(this.live(), map);
  }

  /** Records produced since the last call (never waits), framed as native/bpf.cc ringConsume says. */
  consumeRing(map: string): DataView {
    return new DataView(this.native.ringConsume(this.live(), map));
  }

  programStats(): ProgramStat[] {
    return this.native.programStats(this.live());
  }

  /** Detach and unload. */
  close(): void {
    if (this.handle !== undefined) this.native.close(this.handle);
    this.handle = undefined;
    loaded.delete(this);
  }
}

let statsUsers = 0;

/**
 * Count program run time while SmoothTask runs: the first caller enables BPF stats (the addon
 * holds the BPF_ENABLE_STATS fd), and the matching last releaseBpfStats closes it, restoring the
 * system's setting. The kernel also drops it if the process dies.
 */
export function acquireBpfStats(native: BpfNative): void {
  if (statsUsers === 0) native.enableStats();
  statsUsers++;
}

export function releaseBpfStats(native: BpfNative): void {
  if (statsUsers === 0) return;
  statsUsers--;
  if (statsUsers === 0) native.disableStats();
}

/** Program groups opened together: each that fails is off alone, with its reason. */
export interface GroupSet {
  on: Map<BpfGroupName, BpfGroup>;
  off: Map<BpfGroupName, { reason: string; remedy?: string }>;
  close(): void;
}

/**
 * Open several groups; one that fails to load (EPERM, ENOENT, EOPNOTSUPP…) is recorded in `off`
 * and the others still run.
 */
export function openGroups(
  native: BpfNative,
  names: readonly BpfGroupName[],
  config: Partial<Record<BpfGroupName, BpfConfig>> = {},
): GroupSet {
  const on = new Map<BpfGroupName, BpfGroup>();
  const off = new Map<BpfGroupName, { reason: string; remedy?: string }>();
  for (const name of names) {
    try {
      on.set(name, BpfGroup.open(native, name, config[name]));
    } catch (err) {
      off.set(name, describeBpfError(err));
    }
  }
  return {
    on,
    off,
    close() {
      for (const group of on.values()) group.close();
    },
  };
}

/** Run time and runs of every program in `groups`, summed: SmoothTask's own BPF cost so far. */
export function groupsRunTime(groups: readonly BpfGroup[]): { runTimeNs: bigint; runCount: bigint } {
  let runTimeNs = 0n;
  let runCount = 0n;
  for (const group of groups) {
    for (const s of group.programStats()) {
      runTimeNs += s.runTimeNs;
      runCount += s.runCount;
    }
  }
  return { runTimeNs, runCount };
}

/**
 * Run time of every program SmoothTask has loaded, summed (each group once, however many
 * backends share it): the counter behind the header's BPF CPU. Undefined while BPF stats are off
 * (the kernel counts nothing then) or no group is loaded. It drops when a group closes, so a
 * rate over it must discard a negative delta.
 */
export function loadedBpfRunTimeNs(): bigint | undefined {
  if (statsUsers === 0 || loaded.size === 0) return undefined;
  return groupsRunTime([...loaded]).runTimeNs;
}
