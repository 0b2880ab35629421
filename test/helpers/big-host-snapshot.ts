/**
 * The big host as SmoothTask sees it: a Monitor over the fixture root (big-host.ts) for three
 * passes, one second of counters apart (the third is the first with per-process I/O rates: the
 * /proc reader's first pass leaves io for the second, and a rate needs two reads), with the 8
 * replicated GPUs (big-host-gpus.ts) put where NVML's would be.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Monitor } from '../../src/runtime/monitor.js';
import type { Snapshot } from '../../src/types/snapshot.js';
import { replicatedH200s } from './big-host-gpus.js';
import { trainerPids } from './big-host-processes.js';
import { writeBigHost, type BigHostRoot } from './big-host.js';

/** A temporary folder for a fixture root: in /dev/shm where there is one (tens of thousands of small files write faster to memory). */
export function bigHostDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'smoothtask-big-host-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface BigHostReading {
  root: BigHostRoot;
  /** The Monitor's last snapshot, with the GPUs. */
  snapshot: Snapshot;
  /** Each pass's time in ms (Monitor.tick, the whole sampler). */
  passMs: number[];
}

/** Write the root under `dir` and read it with a Monitor: `passes` passes, a step of counters apart. */
export async function readBigHost(dir: string, passes = 3): Promise<BigHostReading> {
  const root = writeBigHost(dir, { step: 0 });
  const monitor = await Monitor.create({ intervalMs: 1000, configStatus: () => ({}), procRoot: root.procRoot, sysRoot: root.sysRoot });
  const passMs: number[] = [];
  let snapshot: Snapshot | undefined;
  try {
    for (let step = 0; step < passes; step++) {
      if (step > 0) writeBigHost(dir, { step });
      const start = performance.now();
      snapshot = await monitor.tick();
      passMs.push(performance.now() - start);
    }
  } finally {
    monitor.stop();
  }
  const { gpus, source } = replicatedH200s(trainerPids(root.processes));
  return { root, snapshot: { ...snapshot!, gpus, sources: { ...snapshot!.sources, gpus: source } }, passMs };
}
