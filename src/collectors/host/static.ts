/**
 * Host facts read once at start-up to build the CollectorContext: identity, clock ticks, page
 * size, boot time; and the static inventory (CPU model, OS release, virtualisation), which
 * systeminformation already knows how to find, bounded by a timeout and never sampled.
 */
import { arch as nodeArch, endianness, hostname as unameHostname, machine, release as unameRelease } from 'node:os';
import { join } from 'node:path';
import type { HostInfo } from '../../types/snapshot.js';
import { readBytesSync, tryReadTextSync, unlessGoneOrDenied, type ReadBuffer } from '../../util/readfile.js';
import { sanitizeText } from '../../util/sanitize.js';
import { AT_CLKTCK, AT_PAGESZ, auxvValue, parseBtime, parseKernelPageSize } from './parse.js';
import { readPidNamespaceInode } from '../../util/pid-namespace.js';
import { readHostname, readKernelRelease, readOnlineCpuCount, readUptimeSeconds } from './proc.js';

/** How long the one-off inventory may take before its fields are left unmeasured. */
const INVENTORY_TIMEOUT_MS = 3000;

/**
 * USER_HZ is an ABI constant of 100 on every architecture Linux supports today (the kernel
 * scales its internal HZ to it for /proc), so this is the fallback when the auxiliary vector
 * cannot be read.
 * @see https://man7.org/linux/man-pages/man7/time.7.html
 */
const LINUX_USER_HZ = 100;

/** The static inventory part of HostInfo. */
export type HostInventory = Pick<HostInfo, 'osName' | 'cpuModel' | 'virtualization'>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  return Promise.race([promise.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/**
 * CPU model, OS release and hypervisor from systeminformation; each field absent on failure or
 * after INVENTORY_TIMEOUT_MS. It is slow (it starts helper processes: bench/README.md, 'Host
 * inventory after the first frame'), so a caller that wants its first frame early can start with
 * readHostFacts and add this later.
 */
export async function readHostInventory(): Promise<HostInventory> {
  // Loaded here, not at the top: the modules are slow to load (same entry). Only the three it
  // asks (and the two they need): the package's index loads all of its 40, whose source the
  // bundle then holds in memory for as long as it runs (bench/README.md, same entry).
  // Without them, no inventory.
  const si = await withTimeout(
    Promise.all([import('systeminformation/lib/cpu.js'), import('systeminformation/lib/osinfo.js'), import('systeminformation/lib/system.js')]),
    INVENTORY_TIMEOUT_MS,
  );
  if (si === undefined) return {};
  const [{ cpu: readCpu }, { osInfo: readOs }, { system: readSystem }] = si;
  const [cpu, os, system] = await Promise.all([
    withTimeout(readCpu(), INVENTORY_TIMEOUT_MS),
    withTimeout(readOs(), INVENTORY_TIMEOUT_MS),
    withTimeout(readSystem(), INVENTORY_TIMEOUT_MS),
  ]);
  const cpuModel = [cpu?.manufacturer, cpu?.brand].filter((s) => s).join(' ');
  const osName = [os?.distro, os?.release, os?.codename && `(${os.codename})`].filter((s) => s).join(' ');
  const virtualization = system === undefined ? undefined : system.virtual ? system.virtualHost || 'virtual machine' : 'none';
  // These come from files and tools (/etc/os-release, DMI) that a local admin can fill with anything.
  return {
    cpuModel: cpuModel ? sanitizeText(cpuModel) : undefined,
    osName: osName ? sanitizeText(osName) : undefined,
    virtualization: virtualization === undefined ? undefined : sanitizeText(virtualization),
  };
}

/**
 * A value of this process's own auxiliary vector, as sysconf(3) reads it: the running kernel's
 * page size and USER_HZ, whatever /proc root the collectors read (a recorded host's tree has no
 * process of ours; getconf, which this replaces, answered for the running system too). Undefined
 * when the file cannot be read or holds no such entry.
 */
function readAuxv(buffer: ReadBuffer, type: number): number | undefined {
  const data = unlessGoneOrDenied(() => readBytesSync(buffer, '/proc/self/auxv', 64 * 1024));
  return data === undefined ? undefined : auxvValue(data, type, endianness() === 'LE');
}

/** Page size: AT_PAGESZ, else the KernelPageSize the kernel reports for our own mappings. */
function readPageSize(buffer: ReadBuffer, procRoot: string): number {
  const measured = readAuxv(buffer, AT_PAGESZ);
  if (measured !== undefined) return measured;
  const smaps = tryReadTextSync(buffer, join(procRoot, 'self/smaps'));
  const fromSmaps = smaps === undefined ? undefined : parseKernelPageSize(smaps);
  if (fromSmaps === undefined) throw new Error('page size unknown: /proc/self/auxv has no AT_PAGESZ and /proc/self/smaps has no KernelPageSize');
  return fromSmaps;
}

/**
 * The host facts /proc, /sys and uname give, synchronously.
 * Identity and counts come from `procRoot`/`sysRoot`; the architecture is uname's machine of the
 * running kernel.
 * @see https://man7.org/linux/man-pages/man5/proc_sys_kernel.5.html
 */
export function readHostFacts(buffer: ReadBuffer, procRoot: string, sysRoot: string): HostInfo {
  const stat = tryReadTextSync(buffer, join(procRoot, 'stat'));
  const btime = stat === undefined ? undefined : parseBtime(stat);
  const cpuCount = readOnlineCpuCount(buffer, procRoot, sysRoot);
  if (cpuCount === undefined) throw new Error(`cannot count CPUs from ${sysRoot} or ${procRoot}/stat`);
  return {
    // uname(2) gives the same two strings where /proc/sys is not mounted (some containers).
    hostname: readHostname(buffer, procRoot) ?? sanitizeText(unameHostname()),
    kernel: readKernelRelease(buffer, procRoot) ?? unameRelease(),
    arch: machine() || nodeArch(),
    cpuCount,
    bootTime: btime === undefined ? undefined : btime * 1000,
    uptimeSeconds: readUptimeSeconds(buffer, procRoot),
    clockTicks: readAuxv(buffer, AT_CLKTCK) ?? LINUX_USER_HZ,
    pageSize: readPageSize(buffer, procRoot),
    pidNamespace: readPidNamespaceInode(procRoot),
  };
}

/**
 * Read the host facts and the static inventory once. The sampler calls this at start-up and
 * puts the result in CollectorContext.host.
 */
export async function readHostInfo(buffer: ReadBuffer, procRoot: string, sysRoot: string): Promise<HostInfo> {
  const facts = readHostFacts(buffer, procRoot, sysRoot);
  return { ...facts, ...(await readHostInventory()) };
}
