/**
 * What the harness reads from /proc about a measured monitor and the host: CPU time of a process
 * tree, peak RSS, start time (to tell a PID from a reused one), and the host's CPU counters.
 * The bench runs as plain type-stripped Node, so it cannot import src/ (whose imports name `.js`
 * files that exist only after a build); these few reads are its own.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second (sysconf(_SC_CLK_TCK)): the unit of utime/stime in /proc/PID/stat. */
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

export interface ProcStat {
  /** utime + stime + cutime + cstime, clock ticks: the process, its threads and its reaped children. */
  cpuTicks: number;
  /** cutime + cstime, clock ticks: its reaped children alone. */
  childTicks: number;
  /** Clock ticks after boot; with the PID it names one process (PIDs are reused). */
  startTime: number;
}

/**
 * /proc/PID/stat (proc(5)); undefined when the process is gone. The comm field may hold spaces and
 * ')', so the fields after it are counted from the last ')'.
 */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // After ") ": field 3 (state) is index 0, so field k is index k - 3.
  const f = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const field = (k: number): number => Number(f[k - 3]);
  return { cpuTicks: field(14) + field(15) + field(16) + field(17), childTicks: field(16) + field(17), startTime: field(22) };
}

/** Peak resident set size (VmHWM in /proc/PID/status), bytes; undefined when gone or not shown. */
export function readPeakRssBytes(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Direct children of a process, over all its threads (/proc/PID/task/TID/children). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').trim();
      if (text) out.push(...text.split(' ').map(Number));
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}

/** One process of a tree at a sample: its ticks, and its live threads' run time where the kernel gives it. */
export interface ProcessCpu {
  ticks: number;
  childTicks: number;
  /**
   * Each live thread's run time, ns (sum_exec_runtime, the first field of
   * /proc/PID/task/TID/schedstat), by thread id; undefined where a thread's was unreadable.
   */
  threadNs: Map<number, number> | undefined;
}

/** Each live thread's run time in ns, or undefined when one could not be read (no CONFIG_SCHED_INFO, or the process ended). */
function threadRunTimes(pid: number): Map<number, number> | undefined {
  const out = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ', 1)[0]);
      if (!Number.isFinite(ns)) return undefined;
      out.set(Number(tid), ns);
    }
  } catch {
    return undefined;
  }
  return out;
}

/** CPU of a process and all its live descendants, keyed by "pid@starttime". */
export function treeCpu(root: number): Map<string, ProcessCpu> {
  const cpu = new Map<string, ProcessCpu>();
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    const st = readStat(pid);
    if (!st) continue;
    cpu.set(`${pid}@${st.startTime}`, { ticks: st.cpuTicks, childTicks: st.childTicks, threadNs: threadRunTimes(pid) });
    todo.push(...childrenOf(pid));
  }
  return cpu;
}

const ticksMs = (ticks: number): number => (ticks * 1000) / CLK_TCK;

/**
 * A process's run time between two samples from its threads' schedstat, ns, or undefined where
 * that would miss some: a thread that ended in between took its time since the first sample
 * with it. A thread that began in between ran all its time in between.
 */
function threadsNsBetween(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number | undefined {
  if (before === undefined || after === undefined) return undefined;
  let ns = 0;
  for (const [tid, t] of before) {
    const now = after.get(tid);
    if (now === undefined) return undefined;
    ns += now - t;
  }
  for (const [tid, t] of after) if (!before.has(tid)) ns += t;
  return ns;
}

/**
 * CPU milliseconds a process tree used between two treeCpu() samples. In ns where each process's
 * threads give it (a clock tick is coarse against a monitor's few ms a refresh: bench/README.md,
 * Method), plus its reaped children's ticks; in ticks for a
 * process that appeared in between (it counts from zero), one whose threads' time cannot be read,
 * and one whose ticks moved further than its threads' time by more than the two ticks that
 * rounding utime and stime down can take (a thread that began and ended in between).
 */
export function treeCpuMs(before: Map<string, ProcessCpu>, after: Map<string, ProcessCpu>): number {
  let ms = 0;
  for (const [key, a] of after) {
    const b = before.get(key);
    if (b === undefined) {
      ms += ticksMs(a.ticks);
      continue;
    }
    const ticks = ticksMs(a.ticks - b.ticks);
    const ns = threadsNsBetween(b.threadNs, a.threadNs);
    const exact = ns === undefined ? undefined : ns / 1e6 + ticksMs(a.childTicks - b.childTicks);
    ms += exact !== undefined && ticks - exact <= ticksMs(2) ? exact : ticks;
  }
  return ms;
}

/** Processes on the host now (numeric entries of /proc), whoever started them. */
export function processCount(): number {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
}

export interface HostCpu {
  busy: number;
  total: number;
}

/** The aggregate "cpu" line of /proc/stat: busy = total − idle − iowait. */
export function readHostCpu(): HostCpu {
  const line = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0];
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - v[3] - v[4], total };
}

/** Host CPU busy % (of all cores) between two readHostCpu() samples. */
export function hostBusyPercent(a: HostCpu, b: HostCpu): number | undefined {
  const total = b.total - a.total;
  return total > 0 ? (100 * (b.busy - a.busy)) / total : undefined;
}
