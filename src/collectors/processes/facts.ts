/**
 * Reading a process's slow facts (cmdline, cgroup path, effective uid, shared memory) from
 * /proc/PID, as plan.ts planFacts says, into the facts cache (cache.ts). factsFiles says which
 * files that takes, so that a pass can read them ahead for all its processes at once
 * (read-ahead.ts); readFacts reads through whichever FactFiles it is given.
 */
import { FACT_FILE } from '../../native/procfiles.js';
import type { ReadBuffer } from '../../util/readfile.js';
import type { ProcessFacts, ProcessFactsCache } from './cache.js';
import { GONE, readOptional, type FactFiles } from './files.js';
import { parseCgroup, parseCmdline, parseStatm, parseStatusEffectiveUid, parseStatusMemory, type StatmFields } from './parse.js';
import type { FactsPlan } from './plan.js';

/** What the facts reader knows of a process: its identity and what an earlier backend gave. */
export interface FactsProcess {
  pid: number;
  startTime: number;
  comm: string;
  kernelThread: boolean;
  cgroupId?: number;
  /** The effective uid where an earlier backend gave it (status is then not read). */
  uid?: number;
  /** Shared memory where it is known already (statm is then not read for it). */
  sharedBytes?: number;
}

/** The facts of one process, and statm's figures from the status read for them (where one was). */
export interface FactsRead {
  facts: ProcessFacts;
  statusMemory: StatmFields | undefined;
}

/**
 * The files readFacts reads for `p` under `plan` (FACT_FILE bits): none where the cache serves,
 * but for a cgroup path due; else cmdline (not of a kernel thread), cgroup where due, and status
 * where no earlier backend gave the uid. (statm, read where neither an earlier backend nor status
 * gave shared memory, is rare and left out.)
 */
export function factsFiles(p: FactsProcess, plan: FactsPlan, cached: ProcessFacts | undefined): number {
  const cgroup = plan.cgroup === 'read' ? FACT_FILE.cgroup : 0;
  if (plan.facts === 'cached' && cached !== undefined) return cgroup;
  return (p.kernelThread ? 0 : FACT_FILE.cmdline) | cgroup | (p.uid === undefined ? FACT_FILE.status : 0);
}

/**
 * Read the facts `plan` asks for through `files`, keep them in `cache`, and return them;
 * undefined when the process vanished on the way. `cached` is the cache's entry for the process
 * (plan.ts planFacts).
 */
export function readFacts(
  files: FactFiles,
  buffer: ReadBuffer,
  dir: string,
  p: FactsProcess,
  plan: FactsPlan,
  cached: ProcessFacts | undefined,
  cache: ProcessFactsCache,
  pageSize: number,
  cmdlineMaxBytes: number,
): FactsRead | undefined {
  const due = factsFiles(p, plan, cached);
  if (plan.facts === 'cached' && cached !== undefined) {
    if ((due & FACT_FILE.cgroup) === 0) return { facts: cached, statusMemory: undefined };
    const text = files.optional(dir, p.pid, 'cgroup');
    if (text === GONE) return undefined;
    cached.cgroup = text === undefined ? undefined : parseCgroup(text);
    cached.cgroupDeferred = false;
    return { facts: cached, statusMemory: undefined };
  }
  let cmdline = '';
  if ((due & FACT_FILE.cmdline) !== 0) {
    // One byte past the cap tells a cut line from one that fits exactly.
    const bytes = files.cmdline(dir, p.pid, cmdlineMaxBytes + 1);
    if (bytes === GONE) return undefined;
    if (bytes !== undefined) {
      const truncated = bytes.length > cmdlineMaxBytes;
      cmdline = parseCmdline(truncated ? bytes.subarray(0, cmdlineMaxBytes) : bytes, truncated);
    }
  }
  const cgroupText = (due & FACT_FILE.cgroup) !== 0 ? files.optional(dir, p.pid, 'cgroup') : undefined;
  if (cgroupText === GONE) return undefined;
  // status is read for the effective uid only: an earlier backend (eBPF's cred->euid) may have it.
  let uid = p.uid;
  let statusMemory: StatmFields | undefined;
  if ((due & FACT_FILE.status) !== 0) {
    const statusText = files.optional(dir, p.pid, 'status');
    if (statusText === GONE) return undefined;
    uid = statusText === undefined ? undefined : parseStatusEffectiveUid(statusText);
    statusMemory = statusText === undefined ? undefined : parseStatusMemory(statusText);
  }
  let sharedBytes = p.sharedBytes ?? statusMemory?.sharedBytes;
  if (sharedBytes === undefined) {
    const statmText = readOptional(buffer, dir, 'statm');
    if (statmText === GONE) return undefined;
    sharedBytes = statmText === undefined ? undefined : parseStatm(statmText, pageSize)?.sharedBytes;
  }
  const facts: ProcessFacts = {
    startTime: p.startTime,
    comm: p.comm,
    cmdline,
    cgroup: plan.cgroup === 'reuse' ? cached?.cgroup : cgroupText === undefined ? undefined : parseCgroup(cgroupText),
    cgroupId: p.cgroupId,
    cgroupDeferred: plan.cgroup === 'defer',
    uid,
    sharedBytes,
  };
  // An empty cmdline of a user process means it is exiting or a zombie: ask again next time.
  if (cmdline !== '' || p.kernelThread) cache.set(p.pid, facts);
  return { facts, statusMemory };
}
