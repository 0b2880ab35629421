/**
 * Pure parsers for the cgroup v2 files the cgroups collector reads. A cgroup's
 * `{cpu,io,memory}.pressure` has the format of /proc/pressure/* and goes through parsePressure
 * (../pressure/parse.ts); `cgroup.procs` is parsed here.
 * @see https://docs.kernel.org/admin-guide/cgroup-v2.html
 */

/** Pids are at most PID_MAX_LIMIT (2^22): seven digits. A longer run is not a pid. */
const PID = /^\d{1,7}$/;

/**
 * `cgroup.procs`: one pid per line, the processes directly in the cgroup (not its descendants').
 * A line that is not a pid is skipped.
 */
export function parseCgroupProcs(text: string): number[] {
  const pids: number[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (PID.test(t)) {
      const pid = Number(t);
      if (pid > 0) pids.push(pid);
    }
  }
  return pids;
}
