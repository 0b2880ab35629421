/**
 * Which PID namespace SmoothTask runs in. The kernel's task list and every map the eBPF programs
 * keep name processes by their PIDs in the initial namespace; inside a container (a child PID
 * namespace) those PIDs mean nothing, or another process, so the PID-keyed eBPF groups stay off
 * there and /proc, which speaks the namespace's own PIDs, is read instead.
 */
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The initial PID namespace's inode number: PROC_PID_INIT_INO in include/linux/proc_ns.h, fixed
 * since Linux 3.8 so that it is the same on every boot.
 */
export const INITIAL_PID_NAMESPACE_INODE = 0xeffffffc;

/** The inode in a /proc/PID/ns/pid link's text ("pid:[4026531836]"), or undefined. */
export function parsePidNamespaceLink(text: string): number | undefined {
  const m = /^pid:\[(\d{1,12})\]$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** Our own PID namespace's inode, from `procRoot`/self/ns/pid; undefined where it cannot be read. */
export function readPidNamespaceInode(procRoot: string): number | undefined {
  try {
    return parsePidNamespaceLink(readlinkSync(join(procRoot, 'self/ns/pid')));
  } catch {
    return undefined;
  }
}
