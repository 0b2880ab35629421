/**
 * Host facts read once at start-up to build the CollectorContext: identity, clock ticks, page
 * size, boot time, and the static inventory (CPU model, OS release, virtualisation: inventory.ts).
 */
import { arch as nodeArch, endianness, hostname as unameHostname, machine, release as unameRelease } from 'node:os';
import { join } from 'node:path';
import type { HostInfo } from '../../types/snapshot.js';
import { readBytesSync, tryReadTextSync, unlessGoneOrDenied, type ReadBuffer } from '../../util/readfile.js';
import { sanitizeText } from '../../util/sanitize.js';
import { AT_CLKTCK, AT_PAGESZ, auxvValue, parseBtime, parseKernelPageSize } from './parse.js';
import { readPidNamespaceInode } from '../../util/pid-namespace.js';
import { readHostname, readKernelRelease, readOnlineCpuCount, readUptimeSeconds } from './proc.js';
import { readHostInventory } from './inventory.js';
import { isLiveProcRoot } from '../contract.js';
import { hypervisorSignature } from '../../native/cpuid.js';

/**
 * USER_HZ is an ABI constant of 100 on every architecture Linux supports today (the kernel
 * scales its internal HZ to it for /proc), so this is the fallback when the auxiliary vector
 * cannot be read.
 * @see https://man7.org/linux/man-pages/man7/time.7.html
 */
const LINUX_USER_HZ = 100;

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
 * The host facts /proc, /sys, /etc and uname give, synchronously.
 * Identity, counts and the inventory come from `procRoot`/`sysRoot`/`etcRoot`; the architecture
 * is uname's machine of the running kernel, and CPUID is asked only where procRoot is the running
 * machine's.
 * @see https://man7.org/linux/man-pages/man5/proc_sys_kernel.5.html
 */
export function readHostFacts(buffer: ReadBuffer, procRoot: string, sysRoot: string, etcRoot = '/etc'): HostInfo {
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
    ...readHostInventory(buffer, { procRoot, sysRoot, etcRoot, cpuid: isLiveProcRoot(procRoot) ? hypervisorSignature : () => undefined }),
  };
}
