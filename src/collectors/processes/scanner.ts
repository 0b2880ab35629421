/**
 * The /proc scanner: lists the processes in a /proc tree and reads their stat, keeping each stat
 * file open between passes: stat is read for every process every pass, and opening it is most of
 * what a read costs. A kept /proc/PID file stays bound to its process, so a reused pid fails the
 * read (ESRCH) and is opened afresh. It also reads the counter files (statm, io, schedstat) that
 * the read plan (plan.ts) asks for a process.
 *
 * Two ways to do it, with one result: the addon's (native/procscan.cc through
 * src/native/procscan.ts: listing, pread of the kept files and the parse in one call, one buffer
 * back; the counter files of a process in one call), or, where the addon is not built, the same in
 * TypeScript (readdirSync, KeptRecordFiles in src/util/readfile.ts, parse.ts). The native one
 * costs less per process (bench/README.md, 'The native /proc scanner').
 */
import { readdirSync } from 'node:fs';
import { COUNTER_FILE, COUNTER_OUTCOME, COUNTER_SLOT, type NativeProcScanner, type ProcScanNative, type ProcScanRecords } from '../../native/procscan.js';
import { fdBudget, KeptRecordFiles, type ReadBuffer } from '../../util/readfile.js';
import { DENIED, GONE, readOptional, readOptionalOrDenied, readText } from './files.js';
import {
  isKernelThread,
  parseIo,
  parseSchedstatWaitNs,
  parseStat,
  parseStatm,
  StatScratch,
  type IoFields,
  type StatFields,
  type StatmFields,
} from './parse.js';

/** At most this many /proc/PID/stat files are kept open between passes (KeptRecordFiles). */
const MAX_KEPT_STAT_FILES = 16_384;

/**
 * What a scan hands on for each process it read: its pid (its folder's) and stat. The stat is
 * valid until the scanner's next scan: the addon's scan writes each into the object the same
 * place in the listing had the scan before.
 */
export type ScannedProcess = (pid: number, stat: StatFields) => void;

/** The counter files of a process, a mask for ProcScanner.counters. */
export const STATM = COUNTER_FILE.statm;
export const IO = COUNTER_FILE.io;
export const SCHEDSTAT = COUNTER_FILE.schedstat;

/** What reading a process's counter files gave; a file not asked for stays undefined. */
export interface CounterReads {
  /** statm, or undefined: absent, denied or malformed. */
  memory: StatmFields | undefined;
  /** io, DENIED (another user's process: plan.ts asks again only now and then), or undefined: absent or malformed. */
  io: IoFields | typeof DENIED | undefined;
  /** schedstat's run-queue wait, ns, or undefined: absent, denied or malformed. */
  waitNs: number | undefined;
}

/** The figure of a file read natively, or undefined where it was not parsed; GONE where the process was. */
function outcomeOf(out: Float64Array, slot: number): 'parsed' | 'denied' | 'none' | typeof GONE {
  const outcome = out[slot];
  if (outcome === COUNTER_OUTCOME.parsed) return 'parsed';
  if (outcome === COUNTER_OUTCOME.gone) return GONE;
  return outcome === COUNTER_OUTCOME.denied ? 'denied' : 'none';
}

export class ProcScanner {
  private readonly buffer: ReadBuffer;
  /** The stat files of the processes a pass listed, kept open: read every pass, opened once. */
  private readonly statFiles: KeptRecordFiles;
  /** What parseStat splits each stat into, reused across the pass. */
  private readonly statScratch = new StatScratch();
  /** The addon's scanner, which keeps the stat files itself; undefined: the TypeScript scan. */
  private readonly native: NativeProcScanner | undefined;
  /**
   * The stats the addon's scan hands on, one a place in its listing, written again by each scan:
   * made anew, the 5,000 of a scan and their names lived through the pass (it waits for the
   * facts files read ahead) and were promoted to old space, 0.85 MB a pass (bench/README.md,
   * "Objects that live an interval, written again").
   */
  private readonly stats: StatFields[] = [];

  /** Reads go into `buffer` (its owner's). With `native`, scan() is the addon's. */
  constructor(buffer: ReadBuffer, native?: ProcScanNative) {
    this.buffer = buffer;
    const budget = fdBudget(MAX_KEPT_STAT_FILES);
    this.native = native?.scanner(budget);
    // With the addon the kept files are its own; stat() and statOnce() (another backend's list)
    // then open and close.
    this.statFiles = new KeptRecordFiles(buffer, this.native === undefined ? budget : 0);
  }

  /** Which scan this is, for the backend's reason. */
  get kind(): 'native' | 'typescript' {
    return this.native === undefined ? 'typescript' : 'native';
  }

  /**
   * List procRoot and hand every process whose stat reads and parses (with the pid of its folder)
   * to `each`, in listing order: the kernel's in the addon (by pid in procfs), readdirSync's in
   * TypeScript (libuv sorts the names as strings). A process that vanished, whose stat is denied
   * or malformed, or whose stat names another pid, is left out.
   */
  scan(procRoot: string, each: ScannedProcess): void {
    if (this.native !== undefined) {
      const records = this.native.scan(procRoot);
      for (let i = 0; i < records.count; i++) {
        const pid = records.pid(i);
        const stat = this.recordStat(records, i, pid);
        if (stat !== undefined) each(pid, stat);
      }
      return;
    }
    const pids = this.pids(procRoot);
    for (let i = 0; i < pids.length; i++) {
      const stat = this.stat(`${procRoot}/${pids[i]}`, pids[i]);
      if (stat !== undefined) each(pids[i], stat);
    }
  }

  /**
   * Record i of a native scan as parseStat gives it (a raw record through parseStat itself),
   * written into this.stats[i]; its name is decoded only where the bytes no longer spell it.
   */
  private recordStat(records: ProcScanRecords, i: number, pid: number): StatFields | undefined {
    if (records.raw(i)) {
      const stat = parseStat(records.text(i), this.statScratch);
      return stat !== undefined && stat.pid === pid ? stat : undefined;
    }
    const flags = records.flags(i);
    const kept = this.stats[i];
    if (kept === undefined) {
      // parseStat's fields in its order: one shape for both scans.
      return (this.stats[i] = {
        pid,
        comm: records.text(i),
        state: records.state(i),
        ppid: records.ppid(i),
        flags,
        cpuTicks: records.cpuTicks(i),
        priority: records.priority(i),
        nice: records.nice(i),
        threads: records.threads(i),
        startTime: records.startTime(i),
        vsize: records.vsize(i),
        rssPagesApprox: records.rssPagesApprox(i),
        kernelThread: isKernelThread(flags),
      });
    }
    kept.pid = pid;
    if (!records.textIs(i, kept.comm)) kept.comm = records.text(i);
    kept.state = records.state(i);
    kept.ppid = records.ppid(i);
    kept.flags = flags;
    kept.cpuTicks = records.cpuTicks(i);
    kept.priority = records.priority(i);
    kept.nice = records.nice(i);
    kept.threads = records.threads(i);
    kept.startTime = records.startTime(i);
    kept.vsize = records.vsize(i);
    kept.rssPagesApprox = records.rssPagesApprox(i);
    kept.kernelThread = isKernelThread(flags);
    return kept;
  }

  /** The pids procRoot lists now (its numeric entries), in its order. */
  pids(procRoot: string): number[] {
    const names = readdirSync(procRoot);
    const out: number[] = [];
    for (let i = 0; i < names.length; i++) {
      const c = names[i].charCodeAt(0);
      if (c >= 48 && c <= 57) out.push(Number(names[i]));
    }
    return out;
  }

  /**
   * The stat of the process in `dir` (/proc/PID) through its kept file, or undefined when it
   * vanished or its stat is malformed (truncated, or a pid that does not match the folder).
   */
  stat(dir: string, pid: number): StatFields | undefined {
    const text = readText(this.buffer, dir, 'stat', this.statFiles);
    const stat = typeof text === 'string' ? parseStat(text, this.statScratch) : undefined;
    return stat !== undefined && stat.pid === pid ? stat : undefined;
  }

  /**
   * Read the counter files of `files` (STATM | IO | SCHEDSTAT) of the process in `dir`, in that
   * order; GONE when the process vanished on the way.
   */
  counters(dir: string, files: number, pageSize: number): CounterReads | typeof GONE {
    const reads: CounterReads = { memory: undefined, io: undefined, waitNs: undefined };
    if (this.native !== undefined) {
      const out = this.native.counters(dir, files);
      if ((files & STATM) !== 0) {
        const o = outcomeOf(out, COUNTER_SLOT.statmOutcome);
        if (o === GONE) return GONE;
        if (o === 'parsed') {
          reads.memory = {
            vszBytes: out[COUNTER_SLOT.statmSize] * pageSize,
            rssBytes: out[COUNTER_SLOT.statmResident] * pageSize,
            sharedBytes: out[COUNTER_SLOT.statmShared] * pageSize,
          };
        }
      }
      if ((files & IO) !== 0) {
        const o = outcomeOf(out, COUNTER_SLOT.ioOutcome);
        if (o === GONE) return GONE;
        if (o === 'denied') reads.io = DENIED;
        else if (o === 'parsed') reads.io = { readBytes: out[COUNTER_SLOT.ioRead], writeBytes: out[COUNTER_SLOT.ioWrite] };
      }
      if ((files & SCHEDSTAT) !== 0) {
        const o = outcomeOf(out, COUNTER_SLOT.schedstatOutcome);
        if (o === GONE) return GONE;
        if (o === 'parsed') reads.waitNs = out[COUNTER_SLOT.waitNs];
      }
      return reads;
    }
    if ((files & STATM) !== 0) {
      const text = readOptional(this.buffer, dir, 'statm');
      if (text === GONE) return GONE;
      reads.memory = text === undefined ? undefined : parseStatm(text, pageSize);
    }
    if ((files & IO) !== 0) {
      const text = readOptionalOrDenied(this.buffer, dir, 'io');
      if (text === GONE) return GONE;
      reads.io = text === DENIED ? DENIED : text === undefined ? undefined : parseIo(text);
    }
    if ((files & SCHEDSTAT) !== 0) {
      const text = readOptional(this.buffer, dir, 'schedstat');
      if (text === GONE) return GONE;
      reads.waitNs = text === undefined ? undefined : parseSchedstatWaitNs(text);
    }
    return reads;
  }

  /** The stat of the process in `dir`, opened and closed: a process another backend listed. */
  statOnce(dir: string): StatFields | undefined {
    const text = readText(this.buffer, dir, 'stat');
    return typeof text === 'string' ? parseStat(text, this.statScratch) : undefined;
  }

  /** End a pass: close the kept files of the processes it did not read. */
  endPass(): void {
    this.statFiles.endPass();
  }

  /** Close the files kept open and give back the addon's buffers and the stats. The scanner can go on (it opens them again). */
  close(): void {
    this.statFiles.closeAll();
    this.native?.close();
    this.stats.length = 0;
  }
}
