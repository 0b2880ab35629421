/**
 * The host's static inventory: its CPU model, OS release and hypervisor, read once from the files
 * the kernel and the distribution keep for it, and from CPUID for the hypervisor's name.
 *
 * Why not a library that runs lscpu, dmidecode and dmesg: that started child processes in each
 * start of `top`, and their output and the library's code were part of the peak RSS at thousands
 * of processes (bench/README.md, "The host inventory from files"), for three strings that lscpu
 * and systemd-detect-virt themselves take from these same places.
 *
 * The parsers are pure functions over the files' text; readHostInventory reads them under the
 * roots it is given, so that a recorded tree answers for the machine it was recorded on.
 */
import { join } from 'node:path';
import type { HostInfo } from '../../types/snapshot.js';
import { tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { sanitizeText } from '../../util/sanitize.js';

/** The static inventory part of HostInfo. */
export type HostInventory = Pick<HostInfo, 'osName' | 'cpuModel' | 'virtualization'>;

/** The first processor's block is all the parsers read; a 256-CPU cpuinfo is hundreds of KB. */
const CPUINFO_READ_BYTES = 16 * 1024;
/** os-release is a few hundred bytes; anything past this is not one. */
const OS_RELEASE_READ_BYTES = 64 * 1024;
/** A DMI string or a hypervisor name: one short line. */
const NAME_READ_BYTES = 4096;

const OS_RELEASE_LINE = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/**
 * The assignments of an os-release file (os-release(5)): KEY=VALUE lines, a value bare or in
 * single or double quotes, with backslash escapes for `"`, `\`, `$` and `` ` `` in double quotes.
 * Comments, blank and malformed lines are skipped.
 * @see https://www.freedesktop.org/software/systemd/man/latest/os-release.html
 */
export function parseOsRelease(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = OS_RELEASE_LINE.exec(line.trim());
    if (m === null) continue;
    const value = unquote(m[2]);
    if (value !== undefined) fields.set(m[1], value);
  }
  return fields;
}

function unquote(raw: string): string | undefined {
  const quote = raw[0];
  if (quote !== '"' && quote !== "'") return /^[^\s"'`$\\]*$/.test(raw) ? raw : undefined;
  if (raw.length < 2 || raw.at(-1) !== quote) return undefined;
  const inner = raw.slice(1, -1);
  return quote === "'" ? inner : inner.replace(/\\(["\\$`])/g, '$1');
}

/**
 * The OS's name for display: PRETTY_NAME, which the file has for that, else NAME with VERSION
 * (or VERSION_ID); undefined where the file names neither.
 */
export function osNameOf(osRelease: string): string | undefined {
  const fields = parseOsRelease(osRelease);
  const pretty = fields.get('PRETTY_NAME')?.trim();
  if (pretty) return pretty;
  const name = fields.get('NAME')?.trim();
  if (!name) return undefined;
  const version = (fields.get('VERSION') ?? fields.get('VERSION_ID'))?.trim();
  return version ? `${name} ${version}` : name;
}

/** The `key: value` lines of cpuinfo's first processor block (up to its blank line). */
function firstCpuBlock(cpuinfo: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of cpuinfo.split('\n')) {
    if (line.trim() === '') {
      if (fields.size > 0) break;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    if (!fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * Arm's CPU part numbers (MIDR_EL1.PartNum) by implementer, for the server and common cores:
 * arm64 kernels print the numbers and no model name. From each implementer's technical
 * reference manuals; an unknown part is named by its numbers.
 */
const ARM_IMPLEMENTERS = new Map<string, { name: string; parts: ReadonlyMap<string, string> }>(
  Object.entries({
    '0x41': {
      name: 'ARM',
      parts: {
        '0xd03': 'Cortex-A53',
        '0xd04': 'Cortex-A35',
        '0xd05': 'Cortex-A55',
        '0xd07': 'Cortex-A57',
        '0xd08': 'Cortex-A72',
        '0xd09': 'Cortex-A73',
        '0xd0a': 'Cortex-A75',
        '0xd0b': 'Cortex-A76',
        '0xd0c': 'Neoverse-N1',
        '0xd0d': 'Cortex-A77',
        '0xd40': 'Neoverse-V1',
        '0xd41': 'Cortex-A78',
        '0xd44': 'Cortex-X1',
        '0xd46': 'Cortex-A510',
        '0xd47': 'Cortex-A710',
        '0xd48': 'Cortex-X2',
        '0xd49': 'Neoverse-N2',
        '0xd4f': 'Neoverse-V2',
        '0xd84': 'Neoverse-V3',
        '0xd8e': 'Neoverse-N3',
      },
    },
    '0x43': { name: 'Cavium', parts: { '0x0a1': 'ThunderX', '0x0af': 'ThunderX2' } },
    '0x46': { name: 'Fujitsu', parts: { '0x001': 'A64FX' } },
    '0x48': { name: 'HiSilicon', parts: { '0xd01': 'Kunpeng-920' } },
    '0x4e': { name: 'NVIDIA', parts: { '0x004': 'Carmel' } },
    '0x50': { name: 'APM', parts: { '0x000': 'X-Gene' } },
    '0x61': { name: 'Apple', parts: {} },
    '0xc0': { name: 'Ampere', parts: { '0xac3': 'Ampere-1', '0xac4': 'Ampere-1a' } },
  }).map(([id, { name, parts }]) => [id, { name, parts: new Map(Object.entries(parts)) }]),
);

/**
 * The CPU's model as /proc/cpuinfo's first processor names it, by architecture: `model name`
 * (x86, and some arm64 kernels), `cpu model` (MIPS), `cpu` (POWER), `uarch` (RISC-V), or an arm64
 * implementer and part; undefined where the block names none.
 */
export function cpuModelOf(cpuinfo: string): string | undefined {
  const cpu = firstCpuBlock(cpuinfo);
  for (const key of ['model name', 'cpu model', 'cpu', 'uarch']) {
    const value = cpu.get(key)?.replace(/\s+/g, ' ');
    if (value) return value;
  }
  const implementer = cpu.get('CPU implementer')?.toLowerCase();
  const part = cpu.get('CPU part')?.toLowerCase();
  if (implementer === undefined) return undefined;
  const known = ARM_IMPLEMENTERS.get(implementer);
  const vendor = known?.name ?? `implementer ${implementer}`;
  const partName = part === undefined ? undefined : (known?.parts.get(part) ?? `part ${part}`);
  return partName === undefined ? vendor : `${vendor} ${partName}`;
}

/** Whether cpuinfo's first block has a `flags` line (x86) and it lists `hypervisor`; undefined without flags. */
export function cpuinfoHypervisorFlag(cpuinfo: string): boolean | undefined {
  const flags = firstCpuBlock(cpuinfo).get('flags');
  return flags === undefined ? undefined : flags.split(/\s+/).includes('hypervisor');
}

/**
 * Hypervisors by the signature CPUID leaf 0x40000000 gives (EBX, ECX, EDX), as the hypervisors
 * document them and the kernel's arch/x86 guest support matches them.
 */
const CPUID_HYPERVISORS = new Map<string, string>(
  Object.entries({
    'KVMKVMKVM\0\0\0': 'KVM',
    'Linux KVM Hv': 'KVM',
    'Microsoft Hv': 'Microsoft Hyper-V',
    VMwareVMware: 'VMware',
    XenVMMXenVMM: 'Xen',
    TCGTCGTCGTCG: 'QEMU',
    'bhyve bhyve ': 'bhyve',
    ' lrpepyh  vr': 'Parallels',
    ACRNACRNACRN: 'ACRN',
    VBoxVBoxVBox: 'Oracle VirtualBox',
    'Jailhouse\0\0\0': 'Jailhouse',
  }),
);

/**
 * DMI vendor strings (sys_vendor, product_name, board_vendor, bios_vendor) that name a virtual
 * machine, by prefix, as systemd-detect-virt reads them.
 */
const DMI_HYPERVISORS: readonly [prefix: string, name: string][] = [
  ['KVM', 'KVM'],
  ['OpenStack', 'KVM'],
  ['KubeVirt', 'KVM'],
  ['Amazon EC2', 'Amazon EC2'],
  ['QEMU', 'QEMU'],
  ['VMware', 'VMware'],
  ['VMW', 'VMware'],
  ['innotek GmbH', 'Oracle VirtualBox'],
  ['VirtualBox', 'Oracle VirtualBox'],
  ['Xen', 'Xen'],
  ['Bochs', 'Bochs'],
  ['Parallels', 'Parallels'],
  ['BHYVE', 'bhyve'],
  ['Hyper-V', 'Microsoft Hyper-V'],
  ['Apple Virtualization', 'Apple Virtualization'],
  ['Google Compute Engine', 'Google Compute Engine'],
];

/** Where DMI names these, systemd trusts it over CPUID (Xen's and EC2's CPUID can say KVM or Xen). */
const DMI_FIRST = new Set(['Oracle VirtualBox', 'Xen', 'Amazon EC2']);

/** What the host's files and CPU say about a hypervisor under it. */
export interface VirtualizationEvidence {
  /** CPUID leaf 0x40000000's signature; null: CPUID says no hypervisor; undefined: not asked. */
  cpuid: string | null | undefined;
  /** The DMI strings that were readable (sys_vendor, product_name, board_vendor, bios_vendor). */
  dmi: readonly string[];
  /** /sys/hypervisor/type (Xen guests). */
  hypervisorType: string | undefined;
  /** /proc/device-tree/hypervisor/compatible (arm64 and others with a device tree). */
  deviceTree: string | undefined;
  /** cpuinfo's `hypervisor` flag (x86); undefined where cpuinfo has no flags line. */
  cpuinfoFlag: boolean | undefined;
}

/**
 * The hypervisor's name, "virtual machine" where one is evident but not named, "none" where the
 * CPU says there is none, or undefined where nothing tells. systemd-detect-virt's order: DMI
 * where it is trusted first, then CPUID (under KVM, DMI says QEMU: CPUID is more precise), then
 * DMI, Xen's type and the device tree.
 */
export function virtualizationOf(e: VirtualizationEvidence): string | undefined {
  const dmi = e.dmi.map((s) => DMI_HYPERVISORS.find(([prefix]) => s.startsWith(prefix))?.[1]).find((name) => name !== undefined);
  if (dmi !== undefined && DMI_FIRST.has(dmi)) return dmi;
  const cpuid = typeof e.cpuid === 'string' ? CPUID_HYPERVISORS.get(e.cpuid) : undefined;
  if (cpuid !== undefined) return cpuid;
  if (dmi !== undefined) return dmi;
  if (e.hypervisorType) return e.hypervisorType === 'xen' ? 'Xen' : e.hypervisorType;
  const dt = e.deviceTree?.split('\0')[0];
  if (dt) return dt === 'linux,kvm' ? 'KVM' : dt.startsWith('xen') ? 'Xen' : dt === 'vmware' ? 'VMware' : 'virtual machine';
  if (typeof e.cpuid === 'string' || e.cpuinfoFlag === true) return 'virtual machine';
  if (e.cpuid === null || e.cpuinfoFlag === false) return 'none';
  return undefined;
}

/** Where the inventory's files are, and whether CPUID may be asked (only of the live machine). */
export interface InventoryRoots {
  procRoot: string;
  sysRoot: string;
  /** The folder that holds os-release; /usr/lib/os-release is read beside it where it has none. */
  etcRoot: string;
  /** CPUID's signature where procRoot is the running machine's (src/native/cpuid.ts); undefined otherwise. */
  cpuid: () => string | null | undefined;
}

/** The inventory from the files under `roots` (each field undefined where they do not tell). */
export function readHostInventory(buffer: ReadBuffer, roots: InventoryRoots): HostInventory {
  const read = (path: string, max: number) => tryReadTextSync(buffer, path, max);
  const line = (path: string) => read(path, NAME_READ_BYTES)?.trim() || undefined;
  const osRelease =
    read(join(roots.etcRoot, 'os-release'), OS_RELEASE_READ_BYTES) ?? read(join(roots.etcRoot, '..', 'usr/lib/os-release'), OS_RELEASE_READ_BYTES);
  const cpuinfo = read(join(roots.procRoot, 'cpuinfo'), CPUINFO_READ_BYTES);
  const dmiDir = join(roots.sysRoot, 'class/dmi/id');
  const virtualization = virtualizationOf({
    cpuid: roots.cpuid(),
    dmi: ['sys_vendor', 'product_name', 'board_vendor', 'bios_vendor'].map((f) => line(join(dmiDir, f))).filter((s) => s !== undefined),
    hypervisorType: line(join(roots.sysRoot, 'hypervisor/type')),
    deviceTree: read(join(roots.procRoot, 'device-tree/hypervisor/compatible'), NAME_READ_BYTES),
    cpuinfoFlag: cpuinfo === undefined ? undefined : cpuinfoHypervisorFlag(cpuinfo),
  });
  // These come from files and a CPU register that a local admin or a hypervisor can fill with anything.
  const safe = (s: string | undefined) => (s === undefined ? undefined : sanitizeText(s));
  return {
    osName: safe(osRelease === undefined ? undefined : osNameOf(osRelease)),
    cpuModel: safe(cpuinfo === undefined ? undefined : cpuModelOf(cpuinfo)),
    virtualization: safe(virtualization),
  };
}
