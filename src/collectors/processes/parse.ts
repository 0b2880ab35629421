/**
 * Pure parsers for the per-process files under /proc/PID (proc(5),
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html and its siblings). Text in, data
 * out; nothing here touches the file system. Malformed or truncated input gives undefined, so the
 * reader can drop that process for the tick instead of guessing.
 */
import { sanitizeText } from '../../util/sanitize.js';

/** PF_KTHREAD in include/linux/sched.h: the task is a kernel thread. */
const PF_KTHREAD = 0x00200000;

/** The fields of /proc/PID/stat that SmoothTask uses. */
export interface StatFields {
  pid: number;
  /** comm as the kernel wrote it (not yet sanitised). */
  comm: string;
  state: string;
  ppid: number;
  /** Field 9, the PF_* flags. */
  flags: number;
  /** Fields 14 + 15, clock ticks. */
  cpuTicks: number;
  priority: number;
  nice: number;
  threads: number;
  /** Field 22, clock ticks after boot. */
  startTime: number;
  kernelThread: boolean;
  /**
   * Fields 23 (vsize, bytes) and 24 (rss, pages): the RSS is get_mm_rss() without summing the
   * per-CPU counters, so not a figure to show, but it moves when memory does (proc.ts reads
   * statm again when either changed). Undefined in a stat cut short after field 23.
   */
  vsize?: number;
  rssPagesApprox?: number;
}

/** An unsigned decimal the kernel prints (%lu, %llu): a u64 has at most 20 digits. */
const UNSIGNED = /^\d{1,20}$/;

/** The last stat field parseStat reads (24, rss). */
const LAST_FIELD = 24;

/**
 * Where each stat field from 3 to LAST_FIELD starts and ends in the text parseStat is parsing.
 * Its owner (the /proc scanner) keeps one and passes it to every call, as it does its ReadBuffer:
 * parseStat runs for every process every pass, and two arrays a call would be garbage a call.
 */
export class StatScratch {
  readonly start = new Int32Array(LAST_FIELD + 1);
  readonly end = new Int32Array(LAST_FIELD + 1);
}

/**
 * The integer (optional '-', then digits only) in text[start, end), or undefined. Digits are
 * added up in place: parseStat runs thousands of times a pass, and a substring per field was a
 * large share of the garbage of a /proc pass (bench/README.md, 'stat parsed in place'). More than
 * 20 digits is no 64-bit number (and would add up to Infinity).
 */
function integerIn(text: string, start: number, end: number): number | undefined {
  const negative = text.charCodeAt(start) === 45;
  let i = negative ? start + 1 : start;
  if (i >= end || end - i > 20) return undefined;
  let n = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

/** Stat field `field` of `text` as parseStat's split left it in `at` (`fields` of them), or undefined. */
function fieldValue(text: string, at: StatScratch, field: number, fields: number): number | undefined {
  return field <= fields ? integerIn(text, at.start[field], at.end[field]) : undefined;
}

/** As fieldValue, for a field the kernel prints unsigned: a negative value is not one it wrote. */
function unsignedField(text: string, at: StatScratch, field: number, fields: number): number | undefined {
  const n = fieldValue(text, at, field, fields);
  return n !== undefined && n >= 0 ? n : undefined;
}

/**
 * Parse /proc/PID/stat (proc_pid_stat(5)). comm (field 2) may contain spaces, ')' and newlines,
 * so it runs from the first '(' to the LAST ')'. A stat cut short before field 23 is rejected,
 * so field 22 (starttime) is never read half-written. Fields are split on single spaces, as the
 * kernel writes them. The split goes into `scratch`, which a caller parsing many keeps and passes
 * (the default allocates one for a one-off call).
 */
export function parseStat(text: string, scratch: StatScratch = new StatScratch()): StatFields | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return undefined;
  let pidStart = 0;
  let pidEnd = open;
  while (pidStart < pidEnd && text.charCodeAt(pidStart) <= 32) pidStart++;
  while (pidEnd > pidStart && text.charCodeAt(pidEnd - 1) <= 32) pidEnd--;
  const pid = integerIn(text, pidStart, pidEnd);
  if (pid === undefined || text.charCodeAt(pidStart) === 45) return undefined;
  // Field 3 starts after ") ".
  let fields = 2;
  for (let pos = close + 2; fields < LAST_FIELD && pos <= text.length;) {
    fields++;
    const space = text.indexOf(' ', pos);
    scratch.start[fields] = pos;
    scratch.end[fields] = space === -1 ? text.length : space;
    pos = space === -1 ? text.length + 1 : space + 1;
  }
  // Field 23 (vsize) must be present so that field 22 is complete.
  if (fields < 23) return undefined;
  const stateLength = scratch.end[3] - scratch.start[3];
  const state = text.slice(scratch.start[3], scratch.end[3]);
  // priority (negative for real-time tasks) and nice are the only signed fields read here.
  const ppid = unsignedField(text, scratch, 4, fields);
  const flags = unsignedField(text, scratch, 9, fields);
  const utime = unsignedField(text, scratch, 14, fields);
  const stime = unsignedField(text, scratch, 15, fields);
  const priority = fieldValue(text, scratch, 18, fields);
  const nice = fieldValue(text, scratch, 19, fields);
  const threads = unsignedField(text, scratch, 20, fields);
  const startTime = unsignedField(text, scratch, 22, fields);
  if (
    stateLength !== 1 ||
    ppid === undefined ||
    flags === undefined ||
    utime === undefined ||
    stime === undefined ||
    priority === undefined ||
    nice === undefined ||
    threads === undefined ||
    startTime === undefined
  ) {
    return undefined;
  }
  return {
    pid,
    comm: text.slice(open + 1, close),
    state,
    ppid,
    flags,
    cpuTicks: utime + stime,
    priority,
    nice,
    threads,
    startTime,
    vsize: unsignedField(text, scratch, 23, fields),
    rssPagesApprox: unsignedField(text, scratch, 24, fields),
    kernelThread: isKernelThread(flags),
  };
}

/** PF_KTHREAD in stat's flags (field 9). */
export function isKernelThread(flags: number): boolean {
  // flags can exceed 2^31, so test the bit without 32-bit bitwise operators on the whole value.
  return Math.floor(flags / PF_KTHREAD) % 2 === 1;
}

/** Memory from /proc/PID/statm (proc_pid_statm(5)), converted from pages to bytes. */
export interface StatmFields {
  vszBytes: number;
  rssBytes: number;
  sharedBytes: number;
}

/** Parse /proc/PID/statm: size resident shared text lib data dt, in pages. */
export function parseStatm(text: string, pageSize: number): StatmFields | undefined {
  const f = text.trim().split(' ');
  if (f.length < 3 || !UNSIGNED.test(f[0]) || !UNSIGNED.test(f[1]) || !UNSIGNED.test(f[2])) return undefined;
  return {
    vszBytes: Number(f[0]) * pageSize,
    rssBytes: Number(f[1]) * pageSize,
    sharedBytes: Number(f[2]) * pageSize,
  };
}

/**
 * The keys of the status lines parseStatusEffectiveUid and parseStatusMemory read. A pass's read
 * ahead keeps only these lines of each status (native/procfiles.cc), and both parsers give the
 * same of them as of the whole file (test/unit/processes/native-files.test.ts).
 */
export const STATUS_FACT_KEYS: readonly string[] = ['Uid', 'VmSize', 'VmRSS', 'RssFile', 'RssShmem'];

// Blanks, not \s, between the fields: \s would match a line's end and read the next line's number.
const STATUS_MEMORY = /^(VmSize|VmRSS|RssFile|RssShmem):[ \t]+(\d{1,20}) kB$/gm;

/**
 * statm's three figures from /proc/PID/status (proc_pid_status(5)): VmSize, VmRSS and
 * RssFile + RssShmem, which are statm's size, resident and shared (fs/proc/task_mmu.c task_mem
 * and task_statm read the same counters). Undefined where they are missing: kernel threads and
 * zombies have no memory lines.
 */
export function parseStatusMemory(text: string): StatmFields | undefined {
  let vszKb: number | undefined;
  let rssKb: number | undefined;
  let fileKb: number | undefined;
  let shmemKb: number | undefined;
  STATUS_MEMORY.lastIndex = 0;
  for (let m = STATUS_MEMORY.exec(text); m !== null; m = STATUS_MEMORY.exec(text)) {
    const kb = Number(m[2]);
    if (m[1] === 'VmSize') vszKb = kb;
    else if (m[1] === 'VmRSS') rssKb = kb;
    else if (m[1] === 'RssFile') fileKb = kb;
    else shmemKb = kb;
  }
  if (vszKb === undefined || rssKb === undefined || fileKb === undefined || shmemKb === undefined) return undefined;
  return { vszBytes: vszKb * 1024, rssBytes: rssKb * 1024, sharedBytes: (fileKb + shmemKb) * 1024 };
}

/** status's Uid line (no g flag: exec keeps no state between calls). */
const STATUS_UID = /^Uid:[ \t]+\d+[ \t]+(\d{1,10})\b/m;

/**
 * The effective uid from /proc/PID/status ("Uid:" real, effective, saved, fs; proc_pid_status(5)).
 * The expression is made once: a literal here made a RegExp each call, for every process of a
 * first pass.
 */
export function parseStatusEffectiveUid(text: string): number | undefined {
  const m = STATUS_UID.exec(text);
  return m === null ? undefined : Number(m[1]);
}

/** Storage I/O from /proc/PID/io (proc_pid_io(5)). */
export interface IoFields {
  readBytes: number;
  writeBytes: number;
}

/** Parse /proc/PID/io: read_bytes and write_bytes (bytes that went to or came from storage). */
export function parseIo(text: string): IoFields | undefined {
  let readBytes: number | undefined;
  let writeBytes: number | undefined;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 2).trim();
    if (!UNSIGNED.test(value)) continue;
    if (key === 'read_bytes') readBytes = Number(value);
    else if (key === 'write_bytes') writeBytes = Number(value);
  }
  return readBytes === undefined || writeBytes === undefined ? undefined : { readBytes, writeBytes };
}

/**
 * Parse /proc/PID/schedstat (Documentation/scheduler/sched-stats.rst): time on CPU (ns), time
 * waiting on a run queue (ns), timeslices. Returns the wait time.
 */
export function parseSchedstatWaitNs(text: string): number | undefined {
  const f = text.trim().split(' ');
  return f.length >= 2 && UNSIGNED.test(f[1]) ? Number(f[1]) : undefined;
}

/**
 * Parse /proc/PID/cgroup (cgroups(7)): lines `hierarchy-ID:controllers:path`. The cgroup v2 line
 * (`0::path`) wins unless it is the bare root while a v1 hierarchy places the process deeper (a
 * hybrid host whose v2 tree is unused); then `name=systemd`, else the first v1 line below the root.
 * The path may itself contain ':'. The result is sanitised.
 */
export function parseCgroup(text: string): string | undefined {
  let v2: string | undefined;
  let systemd: string | undefined;
  let firstV1: string | undefined;
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = a < 0 ? -1 : line.indexOf(':', a + 1);
    if (b < 0) continue;
    const id = line.slice(0, a);
    const controllers = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    if (id === '0' && controllers === '') v2 = path;
    else if (controllers === 'name=systemd') systemd = path;
    else if (firstV1 === undefined && path !== '/') firstV1 = path;
  }
  let chosen = v2;
  if (chosen === undefined || chosen === '/') {
    if (systemd !== undefined && systemd !== '/') chosen = systemd;
    else if (firstV1 !== undefined) chosen = firstV1;
    else chosen ??= systemd;
  }
  return chosen === undefined ? undefined : sanitizeText(chosen);
}

/** Appended to a command line that was cut at the read cap. */
export const CMDLINE_TRUNCATED_MARKER = ' …[truncated]';

/**
 * Turn /proc/PID/cmdline bytes (arguments separated and ended by NUL; proc_pid_cmdline(5)) into
 * one sanitised line, arguments joined by spaces. `truncated` says the read stopped at its cap,
 * which appends CMDLINE_TRUNCATED_MARKER. Empty for kernel threads and zombies.
 */
export function parseCmdline(bytes: Uint8Array, truncated: boolean): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  // NUL is one byte in UTF-8, so replacing it after decoding cannot cut a character.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('utf8').replaceAll('\0', ' ');
  const line = sanitizeText(text);
  return truncated ? line + CMDLINE_TRUNCATED_MARKER : line;
}
