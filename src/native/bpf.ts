/**
 * Typed wrapper of the addon's "bpf" module (native/bpf.cc): program groups (one .bpf.o each,
 * opened → configured → loaded → attached in one call), iterator passes, batch map reads and ring
 * buffer records as DataViews for the decoders in bpf-<group>.ts, and the translation of load
 * errors into a reason and a remedy a person can act on. Holds no state: the KernelSession
 * (kernel-session.ts) owns the groups and the stats fd.
 */
import { dirname, join } from 'node:path';
import { ownCapabilities } from '../util/capabilities.js';
import { addonPath, type AddonLoader, type NativeError } from './binding.js';
import type { RecordLayout } from './bpf-common.js';

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

/** max_entries to set on a group's maps before load, by map name (tests use small maps). */
export type BpfMapSizes = Record<string, number>;

/** The native module's surface. */
export interface BpfNative {
  open(path: string, config?: BpfConfig, maxEntries?: BpfMapSizes): number;
  close(handle: number): void;
  /** One pass, in the program's own buffer: the next pass of the same program overwrites it. */
  iterRead(handle: number, program: string): DataView;
  mapRead(handle: number, map: string): MapBatch;
  ringConsume(handle: number, map: string): ArrayBuffer;
  programStats(handle: number): ProgramStat[];
  /** The run time of every program of the group, summed (programStats' runTimeNs without the objects). */
  runTimeNs(handle: number): bigint;
  enableStats(): void;
  disableStats(): void;
  /** sizeof and offsetof of every field of every struct in bpf/*.h, as compiled (native/bpf.cc). */
  recordLayouts: Record<string, RecordLayout>;
  libbpfVersion: string;
}

/** The program groups the product ships, one object each in build/bpf (bpf/<name>.bpf.c). */
export type BpfGroupName = 'task_iter' | 'sched' | 'net' | 'hw' | 'dma_fence';

/** Where scripts/compile-bpf.sh puts the objects: build/bpf beside build/Release. */
export const bpfObjectDir = join(dirname(dirname(addonPath)), 'bpf');

export function bpfObjectPath(group: BpfGroupName): string {
  return join(bpfObjectDir, `${group}.bpf.o`);
}

/** The "bpf" native module of `loader`'s addon, or why it is not there (not built or not loadable). */
export function bpfNative(loader: AddonLoader): { ok: true; module: BpfNative } | { ok: false; reason: string; remedy: string } {
  return loader.module<BpfNative>('bpf');
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

/** A loaded, attached program group. Throws NativeError from open; close() is idempotent. */
export class BpfGroup {
  private handle: number | undefined;

  private constructor(
    private readonly native: BpfNative,
    readonly name: string,
    handle: number,
  ) {
    this.handle = handle;
  }

  /** Open, configure, load and attach the object at `path` (build/bpf/<name>.bpf.o for a product group). */
  static open(native: BpfNative, name: string, path: string, config?: BpfConfig, maxEntries?: BpfMapSizes): BpfGroup {
    return new BpfGroup(native, name, native.open(path, config, maxEntries));
  }

  get closed(): boolean {
    return this.handle === undefined;
  }

  private live(): number {
    if (this.handle === undefined) throw new Error(`BPF group ${this.name} is closed`);
    return this.handle;
  }

  /** One full pass of an iterator program; the next pass of the same program overwrites it. */
  iterate(program: string): DataView {
    return this.native.iterRead(this.live(), program);
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

  /** The run time of every program of the group, summed. */
  runTimeNs(): bigint {
    return this.native.runTimeNs(this.live());
  }

  /** Detach and unload. */
  close(): void {
    if (this.handle !== undefined) this.native.close(this.handle);
    this.handle = undefined;
  }
}

/** Run time of every program in `groups`, summed: SmoothTask's own BPF cost so far. */
export function groupsRunTime(groups: readonly BpfGroup[]): bigint {
  let runTimeNs = 0n;
  for (const group of groups) runTimeNs += group.runTimeNs();
  return runTimeNs;
}
