/**
 * Short-lived processes: from the sched group's exec/exit events (bpf/sched.bpf.c), the
 * processes that started and exited between two samples, so that no sample listed them (a build
 * running thousands of compilers, a cron job of a few ms), and how many programs were started
 * (exec) in the interval. Pure: events and the previous pass in, the snapshot's recentExits out.
 */
import { eventWallTime } from '../../native/bpf-common.js';
import type { ProcEvent } from '../../native/bpf-sched.js';
import type { RecentExit, RecentExits } from '../../types/snapshot.js';
import { sanitizeText } from '../../util/sanitize.js';
import type { RawProcess } from './raw.js';

/** Exits kept in the list; `seen` still counts every one. */
export const RECENT_EXITS_MAX = 200;

/** waitpid(2) status: low 7 bits the terminating signal, bits 8–15 the exit status. */
function exitStatus(status: number): { exitCode?: number; signal?: number } {
  const signal = status & 0x7f;
  return signal === 0 ? { exitCode: (status >> 8) & 0xff } : { signal };
}

/**
 * The exits among `events` of processes that `previous` (the last pass's list) did not hold: on
 * the first pass (no previous) every exit since the group loaded. `lost` is the ring buffer's
 * drops during the interval; `bootTime` (ms since epoch) dates the exits when known.
 */
export function recentExits(
  events: readonly ProcEvent[],
  previous: readonly RawProcess[] | undefined,
  lost: number,
  clockTicks: number,
  bootTime: number | undefined,
): RecentExits {
  const exits = events.filter((e) => e.kind === 'exit');
  const nsPerTick = BigInt(Math.round(1e9 / clockTicks));
  const listed = new Set<string>();
  if (previous !== undefined && exits.length > 0) {
    const exitPids = new Set(exits.map((e) => e.pid));
    for (const p of previous) if (exitPids.has(p.pid)) listed.add(`${p.pid}:${p.startTime}`);
  }
  const fresh = exits.filter((e) => !listed.has(`${e.pid}:${e.startBoottimeNs / nsPerTick}`));
  fresh.sort((a, b) => (a.timeNs < b.timeNs ? 1 : a.timeNs > b.timeNs ? -1 : 0));
  const execs = events.length - exits.length;
  return { exits: fresh.slice(0, RECENT_EXITS_MAX).map((e) => recentExit(e, bootTime)), seen: fresh.length, execs, lost };
}

function recentExit(e: ProcEvent, bootTime: number | undefined): RecentExit {
  return {
    pid: e.pid,
    ppid: e.ppid,
    comm: sanitizeText(e.comm),
    uid: e.uid,
    lifetimeMs: Number(e.timeNs - e.startBoottimeNs) / 1e6,
    exitedAt: eventWallTime(bootTime, e.timeNs),
    ...exitStatus(e.exitCode),
    cpuMs: e.oncpuNs === undefined ? undefined : e.oncpuNs / 1e6,
  };
}
