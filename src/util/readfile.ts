/**
 * Synchronous small-file reads with one reused buffer. For thousands of tiny /proc files,
 * synchronous reads cost far less than fs.promises (bench/README.md, 'Synchronous /proc reads'),
 * and the sampler runs between frames, not inside them.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';

/**
 * The buffer the reads below read into, one per owner that reads files (the Monitor's
 * CollectorContext, the /proc process reader, the actions), so thousands of reads a tick
 * allocate nothing. A Buffer a read returns is a view of it, valid until the owner's next read
 * through it. Grown when a file is larger.
 */
export class ReadBuffer {
  bytes = Buffer.allocUnsafe(64 * 1024);
}

/** Errors that mean "the thing is gone or not ours to read", as opposed to a bug. */
export function isGoneError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR';
}

export function isDeniedError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

/**
 * Read a whole file into a Buffer view of `buffer` (valid until its next read), growing
 * the buffer when the file is larger. `maxBytes` bounds hostile inputs (a 2 MiB cmdline).
 * Throws the fs error (ENOENT when a process vanished).
 */
export function readBytesSync(buffer: ReadBuffer, path: string, maxBytes = 4 * 1024 * 1024): Buffer {
  const fd = openSync(path, 'r');
  try {
    return readRestSync(buffer, fd, 0, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Read a single-record seq_file, such as /proc/PID/{stat,statm,io,schedstat,status}, with one
 * read(2) where it fits, instead of readBytesSync's extra zero-byte read to find the end: that
 * read is a large share of a pass's syscalls (bench/README.md, 'One read per record file').
 *
 * Why one read is the whole file: those files are opened with single_open() and produced by one
 * show() call (fs/proc/base.c: the ONE() entries go through proc_single_open/proc_single_show).
 * seq_read_iter() (fs/seq_file.c) formats the whole record into its own buffer, growing it until
 * the record fits, then copies as much as the reader asked for; the single_open iterator has no
 * next record, so a read that returns less than the bytes asked for has returned the whole file.
 * A read that fills the buffer may have been cut, so it goes on with readBytesSync's loop. Only
 * for such files: cmdline, for one, returns at most a page per read and must keep looping.
 * Same result and errors as readBytesSync.
 */
export function readSingleRecordSync(buffer: ReadBuffer, path: string, maxBytes = 4 * 1024 * 1024): Buffer {
  const fd = openSync(path, 'r');
  try {
    return readRecordSync(buffer, fd, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/** Read the single-record seq_file open as `fd` from its start (see readSingleRecordSync). */
function readRecordSync(buffer: ReadBuffer, fd: number, maxBytes: number): Buffer {
  const limit = Math.min(buffer.bytes.length, maxBytes);
  const n = readSync(fd, buffer.bytes, 0, limit, 0);
  return n < limit ? buffer.bytes.subarray(0, n) : readRestSync(buffer, fd, n, maxBytes);
}

/**
 * Go on reading `fd` into `buffer` after its first `len` bytes, to the end or maxBytes.
 * Positioned reads (pread), so a file kept open (KeptRecordFiles) reads the same as a fresh one.
 */
function readRestSync(buffer: ReadBuffer, fd: number, len: number, maxBytes: number): Buffer {
  for (;;) {
    // The buffer may already be larger than this read's cap (grown by an earlier read).
    const limit = Math.min(buffer.bytes.length, maxBytes);
    if (len === limit) {
      if (limit >= maxBytes) break;
      const bigger = Buffer.allocUnsafe(Math.min(buffer.bytes.length * 2, maxBytes));
      buffer.bytes.copy(bigger, 0, 0, len);
      buffer.bytes = bigger;
    }
    const n = readSync(fd, buffer.bytes, len, Math.min(buffer.bytes.length, maxBytes) - len, len);
    if (n === 0) break;
    len += n;
  }
  return buffer.bytes.subarray(0, len);
}

/**
 * Single-record seq_files (as readSingleRecordSync) kept open from one pass to the next and read
 * again from offset 0: procfs formats the record anew on every read from the start (fs/seq_file.c
 * seq_read_iter restarts when the position is not where the last read left off), so a pass
 * saves the open and the close, which cost more than the read itself (bench/README.md, 'Kept
 * /proc files').
 *
 * A /proc/PID file stays bound to the process it was opened for (its struct pid): once that
 * process is gone a read fails with ESRCH, even if the pid now names another process, so a kept
 * file never reads someone else. At most `max` files are kept (see fdBudget); past that, files
 * are opened and closed as usual.
 *
 * The price is kernel memory: a kept file holds its seq_file buffer, unreclaimable slab, until it
 * is closed (the same entry says how much).
 */
export class KeptRecordFiles {
  private readonly kept = new Map<string, { fd: number; pass: number }>();
  private pass = 0;
  private readonly buffer: ReadBuffer;
  private readonly max: number;

  /** Reads go into `buffer`: a Buffer `read` returns is valid until its next read. */
  constructor(buffer: ReadBuffer, max: number) {
    this.buffer = buffer;
    this.max = max;
  }

  /** Same result and errors as readSingleRecordSync(buffer, path). */
  read(path: string, maxBytes = 4 * 1024 * 1024): Buffer {
    const kept = this.kept.get(path);
    if (kept !== undefined) {
      try {
        const out = readRecordSync(this.buffer, kept.fd, maxBytes);
        kept.pass = this.pass;
        return out;
      } catch (err) {
        this.kept.delete(path);
        closeSync(kept.fd);
        // Its process is gone; the path may name a new one now: opened afresh below.
        if (!isGoneError(err)) throw err;
      }
    }
    const fd = openSync(path, 'r');
    let keep = false;
    try {
      const out = readRecordSync(this.buffer, fd, maxBytes);
      keep = this.kept.size < this.max;
      if (keep) this.kept.set(path, { fd, pass: this.pass });
      return out;
    } finally {
      if (!keep) closeSync(fd);
    }
  }

  /** End a pass: close the files it did not read (their processes are gone or not listed). */
  endPass(): void {
    // forEach, not for-of over entries: no [key, value] array per file.
    this.kept.forEach((kept, path) => {
      if (kept.pass === this.pass) return;
      this.kept.delete(path);
      closeSync(kept.fd);
    });
    this.pass++;
  }

  /** How many files are open now. */
  get size(): number {
    return this.kept.size;
  }

  closeAll(): void {
    for (const { fd } of this.kept.values()) closeSync(fd);
    this.kept.clear();
  }
}

/**
 * The soft "Max open files" limit in /proc/self/limits text (proc_pid_limits(5)), or undefined
 * when the line is missing or says unlimited.
 */
export function parseMaxOpenFiles(limitsText: string): number | undefined {
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(limitsText);
  return m === null || m[1] === 'unlimited' ? undefined : Number(m[1]);
}

/**
 * How many files a cache such as KeptRecordFiles may hold open: a quarter of the soft limit on
 * open files (Node raises it to the hard limit at start-up), at most `cap`, leaving the rest to
 * sockets, logs and the detail view's reads.
 */
export function fdBudget(cap: number, limitsPath = '/proc/self/limits'): number {
  // Read once per cache, so no ReadBuffer of its own.
  const soft = parseMaxOpenFiles(unlessGoneOrDenied(() => readFileSync(limitsPath, 'utf8')) ?? '');
  return soft === undefined ? cap : Math.max(0, Math.min(cap, Math.floor(soft / 4)));
}

/** Read a whole file as latin1-safe UTF-8 text (small /proc and /sys files). */
export function readTextSync(buffer: ReadBuffer, path: string, maxBytes?: number): string {
  return readBytesSync(buffer, path, maxBytes).toString('utf8');
}

/** Like readTextSync, but undefined when the file does not exist or cannot be read. */
export function tryReadTextSync(buffer: ReadBuffer, path: string, maxBytes?: number): string | undefined {
  return unlessGoneOrDenied(() => readTextSync(buffer, path, maxBytes));
}

/** `read()`, or undefined where it throws a gone or denied error (isGoneError, isDeniedError). */
export function unlessGoneOrDenied<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (isGoneError(err) || isDeniedError(err)) return undefined;
    throw err;
  }
}

/** Names in the folder `path`, or [] when it is gone or not ours to list (a process's fd folder). */
export function listDirOrEmpty(path: string): string[] {
  return unlessGoneOrDenied(() => readdirSync(path)) ?? [];
}

/**
 * Read a table seq_file such as /proc/net/tcp without readBytesSync's extra read to find its end
 * where the first read already holds the whole table. Every read of /proc/net/tcp or tcp6 walks
 * the whole established-connections hash, however few sockets are open, so that extra read
 * doubled the cost of listing the sockets (bench/README.md, 'Socket tables read once').
 *
 * Why a short first read is the whole table: seq_read_iter() (fs/seq_file.c) fills a buffer of
 * its own, a page to begin with (seq_buf_alloc(PAGE_SIZE), grown only while one record does not
 * fit alone), with records until the reader's count is reached, the next record would overflow
 * the buffer, or the iterator has none left. A first read that leaves room in that page for one
 * more record of at most `maxRecordBytes` stopped because the table ended. Otherwise it goes on
 * reading to the end. Same result and errors as readBytesSync.
 */
export function readSeqTableSync(buffer: ReadBuffer, path: string, pageSize: number, maxRecordBytes: number, maxBytes = 4 * 1024 * 1024): Buffer {
  const fd = openSync(path, 'r');
  try {
    const limit = Math.min(buffer.bytes.length, maxBytes);
    const n = readSync(fd, buffer.bytes, 0, limit, 0);
    return n < limit && n + maxRecordBytes < pageSize ? buffer.bytes.subarray(0, n) : readRestSync(buffer, fd, n, maxBytes);
  } finally {
    closeSync(fd);
  }
}
