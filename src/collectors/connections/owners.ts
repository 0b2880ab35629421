/**
 * Which process holds each socket: a map from socket inode to pid, built by reading every
 * /proc/PID/fd/* link (`socket:[inode]`), as ss -p and netstat -p do. That walk costs one
 * readlink per open file on the machine, so the map is cached and rebuilt at most every
 * maxAgeMs, or sooner (but not more than once per minAgeMs) when a socket appears that the
 * last walk did not see.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isDeniedError, isGoneError, tryReadTextSync } from '../../util/readfile.js';
import { parseSocketLink } from './parse.js';

export interface SocketOwner {
  pid: number;
  /** Raw kernel comm (not yet sanitised). */
  comm?: string;
}

/** Entries of a /proc directory, or [] when the process vanished or is not ours to read. */
function listOrEmpty(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (err) {
    if (isGoneError(err) || isDeniedError(err)) return [];
    throw err;
  }
}

/**
 * Walk /proc/PID/fd for every process under `procRoot` and map socket inodes to the process
 * holding them. A socket shared by several processes (after fork) goes to the first found.
 * Processes that vanish mid-walk or deny access (not root) are skipped.
 */
export function scanSocketOwners(procRoot: string): Map<number, SocketOwner> {
  const owners = new Map<number, SocketOwner>();
  for (const entry of listOrEmpty(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const fdDir = join(procRoot, entry, 'fd');
    let owner: SocketOwner | undefined;
    for (const fd of listOrEmpty(fdDir)) {
      let target: string;
      try {
        target = readlinkSync(join(fdDir, fd));
      } catch (err) {
        if (isGoneError(err) || isDeniedError(err)) continue;
        throw err;
      }
      const inode = parseSocketLink(target);
      if (inode === undefined || owners.has(inode)) continue;
      owner ??= { pid, comm: tryReadTextSync(join(procRoot, entry, 'comm'))?.replace(/\n$/, '') };
      owners.set(inode, owner);
    }
  }
  return owners;
}

/** The cached inode → owner map (one per backend). */
export class SocketOwnerCache {
  private owners = new Map<number, SocketOwner>();
  private builtAt: number | undefined;
  /** Inodes that the last walk could not place (kernel sockets, other namespaces). */
  private unplaced = new Set<number>();

  constructor(
    private readonly maxAgeMs = 5000,
    private readonly minAgeMs = 1000,
  ) {}

  /** Owners of `inodes` (inode 0, an unowned socket, is never looked up). */
  lookup(procRoot: string, inodes: number[], now: number): Map<number, SocketOwner> {
    const age = this.builtAt === undefined ? Infinity : now - this.builtAt;
    const unknown = inodes.some((inode) => inode !== 0 && !this.owners.has(inode) && !this.unplaced.has(inode));
    if (age >= this.maxAgeMs || (unknown && age >= this.minAgeMs)) {
      this.owners = scanSocketOwners(procRoot);
      this.builtAt = now;
      this.unplaced = new Set(inodes.filter((inode) => inode !== 0 && !this.owners.has(inode)));
    }
    return this.owners;
  }
}
