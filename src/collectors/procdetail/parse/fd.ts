/**
 * Pure parsers for open file descriptors: the target of a /proc/PID/fd/N link (what kind of
 * file it is) and the `flags:` line of /proc/PID/fdinfo/N (proc_pid_fdinfo(5)).
 */
import { constants } from 'node:fs';

/** What a descriptor refers to, from the shape of its link target. */
export type FdKind = 'path' | 'device' | 'socket' | 'pipe' | 'anon_inode' | 'memfd' | 'namespace' | 'other';

export interface FdTarget {
  kind: FdKind;
  /** Socket and pipe inode (`socket:[123]`), to join with /proc/net tables. */
  inode?: number;
  /** The file was unlinked while open (`/path (deleted)`). */
  deleted?: boolean;
  /** For anon_inode: the subtype (eventfd, eventpoll, inotify, [timerfd], bpf-map, …). */
  subtype?: string;
}

/**
 * Classify a /proc/PID/fd/N link target: `/path`, `/path (deleted)`, `/dev/…`, `socket:[ino]`,
 * `pipe:[ino]`, `anon_inode:[eventfd]` or `anon_inode:inotify`, `/memfd:name (deleted)`,
 * `net:[ino]` (a namespace file).
 * @see https://man7.org/linux/man-pages/man5/proc_pid_fd.5.html
 */
export function classifyFdTarget(target: string): FdTarget {
  // Inodes are u64: 20 digits at most (a longer run would read as Infinity).
  const socket = /^socket:\[(\d{1,20})\]$/.exec(target);
  if (socket !== null) return { kind: 'socket', inode: Number(socket[1]) };
  const pipe = /^pipe:\[(\d{1,20})\]$/.exec(target);
  if (pipe !== null) return { kind: 'pipe', inode: Number(pipe[1]) };
  if (target.startsWith('anon_inode:')) {
    return { kind: 'anon_inode', subtype: target.slice('anon_inode:'.length).replace(/^\[(.*)\]$/, '$1') };
  }
  const deleted = target.endsWith(' (deleted)');
  if (target.startsWith('/memfd:')) return { kind: 'memfd', deleted };
  if (target.startsWith('/dev/')) return { kind: 'device', deleted };
  if (target.startsWith('/')) return { kind: 'path', deleted };
  if (/^[a-z_]+:\[\d+\]$/.test(target)) return { kind: 'namespace' };
  return { kind: 'other' };
}

/** The octal `flags:` field of fdinfo (`0%o` of 32 bits: 12 digits at most), or undefined. */
export function parseFdinfoFlags(text: string): number | undefined {
  const m = /^flags:\s+([0-7]{1,12})$/m.exec(text);
  return m === null ? undefined : parseInt(m[1], 8);
}

/**
 * O_CLOEXEC is 02000000 on every architecture Node supports on Linux; node:fs does not export
 * it. The rest come from node:fs so they match this machine's architecture (arm64 differs).
 */
const O_CLOEXEC = 0o2000000;

const FLAG_NAMES: [number, string][] = [
  [constants.O_APPEND, 'APPEND'],
  [constants.O_NONBLOCK, 'NONBLOCK'],
  [constants.O_SYNC, 'SYNC'],
  [constants.O_DSYNC, 'DSYNC'],
  [constants.O_DIRECT ?? 0, 'DIRECT'],
  [constants.O_NOATIME ?? 0, 'NOATIME'],
  [constants.O_DIRECTORY, 'DIRECTORY'],
  [constants.O_NOFOLLOW, 'NOFOLLOW'],
  [O_CLOEXEC, 'CLOEXEC'],
];

/**
 * Open flags in words: the access mode (RDONLY, WRONLY, RDWR, or PATH for O_PATH descriptors)
 * then the status flags that are set, e.g. `RDWR NONBLOCK CLOEXEC`.
 * @see https://man7.org/linux/man-pages/man2/open.2.html
 */
export function describeOpenFlags(flags: number): string {
  const words: string[] = [];
  // O_PATH is 010000000 on x86-64 and arm64.
  if ((flags & 0o10000000) !== 0) words.push('PATH');
  else words.push(['RDONLY', 'WRONLY', 'RDWR', 'ACCMODE3'][flags & 3]);
  for (const [bit, name] of FLAG_NAMES) {
    // O_SYNC includes the O_DSYNC bit; name DSYNC only when SYNC is not fully set.
    if (bit === 0 || (flags & bit) !== bit) continue;
    if (name === 'DSYNC' && (flags & constants.O_SYNC) === constants.O_SYNC) continue;
    words.push(name);
  }
  return words.join(' ');
}
