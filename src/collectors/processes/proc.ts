/**
 * The /proc backend of the processes collector. With no earlier backend it lists /proc and reads
 * each process's stat every tick, its statm, io and schedstat when counters.ts says they are due,
 * and its cmdline, cgroup and uid (status) through the facts cache. When an earlier backend (eBPF)
 * already produced the list, it reads only what that list left undefined, and never lists /proc
 * again.
 *
 * Files are read synchronously with the shared buffer of src/util/readfile.ts. A process that
 * vanishes mid-read (ENOENT or ESRCH with its folder gone, an empty stat) is dropped for the
 * tick; a file that is denied (EACCES) or absent while the process is there leaves its fields
 * undefined. The files of one pid are read microseconds apart and the kernel hands out pids
 * cyclically (pid_max is at least 32,768), so within one read they cannot belong to two
 * processes; across ticks and backends the (pid, startTime) key keeps them apart.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { fdBudget, isDeniedError, isGoneError, KeptRecordFiles, readBytesSync, readSingleRecordSync } from '../../util/readfile.js';
import { sanitizeText } from '../../util/sanitize.js';
import { UserNames } from '../../util/users.js';
import { createProcessFactsCache, type ProcessFacts, type ProcessFactsCache } from './cache.js';
import { countersDue, memoryDue, type CounterHistory, type MemoryRead } from './counters.js';
import {
  parseCgroup,
  parseCmdline,
  parseIo,
  parseSchedstatWaitNs,
  parseStat,
  parseStatm,
  parseStatusEffectiveUid,
  parseStatusMemory,
  type StatFields,
  type StatmFields,
} from './parse.js';
import { samePid, type ProcessesRaw, type RawProcess } from './raw.js';

/**
 * A process's cached facts are read again once in this many passes (staggered by pid), or less
 * often when there are many processes: about FACTS_REFRESH_PER_PASS of them a pass, so that at
 * 5,000 processes a pass opens ~100 files for this, not 1,000 (measured: 18 ms a pass).
 */
const FACTS_REFRESH_PASSES = 10;
const FACTS_REFRESH_PER_PASS = 50;

/**
 * A process whose io was denied (another user's, without CAP_SYS_PTRACE: proc_pid_io checks
 * ptrace access) is asked again once in this many passes, not on every rotation or CPU tick: the
 * answer only changes when either side's credentials or the target's dumpable flag do. As nobody
 * at 5,000 root processes that is ~450 fewer failed opens a pass, each with its thrown error.
 */
const IO_DENIED_RETRY_PASSES = 100;

/** Command lines are read up to this many bytes; longer ones are cut and marked. */
export const CMDLINE_MAX_BYTES = 64 * 1024;

export interface ProcReaderOptions {
  /** Cap on the bytes of one cmdline (default CMDLINE_MAX_BYTES). */
  cmdlineMaxBytes?: number;
  /** Bound of the facts cache (default DEFAULT_FACTS_CACHE_SIZE). */
  cacheSize?: number;
  /** uid → name source (default /etc/passwd). */
  users?: UserNames;
  /** Monotonic clock in ms that stamps each counter read (default performance.now). */
  now?: () => number;
}

/** At most this many /proc/PID/stat files are kept open between passes (KeptRecordFiles). */
const MAX_KEPT_STAT_FILES = 16_384;

/** The process vanished while it was being read. */
const GONE = Symbol('gone');
/** The file exists but is not ours to read (EACCES, EPERM). */
const DENIED = Symbol('denied');

/**
 * The files of /proc/PID that are one seq_file record (fs/proc/base.c ONE() entries), read in a
 * single read(2) by readSingleRecordSync. Everything else (cmdline) is read to its end.
 */
const SINGLE_RECORD_FILES = new Set(['stat', 'statm', 'io', 'schedstat', 'status']);

/** `readRecord` reads a single-record file (default: open, read, close). */
function readText(
  dir: string,
  file: string,
  readRecord: (path: string) => Buffer = readSingleRecordSync,
): string | typeof GONE | typeof DENIED {
  try {
    const read = SINGLE_RECORD_FILES.has(file) ? readRecord : readBytesSync;
    const text = read(`${dir}/${file}`).toString('utf8');
    return text === '' ? GONE : text;
  } catch (err) {
    if (isGoneError(err)) return GONE;
    if (isDeniedError(err)) return DENIED;
    throw err;
  }
}

/**
 * Read a file other than stat. A denied read, or a missing file while the process is still there
 * (a kernel built without task I/O accounting has no io), is an unmeasured field: undefined.
 * GONE only when the process itself is gone.
 */
function readOptional(dir: string, file: string): string | undefined | typeof GONE {
  const text = readOptionalOrDenied(dir, file);
  return text === DENIED ? undefined : text;
}

/** readOptional, telling a denied read (DENIED) apart from an absent file (undefined). */
function readOptionalOrDenied(dir: string, file: string): string | undefined | typeof GONE | typeof DENIED {
  const text = readText(dir, file);
  if (text === GONE) return existsSync(dir) ? undefined : GONE;
  return text;
}

/** A statm-like read with the stat figures of its pass (what counters.ts memoryDue compares). */
function withStatFigures(m: StatmFields, stat: StatFields | undefined): MemoryRead {
  return { ...m, statVsize: stat?.vsize, statRss: stat?.rssPagesApprox };
}

/** Hand a memory read to the record, where an earlier backend left it undefined, and to the next pass. */
function fillMemory(proc: RawProcess, next: CounterHistory, memory: MemoryRead | undefined): void {
  next.memory = memory;
  proc.vszBytes ??= memory?.vszBytes;
  proc.rssBytes ??= memory?.rssBytes;
  proc.sharedBytes ??= memory?.sharedBytes;
}

/** Whether an earlier backend gave the cumulative counters (the eBPF backend gives both I/O bytes or neither). */
function countersKnown(proc: RawProcess): boolean {
  return (proc.readBytes !== undefined || proc.writeBytes !== undefined) && proc.runqueueWaitNs !== undefined;
}

/** Reads processes from a /proc tree; keeps the facts cache between passes. */
export class ProcProcessReader {
  private readonly facts: ProcessFactsCache;
  private readonly users: UserNames;
  private readonly cmdlineMaxBytes: number;
  private readonly now: () => number;
  /** Passes so far (scan or fillGaps), to rotate the facts and counter re-reads. */
  private pass = 0;
  /** Facts are re-read once in this many passes (FACTS_REFRESH_*). */
  private factsCycle = FACTS_REFRESH_PASSES;
  /** The counters of the processes the last pass saw, and of those this pass has read so far (by pid). */
  private lastCounters = new Map<number, CounterHistory>();
  private counters = new Map<number, CounterHistory>();
  /** statm's figures from the status the last fillFacts read (undefined where it read none). */
  private statusMemory: StatmFields | undefined;
  /** The stat files of the processes a scan lists, kept open: read every pass, opened once. */
  private readonly statFiles: KeptRecordFiles;
  private readonly readStat = (path: string): Buffer => this.statFiles.read(path);

  constructor(options: ProcReaderOptions = {}) {
    this.facts = createProcessFactsCache(options.cacheSize);
    this.users = options.users ?? new UserNames();
    this.cmdlineMaxBytes = options.cmdlineMaxBytes ?? CMDLINE_MAX_BYTES;
    this.now = options.now ?? (() => performance.now());
    this.statFiles = new KeptRecordFiles(fdBudget(MAX_KEPT_STAT_FILES));
  }

  /** Close the files kept open. The reader can go on (it opens them again). */
  close(): void {
    this.statFiles.closeAll();
  }

  /**
   * Start a pass over about `processes` processes: the counters this pass reads are kept for the
   * next one, and only those.
   */
  private nextPass(processes: number): void {
    this.pass++;
    this.factsCycle = Math.max(FACTS_REFRESH_PASSES, Math.ceil(processes / FACTS_REFRESH_PER_PASS));
    this.lastCounters = this.counters;
    this.counters = new Map();
  }

  /** List procRoot and read every process in it. */
  scan(procRoot: string, pageSize: number): RawProcess[] {
    this.nextPass(this.counters.size);
    const out: RawProcess[] = [];
    const names = readdirSync(procRoot);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const proc = this.readProcess(`${procRoot}/${name}`, Number(name), pageSize);
      if (proc !== undefined) out.push(proc);
    }
    this.statFiles.endPass();
    return out;
  }

  /**
   * Read one process as a pass of its own (the eBPF backend reads pid 1 so, where the kernel
   * hides it from BPF): its counters and facts rotate from one call to the next as in a scan.
   */
  readOne(procRoot: string, pid: number, pageSize: number): RawProcess | undefined {
    this.nextPass(1);
    const proc = this.readProcess(`${procRoot}/${pid}`, pid, pageSize);
    this.statFiles.endPass();
    return proc;
  }

  /**
   * Read one process completely, within the current pass, or undefined when it vanished or its
   * stat is malformed (truncated, or a pid that does not match the folder).
   */
  readProcess(dir: string, pid: number, pageSize: number): RawProcess | undefined {
    const statText = readText(dir, 'stat', this.readStat);
    if (typeof statText !== 'string') return undefined;
    const stat = parseStat(statText);
    if (stat === undefined || stat.pid !== pid) return undefined;
    const proc: RawProcess = {
      pid,
      startTime: stat.startTime,
      ppid: stat.ppid,
      comm: sanitizeText(stat.comm),
      state: stat.state,
      cpuTicks: stat.cpuTicks,
      nice: stat.nice,
      priority: stat.priority,
      threads: stat.threads,
      kernelThread: stat.kernelThread,
      // Filled next (fill); named here so that every record has one shape from the start.
      rssBytes: undefined,
      vszBytes: undefined,
      sharedBytes: undefined,
      uid: undefined,
      user: undefined,
      cmdline: undefined,
      cgroup: undefined,
      readBytes: undefined,
      writeBytes: undefined,
      ioReadAt: undefined,
      ioBefore: undefined,
      runqueueWaitNs: undefined,
      runqueueWaitReadAt: undefined,
      runqueueWaitBefore: undefined,
      runqueueWaitFrom: undefined,
    };
    return this.fill(dir, proc, pageSize, stat) ? proc : undefined;
  }

  /**
   * Fill, in place, what an earlier backend left undefined in its list (the list is this tick's
   * own: thousands of records are not copied every pass). A process whose key this reader has not
   * seen before gets its stat read once to prove the pid still holds it; one that has vanished,
   * or whose pid now holds another process, keeps its gaps. One that vanishes part-way keeps what
   * was read of it before.
   */
  fillGaps(procRoot: string, prior: RawProcess[], pageSize: number): RawProcess[] {
    this.nextPass(prior.length);
    // Index loops in the per-process passes: no iterator result per process before V8 optimises.
    for (let i = 0; i < prior.length; i++) {
      const proc = prior[i];
      const dir = `${procRoot}/${proc.pid}`;
      let stat: StatFields | undefined;
      const statGaps =
        proc.cpuTicks === undefined ||
        proc.nice === undefined ||
        proc.priority === undefined ||
        proc.threads === undefined ||
        proc.kernelThread === undefined;
      if (statGaps || samePid(this.facts, proc.pid, proc.startTime) === undefined) {
        const statText = readText(dir, 'stat');
        stat = typeof statText === 'string' ? parseStat(statText) : undefined;
        if (stat === undefined || stat.startTime !== proc.startTime) continue;
        proc.cpuTicks ??= stat.cpuTicks;
        proc.nice ??= stat.nice;
        proc.priority ??= stat.priority;
        proc.threads ??= stat.threads;
        proc.kernelThread ??= stat.kernelThread;
      }
      this.fill(dir, proc, pageSize, stat);
    }
    return prior;
  }

  /**
   * Read into `proc` every field it lacks, beyond stat. False when the process vanished on the
   * way (a scan drops it; an earlier backend's record keeps what was read before).
   */
  private fill(dir: string, proc: RawProcess, pageSize: number, stat: StatFields | undefined): boolean {
    if (proc.rssBytes !== undefined && proc.vszBytes !== undefined && countersKnown(proc)) {
      // What eBPF gives: only the facts are left, and nothing to remember for the next pass.
      return this.fillFacts(dir, proc, pageSize, stat);
    }
    const last = samePid(this.lastCounters, proc.pid, proc.startTime);
    const due = countersDue(proc, last, this.pass);
    const next: CounterHistory = { startTime: proc.startTime, cpuTicks: proc.cpuTicks, ioTried: false, ioDenied: false, waitTried: false };
    const memoryUnknown = proc.rssBytes === undefined || proc.vszBytes === undefined;
    // A reader's first pass reads every process's status anyway (slowFacts, for the uid), and
    // status carries statm's figures: statm waits for the second pass (at 5,000 processes, cold,
    // ~70 ms less before the first frame).
    const memoryFromStatus = memoryUnknown && this.pass === 1;
    if (memoryUnknown && !memoryFromStatus) {
      const memory = this.readMemory(dir, stat, due, last?.memory, pageSize);
      if (memory === GONE) return false;
      fillMemory(proc, next, memory);
    }
    if (!this.fillFacts(dir, proc, pageSize, stat)) return false;
    if (memoryFromStatus) {
      // statm after all where status had no memory lines (kernel threads, zombies) or was not read.
      const fromStatus = this.statusMemory;
      const memory = fromStatus !== undefined ? withStatFigures(fromStatus, stat) : this.readMemory(dir, stat, true, undefined, pageSize);
      if (memory === GONE) return false;
      fillMemory(proc, next, memory);
    }
    if (!this.fillCounters(dir, proc, due, last, next)) return false;
    if (next.memory !== undefined || next.ioTried || next.waitTried) this.counters.set(proc.pid, next);
    return true;
  }

  /** Fill cmdline, cgroup, uid, user and shared memory from the facts cache; false when the process vanished. */
  private fillFacts(dir: string, proc: RawProcess, pageSize: number, stat: StatFields | undefined): boolean {
    // Set again below only where slowFacts reads this process's status.
    this.statusMemory = undefined;
    if (proc.cmdline === undefined || proc.cgroup === undefined || proc.uid === undefined || proc.sharedBytes === undefined) {
      const facts = this.slowFacts(dir, proc, stat, pageSize);
      if (facts === undefined) return false;
      proc.cmdline ??= facts.cmdline;
      proc.cgroup ??= facts.cgroup;
      proc.uid ??= facts.uid;
      proc.sharedBytes ??= facts.sharedBytes;
    }
    if (proc.user === undefined && proc.uid !== undefined) proc.user = this.users.name(proc.uid);
    return true;
  }

  /**
   * A process's statm, read again when counters.ts memoryDue says so, else the last read handed
   * on. statm, not stat fields 23-24, for the figures: stat's rss is get_mm_rss(), the per-CPU
   * RSS counters read without summing them, while statm and status sum them (fs/proc/task_mmu.c
   * since "mm: fix the inaccurate memory statistics issue for users"). Here stat was up to 66
   * pages off on 2 CPUs; with hundreds of CPUs it can read 0.
   */
  private readMemory(
    dir: string,
    stat: StatFields | undefined,
    due: boolean,
    last: MemoryRead | undefined,
    pageSize: number,
  ): MemoryRead | undefined | typeof GONE {
    if (!memoryDue(due, stat, last)) return last;
    const text = readOptional(dir, 'statm');
    if (text === GONE) return GONE;
    const m = text === undefined ? undefined : parseStatm(text, pageSize);
    return m === undefined ? undefined : withStatFigures(m, stat);
  }

  /**
   * Fill the cumulative counters (io, schedstat) an earlier backend left undefined, reading each
   * file only when counters.ts says it is due and otherwise handing on the last reads with the
   * times they were taken (derive rates those, never this pass's gap). The I/O pair is filled
   * only when both are missing: the eBPF backend gives both or neither.
   */
  private fillCounters(dir: string, proc: RawProcess, due: boolean, last: CounterHistory | undefined, next: CounterHistory): boolean {
    // A reader's first pass reads none: a rate needs two reads, so they would show nothing on the
    // first frame, and they are two of the seven files per process of that cold pass (at 5,000
    // processes, unprivileged: ~150 ms of ~650). The second pass reads them all.
    if (this.pass === 1) return true;
    if (proc.readBytes === undefined && proc.writeBytes === undefined) {
      const askAgain = last?.ioDenied !== true || (proc.pid + this.pass) % IO_DENIED_RETRY_PASSES === 0;
      if ((due && askAgain) || last?.ioTried !== true) {
        const text = readOptionalOrDenied(dir, 'io');
        if (text === GONE) return false;
        next.ioDenied = text === DENIED;
        const io = typeof text === 'string' ? parseIo(text) : undefined;
        next.io = io === undefined ? undefined : { at: this.now(), ...io };
        next.ioBefore = next.io === undefined ? undefined : last?.io;
      } else {
        next.io = last.io;
        next.ioBefore = last.ioBefore;
        next.ioDenied = last.ioDenied;
      }
      next.ioTried = true;
      proc.readBytes = next.io?.readBytes;
      proc.writeBytes = next.io?.writeBytes;
      proc.ioReadAt = next.io?.at;
      proc.ioBefore = next.ioBefore;
    }
    if (proc.runqueueWaitNs === undefined) {
      if (due || last?.waitTried !== true) {
        const text = readOptional(dir, 'schedstat');
        if (text === GONE) return false;
        const ns = text === undefined ? undefined : parseSchedstatWaitNs(text);
        next.wait = ns === undefined ? undefined : { at: this.now(), ns };
        next.waitBefore = next.wait === undefined ? undefined : last?.wait;
      } else {
        next.wait = last.wait;
        next.waitBefore = last.waitBefore;
      }
      next.waitTried = true;
      proc.runqueueWaitNs = next.wait?.ns;
      proc.runqueueWaitReadAt = next.wait?.at;
      proc.runqueueWaitBefore = next.waitBefore;
      if (next.wait !== undefined) proc.runqueueWaitFrom = 'proc';
    }
    return true;
  }

  /**
   * The cached facts (cmdline, cgroup, uid) of a process. They are read again when the key is
   * new, when comm changed (exec), when the earlier backend's cgroup id changed, and for a
   * rotating share of the processes each pass (factsCycle): a process can retitle itself
   * (setproctitle), move to another cgroup or drop root without an exec. The rotation skips the
   * cgroup file where the cgroup id shows it unchanged.
   */
  private slowFacts(dir: string, proc: RawProcess, stat: StatFields | undefined, pageSize: number): ProcessFacts | undefined {
    const cached = samePid(this.facts, proc.pid, proc.startTime);
    const due = (proc.pid + this.pass) % this.factsCycle === 0;
    const sameCgroup = cached !== undefined && cached.cgroupId !== undefined && cached.cgroupId === proc.cgroupId;
    if (cached !== undefined && cached.comm === proc.comm && cached.cgroupId === proc.cgroupId && !due) {
      return cached.cgroupDeferred === true && this.pass > 1 ? this.readDeferredCgroup(dir, cached) : cached;
    }
    const kernelThread = proc.kernelThread ?? stat?.kernelThread ?? false;
    let cmdline = '';
    if (!kernelThread) {
      try {
        // One byte past the cap tells a cut line from one that fits exactly.
        const bytes = readBytesSync(`${dir}/cmdline`, this.cmdlineMaxBytes + 1);
        const truncated = bytes.length > this.cmdlineMaxBytes;
        cmdline = parseCmdline(truncated ? bytes.subarray(0, this.cmdlineMaxBytes) : bytes, truncated);
      } catch (err) {
        if (isGoneError(err) && !existsSync(dir)) return undefined;
        if (!isGoneError(err) && !isDeniedError(err)) throw err;
      }
    }
    // The first pass leaves cgroup to the second: no panel shows it, and at 5,000 processes its
    // cold read is ~70 ms of the wait for the first frame.
    const deferCgroup = this.pass === 1 && !sameCgroup;
    const cgroupText = sameCgroup || deferCgroup ? undefined : readOptional(dir, 'cgroup');
    if (cgroupText === GONE) return undefined;
    // status is read for the effective uid only: an earlier backend (eBPF's cred->euid) may have it.
    let uid = proc.uid;
    if (uid === undefined) {
      const statusText = readOptional(dir, 'status');
      if (statusText === GONE) return undefined;
      uid = statusText === undefined ? undefined : parseStatusEffectiveUid(statusText);
      this.statusMemory = statusText === undefined ? undefined : parseStatusMemory(statusText);
    }
    let sharedBytes = proc.sharedBytes ?? this.statusMemory?.sharedBytes;
    if (sharedBytes === undefined) {
      const statmText = readOptional(dir, 'statm');
      if (statmText === GONE) return undefined;
      sharedBytes = statmText === undefined ? undefined : parseStatm(statmText, pageSize)?.sharedBytes;
    }
    const facts: ProcessFacts = {
      startTime: proc.startTime,
      comm: proc.comm,
      cmdline,
      cgroup: sameCgroup ? cached.cgroup : cgroupText === undefined ? undefined : parseCgroup(cgroupText),
      cgroupId: proc.cgroupId,
      cgroupDeferred: deferCgroup,
      uid,
      sharedBytes,
    };
    // An empty cmdline of a user process means it is exiting or a zombie: ask again next time.
    if (cmdline !== '' || kernelThread) this.facts.set(proc.pid, facts);
    return facts;
  }

  /** Read the cgroup the first pass left out, into the cached facts; undefined when the process vanished. */
  private readDeferredCgroup(dir: string, cached: ProcessFacts): ProcessFacts | undefined {
    const text = readOptional(dir, 'cgroup');
    if (text === GONE) return undefined;
    cached.cgroup = text === undefined ? undefined : parseCgroup(text);
    cached.cgroupDeferred = false;
    return cached;
  }
}

/** The /proc processes backend: a full scan, or gap filling after an earlier backend. */
export function createProcProcessesBackend(options: ProcReaderOptions = {}): Backend<ProcessesRaw> {
  const reader = new ProcProcessReader(options);
  return {
    id: 'proc',
    probe(ctx: CollectorContext): ProbeResult {
      const self = readText(`${ctx.procRoot}/self`, 'stat');
      if (typeof self === 'string' && parseStat(self) !== undefined) {
        return { available: true, reason: `reads ${ctx.procRoot}/PID/{stat,statm,status,io,schedstat,cmdline,cgroup}` };
      }
      return {
        available: false,
        reason: `${ctx.procRoot}/self/stat is not readable: is procfs mounted at ${ctx.procRoot}?`,
        remedy: 'mount -t proc proc /proc',
      };
    },
    read(ctx: CollectorContext, prior: Partial<ProcessesRaw>): Partial<ProcessesRaw> {
      const pageSize = ctx.host.pageSize;
      if (prior.processes !== undefined) {
        return { processes: reader.fillGaps(ctx.procRoot, prior.processes, pageSize), filledFrom: prior.processes };
      }
      return { processes: reader.scan(ctx.procRoot, pageSize) };
    },
    close(): void {
      reader.close();
    },
  };
}
