/**
 * Turns two raw process samples into the snapshot's ProcessRow[]: CPU %, I/O and run-queue wait
 * per second from counter deltas over the measured gap (cur.t - prev.t), start time and elapsed
 * time from the host's boot time and clock ticks. A rate needs the same (pid, startTime) in both
 * samples, so a reused pid never inherits its predecessor's counters.
 */
import type { CollectorContext, Timed } from '../contract.js';
import type { ProcessRow } from '../../types/snapshot.js';
import { processKey, type ProcessesRaw, type RawProcess } from './raw.js';

/** (cur - prev) / seconds, or undefined when either is unmeasured or the counter went back. */
function perSecond(cur: number | undefined, prev: number | undefined, seconds: number): number | undefined {
  if (cur === undefined || prev === undefined || seconds <= 0 || cur < prev) return undefined;
  return (cur - prev) / seconds;
}

/** Build the process rows for the snapshot from the previous and current raw samples. */
export function deriveProcesses(
  prev: Timed<ProcessesRaw> | undefined,
  cur: Timed<ProcessesRaw>,
  ctx: CollectorContext,
): ProcessRow[] {
  const { clockTicks, bootTime } = ctx.host;
  const seconds = prev === undefined ? 0 : (cur.t - prev.t) / 1000;
  const before = new Map<string, RawProcess>();
  for (const p of prev?.raw.processes ?? []) before.set(processKey(p.pid, p.startTime), p);

  return (cur.raw.processes ?? []).map((p): ProcessRow => {
    const old = before.get(processKey(p.pid, p.startTime));
    const cpuTicksPerSec = perSecond(p.cpuTicks, old?.cpuTicks, seconds);
    const sameWaitOrigin = old?.runqueueWaitFrom === p.runqueueWaitFrom;
    const waitNsPerSec = sameWaitOrigin ? perSecond(p.runqueueWaitNs, old?.runqueueWaitNs, seconds) : undefined;
    const startedAt = bootTime === undefined ? undefined : bootTime + (p.startTime / clockTicks) * 1000;
    return {
      pid: p.pid,
      startTime: p.startTime,
      ppid: p.ppid,
      uid: p.uid,
      user: p.user,
      state: p.state,
      nice: p.nice,
      priority: p.priority,
      threads: p.threads,
      cpuPercent: cpuTicksPerSec === undefined ? undefined : (cpuTicksPerSec / clockTicks) * 100,
      rssBytes: p.rssBytes,
      vszBytes: p.vszBytes,
      sharedBytes: p.sharedBytes,
      startedAt,
      elapsedSeconds: startedAt === undefined ? undefined : Math.max(0, (cur.wall - startedAt) / 1000),
      comm: p.comm,
      cmdline: p.cmdline ?? '',
      cgroup: p.cgroup,
      kernelThread: p.kernelThread,
      readBytesPerSec: perSecond(p.readBytes, old?.readBytes, seconds),
      writeBytesPerSec: perSecond(p.writeBytes, old?.writeBytes, seconds),
      runqueueWaitMsPerSec: waitNsPerSec === undefined ? undefined : waitNsPerSec / 1e6,
    };
  });
}
