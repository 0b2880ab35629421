/**
 * Which process holds each socket: a map from socket inode to pid, built by reading every
 * /proc/PID/fd/* link (`socket:[inode]`), as ss -p and netstat -p do.
 *
 * That walk costs one readdir per process and one readlink per open file, far more than one read
 * may spend on a machine with thousands of processes (bench/README.md, 'Socket owner walk spread
 * over reads'). So the map is cached, a new walk starts at most every maxAgeMs (or after
 * minAgeMs when a socket appears that the last walk did not place), and a walk is spread over
 * ticks: each lookup walks for at most budgetMs and resumes where it stopped next time.
 * Until a walk finishes, lookups answer from the last finished walk plus what the current one
 * has found so far.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isDeniedError, isGoneError, listDirOrEmpty, tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { parseSocketLink } from './parse.js';

/** The process holding a socket. */
export interface SocketOwner {
  pid: number;
  /** Raw kernel comm (not yet sanitised). */
  comm?: string;
}

/** The pids under `procRoot`, as strings, in the order readdir gives them. */
function listPids(procRoot: string): string[] {
  return listDirOrEmpty(procRoot).filter((entry) => /^\d+$/.test(entry));
}

/**
 * Add the sockets of one process to `owners`. A socket shared by several processes (after
 * fork) keeps the first owner found. A process that vanishes mid-walk or denies access (when
 * not root) adds nothing; false when its fd folder was denied.
 */
function addSocketsOf(buffer: ReadBuffer, procRoot: string, pid: string, owners: Map<number, SocketOwner>): boolean {
  const fdDir = join(procRoot, pid, 'fd');
  let fds: string[];
  try {
    fds = readdirSync(fdDir);
  } catch (err) {
    if (isGoneError(err)) return true;
    if (isDeniedError(err)) return false;
    throw err;
  }
  let owner: SocketOwner | undefined;
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(join(fdDir, fd));
    } catch (err) {
      if (isGoneError(err) || isDeniedError(err)) continue;
      throw err;
    }
    const inode = parseSocketLink(target);
    if (inode === undefined || owners.has(inode)) continue;
    owner ??= { pid: Number(pid), comm: tryReadTextSync(buffer, join(procRoot, pid, 'comm'))?.replace(/\n$/, '') };
    owners.set(inode, owner);
  }
  return true;
}

/** One whole walk of /proc/PID/fd: every socket inode mapped to the process holding it. */
export function scanSocketOwners(buffer: ReadBuffer, procRoot: string): Map<number, SocketOwner> {
  const owners = new Map<number, SocketOwner>();
  for (const pid of listPids(procRoot)) addSocketsOf(buffer, procRoot, pid, owners);
  return owners;
}

interface Walk {
  startedAt: number;
  pids: string[];
  next: number;
  owners: Map<number, SocketOwner>;
  /** The pids whose fd folder this walk was denied. */
  denied: Set<string>;
}

/**
 * A walk asks again for the fd folders the last walk was denied only every this many walks. Not
 * root, the folders of other users' processes are denied, and each denial is an exception thrown
 * and caught: at thousands of such processes most of a walk (bench/README.md, 'Denied fd folders
 * skipped'). A process that changed its user since (a daemon dropping root) is placed within
 * this many walks.
 */
const DENIED_RECHECK_WALKS = 6;

/**
 * The pids walk number `walk` visits, of those listed: all of them every DENIED_RECHECK_WALKS
 * walks, else those the last walk was not denied; and the denied it skips, which count as denied
 * again for the walk after.
 */
export function pidsToWalk(listed: readonly string[], lastDenied: ReadonlySet<string>, walk: number): { visit: string[]; skipped: Set<string> } {
  if (walk % DENIED_RECHECK_WALKS === 0 || lastDenied.size === 0) return { visit: [...listed], skipped: new Set() };
  const visit: string[] = [];
  const skipped = new Set<string>();
  for (const pid of listed) {
    if (lastDenied.has(pid)) skipped.add(pid);
    else visit.push(pid);
  }
  return { visit, skipped };
}

/** The cached, incrementally rebuilt inode → owner map (one per backend). */
export class SocketOwnerCache {
  private owners = new Map<number, SocketOwner>();
  private builtAt: number | undefined;
  /** Inodes that the last finished walk could not place (kernel sockets, other namespaces). */
  private unplaced = new Set<number>();
  private walk: Walk | undefined;
  /** The pids the last finished walk was denied, and the walks taken (for DENIED_RECHECK_WALKS). */
  private denied = new Set<string>();
  private walks = 0;

  /** No lookup has come yet: the next one is the first frame's, which walks nothing. */
  private first = true;

  /**
   * Defaults: a walk every 10 s, sooner (after 2 s) for unplaced sockets, and at most 50 ms of
   * walking per lookup, which bounds the worst case (a busy server opening sockets all the time)
   * to 50 ms per connections read; with thousands of processes a full walk then spans several
   * reads (same entry). The first lookup starts no walk: its read is part of the wait for the
   * first frame, which shows no owner (only the connection list does), and where the kernel
   * session opens after that frame, its socket list (with owners) replaces this backend before
   * the walk would have finished. Listing /proc and a 10 ms walk were 20-28 ms of that wait at
   * 5,000 processes (bench/README.md, "No ICU before the first frame").
   */
  constructor(
    private readonly maxAgeMs = 10_000,
    private readonly minAgeMs = 2000,
    private readonly budgetMs = 50,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Owners of `inodes` at monotonic time `now` (inode 0, a socket no file holds, is never
   * looked up). The result holds only the inodes asked for that have a known owner.
   */
  lookup(buffer: ReadBuffer, procRoot: string, inodes: number[], now: number): Map<number, SocketOwner> {
    if (this.first) {
      this.first = false;
      return new Map();
    }
    if (this.walk === undefined && this.shouldStartWalk(inodes, now)) {
      this.walks += 1;
      const { visit, skipped } = pidsToWalk(listPids(procRoot), this.denied, this.walks);
      this.walk = { startedAt: now, pids: visit, next: 0, owners: new Map(), denied: skipped };
    }
    if (this.walk !== undefined) this.continueWalk(buffer, procRoot, inodes);
    const found = new Map<number, SocketOwner>();
    for (const inode of inodes) {
      const owner = inode === 0 ? undefined : (this.walk?.owners.get(inode) ?? this.owners.get(inode));
      if (owner !== undefined) found.set(inode, owner);
    }
    return found;
  }

  private shouldStartWalk(inodes: number[], now: number): boolean {
    const age = this.builtAt === undefined ? Infinity : now - this.builtAt;
    if (age >= this.maxAgeMs) return true;
    return age >= this.minAgeMs && inodes.some((i) => i !== 0 && !this.owners.has(i) && !this.unplaced.has(i));
  }

  /** Walk until the budget is spent; on finishing, the new map replaces the old one. */
  private continueWalk(buffer: ReadBuffer, procRoot: string, inodes: number[]): void {
    const walk = this.walk!;
    const deadline = this.clock() + this.budgetMs;
    while (walk.next < walk.pids.length && this.clock() < deadline) {
      const pid = walk.pids[walk.next++];
      if (!addSocketsOf(buffer, procRoot, pid, walk.owners)) walk.denied.add(pid);
    }
    if (walk.next < walk.pids.length) return;
    this.owners = walk.owners;
    this.denied = walk.denied;
    this.builtAt = walk.startedAt;
    this.unplaced = new Set(inodes.filter((i) => i !== 0 && !walk.owners.has(i)));
    this.walk = undefined;
  }
}
