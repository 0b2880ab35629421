/**
 * N idle processes for the monitors to list: `sleep` children spawned in batches, each recorded as
 * (pid, start time) so that exactly those — and never a process that later reused a PID — are
 * killed afterwards.
 */
import { spawn } from 'node:child_process';
import { readStat } from './procstat.ts';

interface Idle {
  pid: number;
  startTime: number;
}

export class IdleProcesses {
  private readonly procs: Idle[] = [];
  /**
   * How long each sleep lasts, seconds: the harness's own time limit. Should the harness be killed
   * with SIGKILL (no cleanup runs), the sleeps still end by themselves.
   */
  private readonly lifetimeS: number;

  constructor(lifetimeS: number) {
    this.lifetimeS = Math.ceil(lifetimeS);
  }

  get count(): number {
    return this.procs.length;
  }

  /** Spawn more sleeps until `n` are alive, `batch` at a time (a burst of thousands of forks stalls the 2 shared cores). */
  async growTo(n: number, batch = 200): Promise<void> {
    while (this.procs.length < n) {
      const size = Math.min(batch, n - this.procs.length);
      const started = await Promise.all(Array.from({ length: size }, () => this.spawnOne()));
      this.procs.push(...started);
    }
  }

  private spawnOne(): Promise<Idle> {
    return new Promise((resolve, reject) => {
      const child = spawn('sleep', [String(this.lifetimeS)], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('spawn', () => {
        const st = child.pid !== undefined ? readStat(child.pid) : undefined;
        if (child.pid === undefined || !st) {
          reject(new Error(`idle process ${child.pid ?? '?'} ended right after it started`));
          return;
        }
        // The harness must not stay alive for its sleeps; it kills them itself.
        child.unref();
        resolve({ pid: child.pid, startTime: st.startTime });
      });
    });
  }

  /**
   * SIGKILL every recorded process that is still the one we started (same PID and start time).
   * Synchronous, so that it can run from a signal handler or an exit hook. Returns how many it killed.
   */
  killAll(): number {
    let killed = 0;
    for (const p of this.procs.splice(0)) {
      if (readStat(p.pid)?.startTime !== p.startTime) continue;
      try {
        process.kill(p.pid, 'SIGKILL');
        killed++;
      } catch {
        // Gone between the check and the kill.
      }
    }
    return killed;
  }
}
