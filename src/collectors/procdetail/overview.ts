/**
 * Reader for the overview section: command line, exe and cwd, ids with names, state and
 * scheduling, start time, parent chain and children, cgroup with container identity, and the
 * namespaces that are not the host's.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectorContext } from '../contract.js';
import { parseCgroup, parseCmdline, type StatFields } from '../processes/parse.js';
import { CMDLINE_MAX_BYTES } from '../processes/proc.js';
import { readUptimeSeconds } from '../host/proc.js';
import { isGoneError, readBytesSync, readTextSync, tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { sanitizeText } from '../../util/sanitize.js';
import type { UserNames } from '../../util/users.js';
import { containerIdentity } from './parse/container.js';
import { differingNamespaces, parseNsLink, type NamespaceDiff } from './parse/namespaces.js';
import { parseStatSched, schedPolicyName } from './parse/sched.js';
import { parseStatus } from './parse/status.js';
import { readStat } from './identity.js';
import type { Overview, ProcessLink } from './types.js';

/** uid → user name and gid → group name lookups (group(5) has passwd(5)'s first three fields). */
export interface NameLookups {
  users: UserNames;
  groups: UserNames;
}

/** A guard against a cycle in a corrupt or fixture tree; real chains are a handful deep. */
const MAX_CHAIN = 128;

function tryReadlink(path: string): string | undefined {
  try {
    return sanitizeText(readlinkSync(path));
  } catch {
    // Kernel threads have no exe; another user's cwd is EACCES: both are "unknown", not errors.
    return undefined;
  }
}

function link(buffer: ReadBuffer, procRoot: string, pid: number): ProcessLink | undefined {
  const stat = readStat(buffer, procRoot, pid);
  return stat === undefined ? undefined : { pid, startTime: stat.startTime, comm: sanitizeText(stat.comm) };
}

/** Parent, grandparent, … up to PID 1 or the kernel (ppid 0). */
export function readParentChain(buffer: ReadBuffer, procRoot: string, ppid: number): ProcessLink[] {
  const chain: ProcessLink[] = [];
  let next = ppid;
  while (next > 0 && chain.length < MAX_CHAIN) {
    const stat = readStat(buffer, procRoot, next);
    if (stat === undefined) break;
    chain.push({ pid: next, startTime: stat.startTime, comm: sanitizeText(stat.comm) });
    next = stat.ppid;
  }
  return chain;
}

/**
 * Children from /proc/PID/task/TID/children of every thread (a child belongs to the thread that
 * forked it). Kernels without CONFIG_PROC_CHILDREN lack the file: then every /proc/N/stat is
 * scanned for ppid == pid.
 */
export function readChildren(buffer: ReadBuffer, procRoot: string, pid: number): ProcessLink[] {
  const taskDir = join(procRoot, String(pid), 'task');
  const pids = new Set<number>();
  let haveChildrenFiles = false;
  for (const tid of readdirSync(taskDir)) {
    const text = tryReadTextSync(buffer, join(taskDir, tid, 'children'));
    if (text === undefined) continue;
    haveChildrenFiles = true;
    for (const word of text.trim().split(' ')) if (/^\d+$/.test(word)) pids.add(Number(word));
  }
  if (!haveChildrenFiles) {
    for (const name of readdirSync(procRoot)) {
      if (/^\d+$/.test(name) && readStat(buffer, procRoot, Number(name))?.ppid === pid) pids.add(Number(name));
    }
  }
  const out: ProcessLink[] = [];
  for (const child of [...pids].sort((a, b) => a - b)) {
    const l = link(buffer, procRoot, child);
    if (l !== undefined) out.push(l);
  }
  return out;
}

/** type → inode of each readable /proc/PID/ns link. */
function readNamespaceInodes(procRoot: string, pid: number | 'self'): Map<string, number> {
  const out = new Map<string, number>();
  const dir = join(procRoot, String(pid), 'ns');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    // The process itself vanishing is "gone"; a reference (1, self) that cannot be read is not.
    if (isGoneError(err) && typeof pid === 'number' && pid !== 1) throw err;
    return out;
  }
  for (const type of names) {
    const inode = parseNsLink(tryReadlink(join(dir, type)) ?? '');
    if (inode !== undefined) out.set(type, inode);
  }
  return out;
}

/**
 * The namespaces of `pid` that differ from the host's (/proc/1/ns). Where /proc/1/ns cannot be
 * read (a hardened init, or not root), SmoothTask's own namespaces are the reference and
 * `reference` says so; with neither readable, `namespaces` is undefined and `reference` says why.
 */
export function readNamespaceDiff(procRoot: string, pid: number): { namespaces?: NamespaceDiff[]; reference: string } {
  const own = readNamespaceInodes(procRoot, pid);
  if (own.size === 0) return { reference: `${procRoot}/${pid}/ns unreadable` };
  const host = readNamespaceInodes(procRoot, 1);
  if (host.size > 0) return { namespaces: differingNamespaces(own, host), reference: 'host (/proc/1/ns)' };
  const self = readNamespaceInodes(procRoot, 'self');
  if (self.size > 0) return { namespaces: differingNamespaces(own, self), reference: "SmoothTask's own (/proc/1/ns unreadable)" };
  return { reference: 'no reference: /proc/1/ns and /proc/self/ns unreadable' };
}

/** Read the overview of `pid`, whose stat was just read as `stat`. Throws ENOENT when it vanished. */
export function readOverview(ctx: CollectorContext, pid: number, stat: StatFields, statText: string, names: NameLookups): Overview {
  const dir = join(ctx.procRoot, String(pid));
  const buffer = ctx.readBuffer;
  // One byte past the cap tells a cut line from one that fits exactly.
  const cmdBytes = readBytesSync(buffer, join(dir, 'cmdline'), CMDLINE_MAX_BYTES + 1);
  const truncated = cmdBytes.length > CMDLINE_MAX_BYTES;
  const cmdline = parseCmdline(truncated ? cmdBytes.subarray(0, CMDLINE_MAX_BYTES) : cmdBytes, truncated);
  const status = parseStatus(readTextSync(buffer, join(dir, 'status')));
  const sched = parseStatSched(statText);
  const cgroupText = tryReadTextSync(buffer, join(dir, 'cgroup'));
  const cgroup = cgroupText === undefined ? undefined : parseCgroup(cgroupText);
  const uptime = readUptimeSeconds(buffer, ctx.procRoot);
  const startSeconds = stat.startTime / ctx.host.clockTicks;
  const ns = readNamespaceDiff(ctx.procRoot, pid);
  return {
    cmdline,
    comm: sanitizeText(stat.comm),
    exe: tryReadlink(join(dir, 'exe')),
    cwd: tryReadlink(join(dir, 'cwd')),
    uid: status.uid,
    gid: status.gid,
    realUser: status.uid && names.users.name(status.uid.real),
    effectiveUser: status.uid && names.users.name(status.uid.effective),
    realGroup: status.gid && names.groups.name(status.gid.real),
    effectiveGroup: status.gid && names.groups.name(status.gid.effective),
    state: stat.state,
    nice: stat.nice,
    priority: stat.priority,
    policy: sched && schedPolicyName(sched.policy),
    rtPriority: sched?.rtPriority,
    kernelThread: stat.kernelThread,
    startedAt: ctx.host.bootTime === undefined ? undefined : ctx.host.bootTime + startSeconds * 1000,
    elapsedSeconds: uptime === undefined ? undefined : Math.max(0, uptime - startSeconds),
    parents: readParentChain(buffer, ctx.procRoot, stat.ppid),
    children: readChildren(buffer, ctx.procRoot, pid),
    threads: stat.threads,
    cgroup,
    container: containerIdentity(cgroup ?? ''),
    namespaces: ns.namespaces,
    namespaceReference: ns.reference,
  };
}
