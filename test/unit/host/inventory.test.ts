/**
 * The host inventory (src/collectors/host/inventory.ts): its parsers on this machine's recorded
 * files and on the formats other architectures print, against lscpu and systemd-detect-virt on
 * the live machine, and with arbitrary input.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readHostFacts } from '../../../src/collectors/host/index.js';
import {
  cpuModelOf,
  cpuinfoHypervisorFlag,
  osNameOf,
  parseOsRelease,
  readHostInventory,
  virtualizationOf,
  type VirtualizationEvidence,
} from '../../../src/collectors/host/inventory.js';
import { hypervisorSignature } from '../../../src/native/cpuid.js';
import { ReadBuffer } from '../../../src/util/readfile.js';
import { FIXTURES } from './context.js';

const buffer = new ReadBuffer();
const RECORDED = join(FIXTURES, 'debian12-2cpu-vm-inventory');
/** The same VM's system tree (a whole /proc and /sys, for readHostFacts). */
const SYSTEM = join(FIXTURES, 'debian12-2cpu-vm-system');
const recordedSignature = Buffer.from(readFileSync(join(RECORDED, 'cpuid-signature.hex'), 'utf8').trim(), 'hex').toString('latin1');

/** A command's output, or undefined where it is not installed or fails. */
function run(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** lscpu's value for `key` (its "Key: value" lines). */
function lscpuField(text: string, key: string): string | undefined {
  return new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(text)?.[1].trim();
}

/** systemd-detect-virt's ids, as inventory.ts names them. */
const SYSTEMD_NAMES: Record<string, string> = {
  kvm: 'KVM',
  qemu: 'QEMU',
  vmware: 'VMware',
  microsoft: 'Microsoft Hyper-V',
  oracle: 'Oracle VirtualBox',
  xen: 'Xen',
  amazon: 'Amazon EC2',
  google: 'Google Compute Engine',
  bochs: 'Bochs',
  parallels: 'Parallels',
  bhyve: 'bhyve',
  acrn: 'ACRN',
  apple: 'Apple Virtualization',
  'vm-other': 'virtual machine',
  none: 'none',
};

const none: VirtualizationEvidence = { cpuid: undefined, dmi: [], hypervisorType: undefined, deviceTree: undefined, cpuinfoFlag: undefined };

describe('the inventory of the recorded machine (debian12-2cpu-vm-inventory)', () => {
  it('names the OS, the CPU and the hypervisor as lscpu and systemd-detect-virt did there', () => {
    const inventory = readHostInventory(buffer, {
      procRoot: join(RECORDED, 'proc'),
      sysRoot: join(RECORDED, 'sys'),
      etcRoot: join(RECORDED, 'etc'),
      cpuid: () => recordedSignature,
    });
    const lscpu = readFileSync(join(RECORDED, 'lscpu.txt'), 'utf8');
    const systemd = readFileSync(join(RECORDED, 'systemd-detect-virt.txt'), 'utf8').trim();
    expect(inventory).toEqual({
      osName: 'Debian GNU/Linux 12 (bookworm)',
      cpuModel: lscpuField(lscpu, 'Model name'),
      virtualization: lscpuField(lscpu, 'Hypervisor vendor'),
    });
    expect(inventory.virtualization).toBe(SYSTEMD_NAMES[systemd]);
  });

  it('without CPUID (a recorded tree read elsewhere) it still tells a virtual machine by cpuinfo', () => {
    const inventory = readHostInventory(buffer, {
      procRoot: join(RECORDED, 'proc'),
      sysRoot: join(RECORDED, 'sys'),
      etcRoot: join(RECORDED, 'etc'),
      cpuid: () => undefined,
    });
    expect(inventory.virtualization).toBe('virtual machine');
  });

  it('reads /usr/lib/os-release where /etc has none, and leaves out what no file tells', () => {
    const root = mkdtempSync(join(tmpdir(), 'inventory-'));
    try {
      mkdirSync(join(root, 'etc'));
      mkdirSync(join(root, 'usr/lib'), { recursive: true });
      writeFileSync(join(root, 'usr/lib/os-release'), readFileSync(join(RECORDED, 'usr/lib/os-release')));
      const inventory = readHostInventory(buffer, {
        procRoot: join(root, 'proc'),
        sysRoot: join(root, 'sys'),
        etcRoot: join(root, 'etc'),
        cpuid: () => undefined,
      });
      expect(inventory).toEqual({ osName: 'Debian GNU/Linux 12 (bookworm)', cpuModel: undefined, virtualization: undefined });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('escapes what an admin or a hypervisor wrote into the names', () => {
    const root = mkdtempSync(join(tmpdir(), 'inventory-'));
    try {
      mkdirSync(join(root, 'etc'));
      mkdirSync(join(root, 'proc'));
      mkdirSync(join(root, 'sys/class/dmi/id'), { recursive: true });
      writeFileSync(join(root, 'etc/os-release'), 'PRETTY_NAME="Evil\x1b[2J OS"\n');
      writeFileSync(join(root, 'proc/cpuinfo'), 'processor\t: 0\nmodel name\t: Fast\x07 CPU\n\n');
      writeFileSync(join(root, 'sys/class/dmi/id/sys_vendor'), 'Acme\n');
      const inventory = readHostInventory(buffer, {
        procRoot: join(root, 'proc'),
        sysRoot: join(root, 'sys'),
        etcRoot: join(root, 'etc'),
        cpuid: () => 'Evil\x1b]0;x\x07Hv',
      });
      expect(JSON.stringify(inventory)).not.toMatch(/[\x00-\x1f]/);
      expect(inventory.osName).toContain('Evil');
      expect(inventory.virtualization).toBe('virtual machine');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the inventory of the live machine', () => {
  const lscpu = run('lscpu', []);

  it.skipIf(lscpu === undefined)('agrees with lscpu on the CPU model and the hypervisor vendor', () => {
    const host = readHostFacts(buffer, '/proc', '/sys');
    expect(host.cpuModel).toBe(lscpuField(lscpu!, 'Model name'));
    const vendor = lscpuField(lscpu!, 'Hypervisor vendor');
    if (vendor !== undefined) expect(host.virtualization).toBe(vendor);
  });

  it('agrees with systemd-detect-virt, and /etc/os-release', () => {
    const host = readHostFacts(buffer, '/proc', '/sys');
    // systemd-detect-virt exits 1 with "none" on bare metal; an empty answer: not installed.
    const id = execFileSync('sh', ['-c', 'systemd-detect-virt --vm 2>/dev/null || true'], { encoding: 'utf8' }).trim();
    if (id !== '') expect(host.virtualization).toBe(SYSTEMD_NAMES[id]);
    expect(host.osName).toBe(parseOsRelease(readFileSync('/etc/os-release', 'utf8')).get('PRETTY_NAME'));
  });

  it('asks CPUID only of the running machine: a recorded tree gets none', () => {
    const live = hypervisorSignature();
    if (process.arch === 'x64') expect(live === null || typeof live === 'string').toBe(true);
    const recorded = readHostFacts(buffer, join(SYSTEM, 'proc'), join(SYSTEM, 'sys'), join(RECORDED, 'etc'));
    expect(recorded.virtualization).toBe('virtual machine');
  });
});

describe('os-release', () => {
  it('unquotes double- and single-quoted values and their escapes', () => {
    const fields = parseOsRelease('# comment\nNAME="Fancy \\"Linux\\""\nID=fancy\nVERSION=\'1 $x\'\nBAD="unterminated\n BAD2=a b\n');
    expect(Object.fromEntries(fields)).toEqual({ NAME: 'Fancy "Linux"', ID: 'fancy', VERSION: '1 $x' });
  });

  it('names the OS by PRETTY_NAME, else NAME and VERSION or VERSION_ID', () => {
    expect(osNameOf('NAME="Fedora Linux"\nVERSION="41 (Server Edition)"\nPRETTY_NAME="Fedora Linux 41 (Server Edition)"\n')).toBe(
      'Fedora Linux 41 (Server Edition)',
    );
    expect(osNameOf('NAME=Alpine\nVERSION_ID=3.21.0\n')).toBe('Alpine 3.21.0');
    expect(osNameOf('NAME=Gentoo\n')).toBe('Gentoo');
    expect(osNameOf('ID=x\n')).toBeUndefined();
  });

  it('reads back any set of assignments written as the format allows', () => {
    const key = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,11}$/);
    fc.assert(
      fc.property(fc.dictionary(key, fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '$', '`', "'", 'é', '=') })), (fields) => {
        const text = Object.entries(fields)
          .map(([k, v]) => `${k}="${v.replace(/(["\\$`])/g, '\\$1')}"`)
          .join('\n');
        expect(Object.fromEntries(parseOsRelease(text))).toEqual(fields);
      }),
    );
  });

  it('takes any text without throwing, and keeps only well-formed keys', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        for (const k of parseOsRelease(text).keys()) expect(k).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        osNameOf(text);
      }),
    );
  });
});

describe('cpuinfo', () => {
  it('names an x86 CPU by its first block, its spaces collapsed', () => {
    const text =
      'processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU           E5-2680 v4 @ 2.40GHz\nflags\t\t: fpu vme\n\nprocessor\t: 1\nmodel name\t: other\n';
    expect(cpuModelOf(text)).toBe('Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz');
    expect(cpuinfoHypervisorFlag(text)).toBe(false);
    expect(cpuinfoHypervisorFlag(readFileSync(join(RECORDED, 'proc/cpuinfo'), 'utf8'))).toBe(true);
  });

  it('names arm64 cores by implementer and part (arch/arm64/kernel/cpuinfo.c prints no model name)', () => {
    const arm64 = (implementer: string, part: string) =>
      `processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics\nCPU implementer\t: ${implementer}\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: ${part}\nCPU revision\t: 1\n\n`;
    expect(cpuModelOf(arm64('0x41', '0xd0c'))).toBe('ARM Neoverse-N1');
    expect(cpuModelOf(arm64('0x41', '0xd4f'))).toBe('ARM Neoverse-V2');
    expect(cpuModelOf(arm64('0xc0', '0xac3'))).toBe('Ampere Ampere-1');
    expect(cpuModelOf(arm64('0x41', '0xfff'))).toBe('ARM part 0xfff');
    expect(cpuModelOf(arm64('0x99', '0x001'))).toBe('implementer 0x99 part 0x001');
    expect(cpuModelOf(arm64('constructor', '__proto__'))).toBe('implementer constructor part __proto__');
    expect(cpuinfoHypervisorFlag(arm64('0x41', '0xd0c'))).toBeUndefined();
  });

  it('names POWER, MIPS and RISC-V CPUs by their own fields', () => {
    expect(cpuModelOf('processor\t: 0\ncpu\t\t: POWER9 (architected), altivec supported\nclock\t\t: 2750.000000MHz\n\n')).toBe(
      'POWER9 (architected), altivec supported',
    );
    expect(cpuModelOf('system type\t\t: MT7621\nprocessor\t\t: 0\ncpu model\t\t: MIPS 1004Kc V2.15\n\n')).toBe('MIPS 1004Kc V2.15');
    expect(cpuModelOf('processor\t: 0\nhart\t\t: 1\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\nuarch\t\t: sifive,u74-mc\n\n')).toBe('sifive,u74-mc');
    expect(cpuModelOf('processor\t: 0\n\n')).toBeUndefined();
  });

  it('takes any text without throwing, and gives one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const model = cpuModelOf(text);
        if (model !== undefined) expect(model).not.toMatch(/\n/);
        cpuinfoHypervisorFlag(text);
      }),
    );
  });
});

describe('the hypervisor', () => {
  it('prefers CPUID to DMI, as systemd does: KVM shows QEMU in DMI', () => {
    expect(virtualizationOf({ ...none, cpuid: 'KVMKVMKVM\0\0\0', dmi: ['QEMU', 'Standard PC (Q35 + ICH9, 2009)'] })).toBe('KVM');
    expect(virtualizationOf({ ...none, cpuid: 'TCGTCGTCGTCG', dmi: ['QEMU'] })).toBe('QEMU');
    expect(virtualizationOf({ ...none, cpuid: 'Microsoft Hv', dmi: ['Microsoft Corporation', 'Virtual Machine'] })).toBe('Microsoft Hyper-V');
  });

  it('trusts DMI first for Xen, EC2 and VirtualBox', () => {
    expect(virtualizationOf({ ...none, cpuid: 'KVMKVMKVM\0\0\0', dmi: ['Amazon EC2', 'm6i.large'] })).toBe('Amazon EC2');
    expect(virtualizationOf({ ...none, cpuid: 'XenVMMXenVMM', dmi: ['Xen', 'HVM domU'] })).toBe('Xen');
    expect(virtualizationOf({ ...none, cpuid: 'KVMKVMKVM\0\0\0', dmi: ['innotek GmbH', 'VirtualBox'] })).toBe('Oracle VirtualBox');
  });

  it('falls back to Xen’s type, the device tree and the hypervisor flag', () => {
    expect(virtualizationOf({ ...none, hypervisorType: 'xen' })).toBe('Xen');
    expect(virtualizationOf({ ...none, deviceTree: 'linux,kvm\0' })).toBe('KVM');
    expect(virtualizationOf({ ...none, deviceTree: 'xen,xen-4.1\0xen,xen\0' })).toBe('Xen');
    expect(virtualizationOf({ ...none, cpuinfoFlag: true })).toBe('virtual machine');
    expect(virtualizationOf({ ...none, cpuid: 'NoSuchHyperV' })).toBe('virtual machine');
    // A signature that names an Object.prototype member is still just unknown (found by the property below).
    expect(virtualizationOf({ ...none, cpuid: 'toString' })).toBe('virtual machine');
  });

  it('says none only where the CPU says so, and nothing where nothing tells', () => {
    expect(virtualizationOf({ ...none, cpuid: null, dmi: ['Dell Inc.', 'PowerEdge R750'], cpuinfoFlag: false })).toBe('none');
    expect(virtualizationOf({ ...none, cpuinfoFlag: false })).toBe('none');
    expect(virtualizationOf({ ...none, dmi: ['Ampere(TM)'] })).toBeUndefined();
    expect(virtualizationOf(none)).toBeUndefined();
  });

  it('takes any evidence without throwing', () => {
    const text = fc.option(fc.string({ unit: 'binary' }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(null), text),
        fc.array(fc.string()),
        text,
        text,
        fc.option(fc.boolean(), { nil: undefined }),
        (cpuid, dmi, hypervisorType, deviceTree, cpuinfoFlag) => {
          const name = virtualizationOf({ cpuid, dmi, hypervisorType, deviceTree, cpuinfoFlag });
          expect(name === undefined || typeof name === 'string').toBe(true);
        },
      ),
    );
  });
});
