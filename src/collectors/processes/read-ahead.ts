/**
 * A pass's facts files read ahead: once the scan has listed the processes, the cmdline, status
 * and cgroup files the facts reader will want (facts.ts factsFiles) are read in one native call
 * on a few threads (native/procfiles.cc), and facts.ts then reads them from here instead of
 * opening each in turn. On a first pass that is every process's cmdline and status, which the
 * first frame waited for (bench/README.md, 'Facts read ahead'); the call is answered later, so
 * the screen starts meanwhile ('Facts read ahead while the screen starts').
 *
 * The outcomes are the direct reader's (files.ts), decided the same way in the addon; a file the
 * call did not read (not asked for, or after the process was found gone) is read directly. Of a
 * status, the addon keeps the lines facts.ts parses (parse.ts STATUS_FACT_KEYS), not the whole
 * text.
 */
import type { ProcFileReads, ProcFilesNative } from '../../native/procfiles.js';
import { FILE_OUTCOME, MAX_CMDLINE_CAP } from '../../native/procfiles.js';
import { GONE, type FactFile, type FactFiles } from './files.js';
import { STATUS_FACT_KEYS } from './parse.js';

/** The processes of a pass whose facts files are due, and which (FACT_FILE bits). */
export class FactsDue {
  readonly pids: number[] = [];
  readonly masks: number[] = [];

  add(pid: number, mask: number): void {
    if (mask === 0) return;
    this.pids.push(pid);
    this.masks.push(mask);
  }
}

/**
 * The files of `due` read ahead under `procRoot` (cmdline up to `cmdlineCap` bytes), served by
 * pid; anything else from `direct` (everything, for a cap past what the addon reads).
 */
export async function readFactsAhead(native: ProcFilesNative, procRoot: string, due: FactsDue, cmdlineCap: number, direct: FactFiles): Promise<FactFiles> {
  if (due.pids.length === 0 || cmdlineCap > MAX_CMDLINE_CAP) return direct;
  const reads = await native.read(procRoot, Float64Array.from(due.pids), Uint8Array.from(due.masks), cmdlineCap, STATUS_FACT_KEYS);
  const index = new Map<number, number>();
  for (let i = 0; i < due.pids.length; i++) index.set(due.pids[i], i);
  return new ReadAhead(reads, index, cmdlineCap, direct);
}

class ReadAhead implements FactFiles {
  constructor(
    private readonly reads: ProcFileReads,
    private readonly index: Map<number, number>,
    private readonly cmdlineCap: number,
    private readonly direct: FactFiles,
  ) {}

  cmdline(dir: string, pid: number, cap: number): Buffer | undefined | typeof GONE {
    const i = this.index.get(pid);
    const outcome = i === undefined || cap !== this.cmdlineCap ? FILE_OUTCOME.notAsked : this.reads.outcome(i, 'cmdline');
    if (i === undefined || outcome === FILE_OUTCOME.notAsked) return this.direct.cmdline(dir, pid, cap);
    if (outcome === FILE_OUTCOME.read) return this.reads.content(i, 'cmdline');
    return outcome === FILE_OUTCOME.gone ? GONE : undefined;
  }

  optional(dir: string, pid: number, file: FactFile): string | undefined | typeof GONE {
    const i = this.index.get(pid);
    const outcome = i === undefined ? FILE_OUTCOME.notAsked : this.reads.outcome(i, file);
    if (i === undefined || outcome === FILE_OUTCOME.notAsked) return this.direct.optional(dir, pid, file);
    if (outcome === FILE_OUTCOME.read) return this.reads.content(i, file).toString('utf8');
    return outcome === FILE_OUTCOME.gone ? GONE : undefined;
  }
}
