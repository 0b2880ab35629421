/**
 * Reading a process's slow facts (cmdline, cgroup path, effective uid, shared memory) from
 * /proc/PID, as plan.ts planFacts says, into the facts cache (cache.ts).
 */
import { existsSync } from 'node:fs';
import { isDeniedError, isGoneError, readBytesSync, type ReadBuffer } from '../../util/readfile.js';
import type { ProcessFacts, ProcessFactsCache } from './cache.js';
import { GONE, readOptional } from './files.js';
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
 * Read the facts `plan` asks for, keep them in `cache`, and return them; undefined when the
 * process vanished on the way. `cached` is the cache's entry for the process (plan.ts planFacts).
 */
export function readFacts(
  buffer: ReadBuffer,
  dir: string,
  p: FactsProcess,
  plan: FactsPlan,
  cached: ProcessFacts | undefined,
  cache: ProcessFactsCache,
  pageSize: number,
  cmdlineMaxBytes: number,
): FactsRead | undefined {
  if (plan.facts === 'cached' && cached !== undefined) {
    if (plan.cgroup !== 'read') return { facts: cached, statusMemory: undefined };
    const text = readOptional(buffer, dir, 'cgroup');
    if (text === GONE) return undefined;
    cached.cgroup = text === undefined ? undefined : parseCgroup(text);
    cached.cgroupDeferred = false;
    return { facts: cached, statusMemory: undefined };
  }
  let cmdline = '';
  if (!p.kernelThread) {
    try {
      // One byte past the cap tells a cut line from one that fits exactly.
      const bytes = readBytesSync(buffer, `${dir}/cmdline`, cmdlineMaxBytes + 1);
      const truncated = bytes.length > cmdlineMaxBytes;
      cmdline = parseCmdline(truncated ? bytes.subarray(0, cmdlineMaxBytes) : bytes, truncated);
    } catch (err) {
      if (isGoneError(err) && !existsSync(dir)) return undefined;
      if (!isGoneError(err) && !isDeniedError(err)) throw err;
    }
  }
  const cgroupText = plan.cgroup === 'read' ? readOptional(buffer, dir, 'cgroup') : undefined;
  if (cgroupText === GONE) return undefined;
  // status is read for the effective uid only: an earlier backend (eBPF's cred->euid) may have it.
  let uid = p.uid;
  let statusMemory: StatmFields | undefined;
  if (uid === undefined) {
    const statusText = readOptional(buffer, dir, 'status');
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
