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
  return { cpuTicks: field(14) + field(15) + field(16) + field(17), startTime: field(22) };
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

/** CPU ticks of a process and all its live descendants, keyed by "pid@starttime". */
export function treeTicks(root: number): Map<string, number> {
  const ticks = new Map<string, number>();
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    const st = readStat(pid);
    if (!st) continue;
    ticks.set(`${pid}@${st.startTime}`, st.cpuTicks);
    todo.push(...childrenOf(pid));
  }
  return ticks;
}

/**
 * CPU milliseconds a process tree used between two treeTicks() samples. A process that appeared
 * in between counts from zero; one that ended and was reaped is in its parent's cutime/cstime.
 */
export function treeCpuMs(before: Map<string, number>, after: Map<string, number>): number {
  let ticks = 0;
  for (const [key, t] of after) ticks += t - (before.get(key) ?? 0);
  return (ticks * 1000) / CLK_TCK;
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
