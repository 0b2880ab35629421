/**
 * Pure helpers for namespaces (namespaces(7)): a /proc/PID/ns/<type> link reads
 * `type:[inode]`; two processes share a namespace when the inodes are equal.
 */
import { compareText } from '../../../util/compareText.js';

/** The inode of a namespace link target such as `net:[4026531833]`, or undefined. */
export function parseNsLink(target: string): number | undefined {
  const m = /^[a-z_]+:\[(\d{1,20})\]$/.exec(target);
  return m === null ? undefined : Number(m[1]);
}

/** One namespace of the process that is not the reference's (the host's, /proc/1/ns). */
export interface NamespaceDiff {
  /** cgroup, ipc, mnt, net, pid, time, user, uts (the *_for_children links are left out). */
  type: string;
  inode: number;
  referenceInode: number;
}

/**
 * The namespaces whose inode differs between `own` and `reference` (type → inode maps).
 * A type missing from either side is not compared: unknown is not "different".
 */
export function differingNamespaces(own: Map<string, number>, reference: Map<string, number>): NamespaceDiff[] {
  const out: NamespaceDiff[] = [];
  for (const [type, inode] of own) {
    if (type.endsWith('_for_children')) continue;
    const ref = reference.get(type);
    if (ref !== undefined && ref !== inode) out.push({ type, inode, referenceInode: ref });
  }
  return out.sort((a, b) => compareText(a.type, b.type));
}
