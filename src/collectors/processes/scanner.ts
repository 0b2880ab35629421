/**
 * The /proc scanner: lists the processes in a /proc tree and reads their stat, keeping each stat
 * file open between passes (KeptRecordFiles in src/util/readfile.ts): stat is read for every
 * process every pass, and opening it is most of what a read costs. A kept /proc/PID file stays
 * bound to its process, so a reused pid fails the read (ESRCH) and is opened afresh.
 */
import { readdirSync } from 'node:fs';
import { fdBudget, KeptRecordFiles, type ReadBuffer } from '../../util/readfile.js';
import { readText } from './files.js';
import { parseStat, StatScratch, type StatFields } from './parse.js';

/** At most this many /proc/PID/stat files are kept open between passes (KeptRecordFiles). */
const MAX_KEPT_STAT_FILES = 16_384;

export class ProcScanner {
  private readonly buffer: ReadBuffer;
  /** The stat files of the processes a pass listed, kept open: read every pass, opened once. */
  private readonly statFiles: KeptRecordFiles;
  /** What parseStat splits each stat into, reused across the pass. */
  private readonly statScratch = new StatScratch();

  /** Reads go into `buffer` (its owner's). */
  constructor(buffer: ReadBuffer) {
    this.buffer = buffer;
    this.statFiles = new KeptRecordFiles(buffer, fdBudget(MAX_KEPT_STAT_FILES));
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

  /** The stat of the process in `dir`, opened and closed: a process another backend listed. */
  statOnce(dir: string): StatFields | undefined {
    const text = readText(this.buffer, dir, 'stat');
    return typeof text === 'string' ? parseStat(text, this.statScratch) : undefined;
  }

  /** End a pass: close the kept files of the processes it did not read. */
  endPass(): void {
    this.statFiles.endPass();
  }

  /** Close the files kept open. The scanner can go on (it opens them again). */
  close(): void {
    this.statFiles.closeAll();
  }
}
