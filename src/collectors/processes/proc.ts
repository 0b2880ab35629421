/**
 * The /proc backend of the processes collector, and its reader. The reader puts three parts
 * together: the scanner (scanner.ts: listing, kept stat files), the read plan (plan.ts: what is
 * due this pass) and the facts cache (cache.ts, read by facts.ts). With no earlier backend it
 * lists /proc and reads every process; after one (eBPF) it never lists /proc again: it reads only
 * what that list left undefined and returns it as fills for the merge (index.ts) to join, plus
 * the processes it must list that the earlier list lacks.
 *
 * A process that vanishes mid-read (ENOENT or ESRCH with its folder gone, an empty stat) is
 * dropped for the tick; a file that is denied (EACCES) or absent while the process is there
 * leaves its fields undefined. The files of one pid are read within one pass, at most a few
 * hundred ms apart (a scan's facts files are read ahead after the listing), and the kernel hands
 * out pids cyclically (pid_max is at least 32,768), so within one pass they belong to one
 * process unless the pids wrapped round in that time; across ticks and backends the (pid,
 * startTime) key keeps them apart.
 */
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { procFilesNative, type ProcFilesNative } from '../../native/procfiles.js';
import { procScanNative, type ProcScanNative } from '../../native/procscan.js';
import { sanitizeText } from '../../util/sanitize.js';
import { ReadBuffer } from '../../util/readfile.js';
import { UserNames } from '../../util/users.js';
import { CounterHistories } from './counter-histories.js';
import { ProcessFactsCache, type ProcessFacts } from './cache.js';
import { factsFiles, readFacts, type FactsProcess } from './facts.js';
import { DENIED, GONE, directFactFiles, readText, type FactFiles } from './files.js';
import { parseStat, type StatFields, type StatmFields } from './parse.js';
import { countersLeft, freshHistory, passPlan, planCounters, planFacts, type CounterHistory, type FactsPlan, type MemoryRead, type Pass } from './plan.js';
import { FactsDue, readFactsAhead } from './read-ahead.js';
import { blankRecord, emptyFill, PidIndex, RecordSets, type Counter, type ProcessesRaw, type ProcessFill, type RawProcess } from './raw.js';
import { IO, ProcScanner, SCHEDSTAT, STATM } from './scanner.js';

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
  /** The addon's scan (src/native/procscan.ts), which scan() then lists and reads stat with; default the TypeScript scan. */
  native?: ProcScanNative;
  /** The addon's facts reader (src/native/procfiles.ts), which scan() reads a pass's facts files ahead with; default each read as needed. */
  nativeFiles?: ProcFilesNative;
}

/** A process whose facts are due this pass: who it is to the facts reader, its plan and cache entry. */
interface FactsDueFor {
  subject: FactsProcess;
  plan: FactsPlan;
  cached: ProcessFacts | undefined;
}

/** What a fill pass returns: fills for the earlier list, and the processes it lacked. */
export interface FillResult {
  /** fills[i]: what was read for prior[i], or undefined (vanished, or its pid holds another process). */
  fills: (ProcessFill | undefined)[];
  /** Processes of `mustList` that the earlier list lacks, read completely. */
  added: RawProcess[];
}

/**
 * A statm-like read with the stat figures of its pass (what plan.ts memoryDue compares), or
 * undefined without one. statm (or status), not stat fields 23-24, for the figures: stat's rss is
 * get_mm_rss(), the per-CPU RSS counters read without summing them, while statm and status sum
 * them (fs/proc/task_mmu.c since "mm: fix the inaccurate memory statistics issue for users"). Here
 * stat's rss disagreed with ps, which matches statm (bench/README.md, 'statm, not stat's rss');
 * with hundreds of CPUs it can read 0.
 */
function withStatFigures(m: StatmFields | undefined, stat: StatFields | undefined): MemoryRead | undefined {
  return m === undefined ? undefined : { ...m, statVsize: stat?.vsize, statRss: stat?.rssPagesApprox };
}

/** A new read of a counter, carrying the last read (its rate's window) without that one's own. */
function counterRead(value: number, readAt: number, last: Counter | undefined): Counter {
  return { value, readAt, source: 'proc', before: last === undefined ? undefined : { value: last.value, readAt: last.readAt, source: last.source } };
}

/**
 * The folder of the process being read. Its path is made only when a file in it is read: after
 * the eBPF list most processes need no file read in most passes.
 */
class ProcDir {
  private root = '';
  private pid = 0;
  private made: string | undefined;

  /** The folder of `pid` under `root`. */
  at(root: string, pid: number): this {
    this.root = root;
    this.pid = pid;
    this.made = undefined;
    return this;
  }

  /** The folder at `path` (a listing's own string). */
  of(path: string): this {
    this.made = path;
    return this;
  }

  get path(): string {
    return (this.made ??= `${this.root}/${this.pid}`);
  }
}

/** Reads processes from a /proc tree; keeps the kept files, counter history and facts cache between passes. */
export class ProcProcessReader {
  /** What every /proc read of the reader goes into (its own: thousands of reads a pass allocate nothing). */
  private readonly buffer = new ReadBuffer();
  private readonly scanner: ProcScanner;
  private readonly facts: ProcessFactsCache;
  private readonly users: UserNames;
  private readonly cmdlineMaxBytes: number;
  private readonly now: () => number;
  private readonly nativeFiles: ProcFilesNative | undefined;
  /** Facts files read as they are needed. */
  private readonly directFiles: FactFiles;
  /** Where this pass's facts files come from: directFiles, or what scan() read ahead. */
  private factFiles: FactFiles;
  /** The pass in progress (number 0 before the first). */
  private pass: Pass = passPlan(0, 0);
  /**
   * What the last scan listed, written again by each: its records, and the stats the scanner
   * handed on for them (scanner.ts ScannedProcess). Two arrays of thousands made anew each scan
   * lived through the pass and were promoted to old space.
   */
  private readonly scanned = { procs: [] as RawProcess[], stats: [] as StatFields[] };
  /** The counters of the processes the last pass saw, those this pass has read so far, and the spare ones. */
  private readonly counters = new CounterHistories();
  /** The fills of the last fill pass, written again by the next (index by index). */
  private readonly fillPool: ProcessFill[] = [];
  /** The folder of the process being read (one read at a time). */
  private readonly dir = new ProcDir();
  /** How many times close() was called: a scan that saw it change while it waited ends there. */
  private closes = 0;
  /** The records of the last two scans: each scan writes into the older (raw.ts RecordSets). */
  private readonly records = new RecordSets();

  constructor(options: ProcReaderOptions = {}) {
    this.scanner = new ProcScanner(this.buffer, options.native);
    this.facts = new ProcessFactsCache(options.cacheSize);
    this.users = options.users ?? new UserNames();
    this.cmdlineMaxBytes = options.cmdlineMaxBytes ?? CMDLINE_MAX_BYTES;
    this.now = options.now ?? (() => performance.now());
    this.nativeFiles = options.nativeFiles;
    this.directFiles = directFactFiles(this.buffer);
    this.factFiles = this.directFiles;
  }

  /** Which scan lists /proc and reads stat: the addon's or the TypeScript one. */
  get scanKind(): 'native' | 'typescript' {
    return this.scanner.kind;
  }

  /**
   * Close the files kept open. The reader can go on (it opens them again); a scan waiting for its
   * facts files when it closed ends with nothing.
   */
  close(): void {
    this.closes += 1;
    this.scanner.close();
  }

  /**
   * Start a pass over about `processes` processes: the counters this pass reads are kept for the
   * next one, and only those.
   */
  private nextPass(processes: number): void {
    this.pass = passPlan(this.pass.number + 1, processes);
    this.counters.nextPass();
  }

  /**
   * List procRoot and read every process in it. With the addon's facts reader, the facts files
   * the pass will want are read ahead once the listing is done (read-ahead.ts), on threads of
   * the addon's: the rest of the pass waits for them, the caller's thread does not.
   */
  async scan(procRoot: string, pageSize: number): Promise<RawProcess[]> {
    this.nextPass(this.counters.count);
    const closes = this.closes;
    // What the scan listed, in two parallel arrays (no object a process to hold them), and the
    // facts files due, where they are read ahead.
    const procs = this.scanned.procs;
    const stats = this.scanned.stats;
    let count = 0;
    const due = this.nativeFiles === undefined ? undefined : new FactsDue();
    const recycled = this.records.recycled();
    const old = new PidIndex(recycled.records, recycled.count);
    this.scanner.scan(procRoot, (pid, stat) => {
      const at = old.indexOf(pid);
      const proc = fromStat(pid, stat, at >= 0 ? recycled.records[at] : blankRecord(pid));
      procs[count] = proc;
      stats[count++] = stat;
      const facts = due === undefined ? undefined : this.factsDue(proc, proc, stat);
      if (facts !== undefined) due?.add(pid, factsFiles(facts.subject, facts.plan, facts.cached));
    });
    procs.length = count;
    stats.length = count;
    const ahead =
      this.nativeFiles !== undefined && due !== undefined
        ? await readFactsAhead(this.nativeFiles, procRoot, due, this.cmdlineMaxBytes + 1, this.directFiles)
        : undefined;
    // Closed while the files were read (the monitor stopped): the kept files stay closed.
    if (this.closes !== closes) return [];
    // Listed into an array no one holds any more, from index 0 (raw.ts RecordSets.list).
    const out = this.records.list();
    let listed = 0;
    try {
      if (ahead !== undefined) this.factFiles = ahead;
      for (let i = 0; i < procs.length; i++) {
        const proc = procs[i];
        if (this.read(this.dir.at(procRoot, proc.pid), proc, proc, pageSize, stats[i], this.facts.get(proc.pid, proc.startTime))) out[listed++] = proc;
      }
    } finally {
      this.factFiles = this.directFiles;
    }
    out.length = listed;
    this.scanner.endPass();
    this.records.keep(out);
    return out;
  }

  /**
   * Read one process completely, within the current pass, or undefined when it vanished or its
   * stat is malformed (truncated, or a pid that does not match the folder).
   */
  readProcess(dir: string, pid: number, pageSize: number): RawProcess | undefined {
    const stat = this.scanner.stat(dir, pid);
    return stat === undefined ? undefined : this.readWithStat(dir, pid, stat, pageSize);
  }

  /** readProcess after its stat was read: the rest, within the current pass. */
  private readWithStat(dir: string, pid: number, stat: StatFields, pageSize: number): RawProcess | undefined {
    const proc = fromStat(pid, stat, blankRecord(pid));
    return this.read(this.dir.of(dir), proc, proc, pageSize, stat, this.facts.get(pid, proc.startTime)) ? proc : undefined;
  }

  /**
   * Read what an earlier backend's list left undefined, without touching the list: fills[i] holds
   * what was read for prior[i]. A process whose key this reader has not seen before gets its stat
   * read once to prove the pid still holds it; one that has vanished, or whose pid now holds
   * another process, gets no fill. One that vanishes part-way keeps what was read of it before.
   * Then the processes of `mustList` the list lacks are read as a scan would.
   */
  fill(procRoot: string, prior: readonly RawProcess[], pageSize: number, mustList: readonly number[] = []): FillResult {
    this.nextPass(prior.length);
    // A fill pass makes no records of its own: after two of them the last scan's (the first
    // frame's, before the eBPF list took over) are no longer kept for a scan to write into.
    this.records.keep([]);
    // Nor does it read stat through kept files. The addon's scanner would hold the files its last
    // scan kept (one a process) and the buffers it grew until a next scan, which may never come
    // (bench/README.md, 'The first scan's buffers'); the TypeScript one closed them at endPass.
    this.scanner.close();
    this.scanned.procs.length = 0;
    this.scanned.stats.length = 0;
    const fills = new Array<ProcessFill | undefined>(prior.length);
    const pool = this.fillPool;
    // Index loops in the per-process passes: no iterator result per process before V8 optimises.
    for (let i = 0; i < prior.length; i++) {
      const proc = prior[i];
      const dir = this.dir.at(procRoot, proc.pid);
      const fill = (pool[i] = emptyFill(pool[i], proc.pid, proc.startTime));
      let stat: StatFields | undefined;
      const statGaps =
        proc.cpuTicks === undefined || proc.nice === undefined || proc.priority === undefined || proc.threads === undefined || proc.kernelThread === undefined;
      // Looked up once a process a pass, here, for the read below too.
      const facts = this.facts.get(proc.pid, proc.startTime);
      if (statGaps || facts === undefined) {
        stat = this.scanner.statOnce(dir.path);
        if (stat === undefined || stat.startTime !== proc.startTime) continue;
        if (statGaps) {
          fill.cpuTicks = stat.cpuTicks;
          fill.nice = stat.nice;
          fill.priority = stat.priority;
          fill.threads = stat.threads;
          fill.kernelThread = stat.kernelThread;
        }
      }
      this.read(dir, proc, fill, pageSize, stat, facts);
      fills[i] = fill;
    }
    // Fewer processes than before: the fills past them, and what they hold, are let go.
    pool.length = prior.length;
    const added: RawProcess[] = [];
    for (const pid of mustList) {
      if (prior.some((p) => p.pid === pid)) continue;
      const proc = this.readProcess(`${procRoot}/${pid}`, pid, pageSize);
      if (proc !== undefined) added.push(proc);
    }
    this.scanner.endPass();
    return { fills, added };
  }

  /**
   * Read into `out` what `known` lacks beyond stat, as the plan says (`out` is `known` itself in a
   * scan, a fill after an earlier backend), `cached` being its entry in the facts cache, which the
   * caller looked up. False when the process vanished on the way.
   */
  private read(dir: ProcDir, known: RawProcess, out: ProcessFill, pageSize: number, stat: StatFields | undefined, cached: ProcessFacts | undefined): boolean {
    // Every counter from the earlier backend (the eBPF list): only the facts are this reader's.
    if (countersLeft(known, this.pass.policy) === 0) return this.readFacts(dir, known, out, pageSize, stat, cached) !== GONE;
    const last = this.counters.last(known.pid, known.startTime);
    const plan = planCounters(known, stat, last, this.pass);
    const next = freshHistory(this.counters.spare(known.pid), known.startTime, known.cpuTicks ?? out.cpuTicks);
    // The counter files the plan reads, in one call (one native call where the addon scans).
    const files = (plan.memory === 'read' ? STATM : 0) | (plan.io === 'read' ? IO : 0) | (plan.wait === 'read' ? SCHEDSTAT : 0);
    const reads = files === 0 ? undefined : this.scanner.counters(dir.path, files, pageSize);
    if (reads === GONE) return false;
    if (plan.memory === 'read' || plan.memory === 'handOn') {
      this.fillMemory(out, next, plan.memory === 'handOn' ? last?.memory : withStatFigures(reads?.memory, stat));
    }
    const statusMemory = this.readFacts(dir, known, out, pageSize, stat, cached);
    if (statusMemory === GONE) return false;
    if (plan.memory === 'status') {
      // statm after all where status had no memory lines (kernel threads, zombies) or was not read.
      const statm = statusMemory !== undefined ? undefined : this.scanner.counters(dir.path, STATM, pageSize);
      if (statm === GONE) return false;
      this.fillMemory(out, next, withStatFigures(statusMemory ?? statm?.memory, stat));
    }
    if (plan.io !== 'skip') {
      if (plan.io === 'read') {
        next.ioDenied = reads?.io === DENIED;
        const io = reads?.io === DENIED ? undefined : reads?.io;
        const at = this.now();
        next.readBytes = io === undefined ? undefined : counterRead(io.readBytes, at, last?.readBytes);
        next.writeBytes = io === undefined ? undefined : counterRead(io.writeBytes, at, last?.writeBytes);
      } else if (last !== undefined) {
        next.readBytes = last.readBytes;
        next.writeBytes = last.writeBytes;
        next.ioDenied = last.ioDenied;
      }
      next.ioTried = true;
      out.readBytes = next.readBytes;
      out.writeBytes = next.writeBytes;
    }
    if (plan.wait !== 'skip') {
      const ns = reads?.waitNs;
      next.wait = plan.wait === 'handOn' ? last?.wait : ns === undefined ? undefined : counterRead(ns, this.now(), last?.wait);
      next.waitTried = true;
      out.runqueueWaitNs = next.wait;
    }
    if (next.memory !== undefined || next.ioTried || next.waitTried) this.counters.set(known.pid, next);
    return true;
  }

  /** Hand a memory read to `out` and to the next pass. */
  private fillMemory(out: ProcessFill, next: CounterHistory, memory: MemoryRead | undefined): void {
    next.memory = memory;
    out.vszBytes ??= memory?.vszBytes;
    out.rssBytes ??= memory?.rssBytes;
    out.sharedBytes ??= memory?.sharedBytes;
  }

  /**
   * Fill cmdline, cgroup, uid, user and shared memory into `out` from the facts cache, reading
   * them as plan.ts planFacts says. Returns statm's figures from the status read for them (or
   * undefined), GONE when the process vanished.
   */
  private readFacts(
    dir: ProcDir,
    known: RawProcess,
    out: ProcessFill,
    pageSize: number,
    stat: StatFields | undefined,
    cached: ProcessFacts | undefined,
  ): StatmFields | undefined | typeof GONE {
    const sharedBytes = known.sharedBytes ?? out.sharedBytes;
    let statusMemory: StatmFields | undefined;
    if (known.cmdline === undefined || known.cgroup === undefined || known.uid === undefined || sharedBytes === undefined) {
      let facts = cached;
      const due = this.factsDue(known, out, stat, facts);
      if (due !== undefined) {
        const read = readFacts(this.factFiles, this.buffer, dir.path, due.subject, due.plan, due.cached, this.facts, pageSize, this.cmdlineMaxBytes);
        if (read === undefined) return GONE;
        statusMemory = read.statusMemory;
        facts = read.facts;
      }
      if (facts === undefined) return statusMemory;
      if (known.cmdline === undefined) out.cmdline = facts.cmdline;
      if (known.cgroup === undefined) out.cgroup = facts.cgroup;
      if (known.uid === undefined) out.uid = facts.uid;
      if (sharedBytes === undefined) out.sharedBytes = facts.sharedBytes;
    }
    const uid = known.uid ?? out.uid;
    if (known.user === undefined && uid !== undefined) out.user = this.users.name(uid);
    return statusMemory;
  }

  /**
   * What the facts reader must read of `known` this pass (planFacts), or undefined where the
   * cache serves as it is (most processes, most passes: nothing is built for them).
   */
  private factsDue(
    known: RawProcess,
    out: ProcessFill,
    stat: StatFields | undefined,
    cached = this.facts.get(known.pid, known.startTime),
  ): FactsDueFor | undefined {
    const plan = planFacts(known, cached, this.pass);
    if (plan.facts === 'cached' && plan.cgroup === 'skip' && cached !== undefined) return undefined;
    const kernelThread = known.kernelThread ?? out.kernelThread ?? stat?.kernelThread ?? false;
    const sharedBytes = known.sharedBytes ?? out.sharedBytes;
    return {
      subject: { pid: known.pid, startTime: known.startTime, comm: known.comm, kernelThread, cgroupId: known.cgroupId, uid: known.uid, sharedBytes },
      plan,
      cached,
    };
  }
}

/**
 * Process `pid` as its stat gives it, written into `p` (a new record, or one of the scan before
 * last: RecordSets); what the rest of the pass reads is left undefined for it.
 */
function fromStat(pid: number, stat: StatFields, p: RawProcess): RawProcess {
  p.pid = pid;
  p.startTime = stat.startTime;
  p.ppid = stat.ppid;
  p.comm = sanitizeText(stat.comm);
  p.state = stat.state;
  p.cpuTicks = stat.cpuTicks;
  p.nice = stat.nice;
  p.priority = stat.priority;
  p.threads = stat.threads;
  p.kernelThread = stat.kernelThread;
  p.rssBytes = undefined;
  p.vszBytes = undefined;
  p.sharedBytes = undefined;
  p.uid = undefined;
  p.user = undefined;
  p.cmdline = undefined;
  p.cgroup = undefined;
  p.cgroupId = undefined;
  p.readBytes = undefined;
  p.writeBytes = undefined;
  p.runqueueWaitNs = undefined;
  p.runqueueHistogram = undefined;
  p.runqueueMaxNs = undefined;
  p.netTxBytes = undefined;
  p.netRxBytes = undefined;
  return p;
}

export interface ProcBackendOptions extends Omit<ProcReaderOptions, 'native' | 'nativeFiles'> {
  /**
   * List and read stat with the addon's scanner, and read each pass's facts files ahead with its
   * facts reader, where they load (default true); false: every read in TypeScript.
   */
  nativeScan?: boolean;
  /**
   * Pids this backend lists where an earlier backend's list lacks them (declared by the
   * collector: some kernels hide pid 1 from BPF while /proc shows it).
   */
  mustList?: readonly number[];
}

/** The /proc processes backend: a full scan, or fills (and missing processes) after an earlier backend. */
export function createProcProcessesBackend(options: ProcBackendOptions = {}): Backend<ProcessesRaw> {
  const native = options.nativeScan === false ? undefined : procScanNative();
  const files = options.nativeScan === false ? undefined : procFilesNative();
  const reader = new ProcProcessReader({
    ...options,
    native: native?.ok === true ? native.native : undefined,
    nativeFiles: files?.ok === true ? files.native : undefined,
  });
  const scanWith =
    native === undefined
      ? 'stat listed and parsed in TypeScript'
      : native.ok
        ? 'stat listed and parsed by the native scanner (native/procscan.cc)'
        : `stat listed and parsed in TypeScript (no native scanner: ${native.reason})`;
  const factsWith =
    files === undefined
      ? 'facts files read one by one'
      : files.ok
        ? 'facts files of a pass read ahead on a few threads (native/procfiles.cc)'
        : `facts files read one by one (no native facts reader: ${files.reason})`;
  const mustList = options.mustList ?? [];
  return {
    id: 'proc',
    probe(ctx: CollectorContext): ProbeResult {
      const self = readText(ctx.readBuffer, `${ctx.procRoot}/self`, 'stat');
      if (typeof self === 'string' && parseStat(self) !== undefined) {
        return { available: true, reason: `reads ${ctx.procRoot}/PID/{stat,statm,status,io,schedstat,cmdline,cgroup}; ${scanWith}; ${factsWith}` };
      }
      return {
        available: false,
        reason: `${ctx.procRoot}/self/stat is not readable: is procfs mounted at ${ctx.procRoot}?`,
        remedy: 'mount -t proc proc /proc',
      };
    },
    // Fills answer at once; a scan once its facts files are read.
    read(ctx: CollectorContext, prior: Partial<ProcessesRaw>): Partial<ProcessesRaw> | Promise<Partial<ProcessesRaw>> {
      const pageSize = ctx.host.pageSize;
      if (prior.processes !== undefined) {
        const { fills, added } = reader.fill(ctx.procRoot, prior.processes, pageSize, mustList);
        return { processes: added, fills };
      }
      return reader.scan(ctx.procRoot, pageSize).then((processes) => ({ processes }));
    },
    close(): void {
      reader.close();
    },
  };
}
