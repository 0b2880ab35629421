/**
 * A recorded snapshot (test/fixtures/debian12-2cpu-vm-snapshot) turned into a sequence of samples
 * 10 s apart in which a few processes change: one burns CPU and writes throughout, one exits at
 * sample 10, one starts at sample 15, one execs (new comm) at sample 20; the rest sleep.
 */
import { readFileSync } from 'node:fs';
import type { Snapshot } from '../../../src/types/snapshot.js';

const FIXTURE = JSON.parse(readFileSync('test/fixtures/debian12-2cpu-vm-snapshot/snapshot.json', 'utf8')) as Snapshot;
// Recorded with `snapshot --json`, which publishes each process's elapsedSeconds: the store's rows have none.
for (const p of FIXTURE.processes) delete (p as { elapsedSeconds?: number }).elapsedSeconds;

export const BUSY = FIXTURE.processes[5].pid;
export const EXITS = FIXTURE.processes[6].pid;
export const EXECS = FIXTURE.processes[7].pid;
export const STARTS = 999_999;

/** CPU seconds the busy process gains per sample, and bytes it writes. */
export const CPU_PER_SAMPLE = 1.5;
export const BYTES_PER_SAMPLE = 4096 * 25;

export function sequence(n: number): Snapshot[] {
  const t0 = Date.parse(FIXTURE.takenAt);
  const out: Snapshot[] = [];
  for (let i = 0; i < n; i++) {
    const s = structuredClone(FIXTURE);
    s.takenAt = new Date(t0 + i * 10_000).toISOString();
    s.cpu!.total!.busy = i;
    s.processes = s.processes.filter((p) => !(p.pid === EXITS && i >= 10));
    for (const p of s.processes) {
      if (p.pid === BUSY) {
        p.cpuTimeSeconds = 100 + i * CPU_PER_SAMPLE;
        p.cpuPercent = i === 0 ? undefined : 15;
        p.writeBytes = 1_000_000 + i * BYTES_PER_SAMPLE;
        p.rssBytes = 1_000_000 * (1 + (i % 3));
      }
      if (p.pid === EXECS && i >= 20) {
        p.comm = 'after-exec';
        p.cmdline = 'after-exec --flag';
      }
    }
    if (i >= 15) {
      const started = structuredClone(FIXTURE.processes[5]);
      Object.assign(started, {
        pid: STARTS,
        startTime: 500_000 + 0,
        comm: 'newcomer',
        cmdline: 'newcomer',
        startedAt: t0 + 145_000,
        cpuTimeSeconds: (i - 14) * 0.5,
      });
      s.processes.push(started);
    }
    out.push(s);
  }
  return out;
}
