/**
 * Reader for the files section: every /proc/PID/fd/N link (what it is) and, for a bounded
 * number of descriptors, the open flags from /proc/PID/fdinfo/N. Links are cheap (one
 * readlink); fdinfo is an open+read+close each, so it is capped to keep a process with tens of
 * thousands of descriptors inside the detail view's budget.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isGoneError, readTextSync, type ReadBuffer } from '../../util/readfile.js';
import { sanitizeText } from '../../util/sanitize.js';
import { classifyFdTarget, describeOpenFlags, parseFdinfoFlags, type FdKind } from './parse/fd.js';
import type { FdRow, FilesInfo } from './types.js';

/** fdinfo is read for at most this many descriptors per refresh (lowest numbers first). */
export const FDINFO_LIMIT = 1_000;

/** The fd rows plus the socket inodes (for the network section). */
export interface FilesRead {
  info: FilesInfo;
  /** fd → socket inode, for every socket descriptor. */
  sockets: Map<number, number>;
}

/**
 * Read /proc/PID/fd, and fdinfo for the lowest `fdinfoLimit` descriptors plus those in `alsoFlags`
 * (the rows on screen). EACCES (another user's process) propagates to the section.
 */
export function readFiles(
  buffer: ReadBuffer,
  procRoot: string,
  pid: number,
  fdinfoLimit = FDINFO_LIMIT,
  alsoFlags: ReadonlySet<number> = new Set(),
): FilesRead {
  const fdDir = join(procRoot, String(pid), 'fd');
  const infoDir = join(procRoot, String(pid), 'fdinfo');
  // String concatenation, not path.join, in the per-descriptor loop: it runs 10,000+ times.
  const fds = readdirSync(fdDir)
    .map(Number)
    .sort((a, b) => a - b);
  const rows: FdRow[] = [];
  const counts: Partial<Record<FdKind, number>> = {};
  const sockets = new Map<number, number>();
  let read = 0;
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`${fdDir}/${fd}`);
    } catch (err) {
      // Closed between readdir and readlink.
      if (isGoneError(err)) continue;
      throw err;
    }
    const kind = classifyFdTarget(target);
    let flags: string | undefined;
    if (read < fdinfoLimit || alsoFlags.has(fd)) {
      read++;
      try {
        const bits = parseFdinfoFlags(readTextSync(buffer, `${infoDir}/${fd}`));
        flags = bits === undefined ? undefined : describeOpenFlags(bits);
      } catch (err) {
        if (!isGoneError(err)) throw err;
      }
    }
    counts[kind.kind] = (counts[kind.kind] ?? 0) + 1;
    if (kind.kind === 'socket' && kind.inode !== undefined) sockets.set(fd, kind.inode);
    rows.push({ fd, kind: kind.kind, target: sanitizeText(target), flags, deleted: kind.deleted });
  }
  return { info: { fds: rows, countsByKind: counts, flagsLimit: fdinfoLimit }, sockets };
}
