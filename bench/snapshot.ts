/**
 * SmoothTask's own sampling time: `smoothtask snapshot --json` reports `self.sampleMs`, the wall
 * time of its last sampling pass, and `sources.processes.backend`, the path that read the process
 * table. When that is eBPF (as root), the same command run unprivileged measures the /proc path.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UNPRIVILEGED } from './monitors.ts';

const run = promisify(execFile);
const SNAPSHOT_TIMEOUT_MS = 120_000;

export interface SnapshotResult {
  n: number;
  user: 'root' | 'nobody' | 'self';
  /** sources.processes.backend as the snapshot reported it. */
  backend?: string;
  /** self.sampleMs of each run; a run that did not report it is left out. */
  sampleMs: number[];
  /** Processes in the snapshot, from the last run. */
  processCount?: number;
  error?: string;
}

interface SnapshotJson {
  self?: { sampleMs?: number };
  sources?: { processes?: { backend?: string } };
  processes?: unknown[];
}

async function snapshotOnce(bin: string, prefix: readonly string[], home: string): Promise<SnapshotJson> {
  const argv = [...prefix, bin, 'snapshot', '--json'];
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, NODE_ENV: 'production', LANG: 'C.UTF-8' };
  const { stdout } = await run(argv[0], argv.slice(1), { env, timeout: SNAPSHOT_TIMEOUT_MS, maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(stdout) as SnapshotJson;
}

async function series(bin: string, n: number, user: SnapshotResult['user'], prefix: readonly string[], runs: number, home: string): Promise<SnapshotResult> {
  const result: SnapshotResult = { n, user, sampleMs: [] };
  try {
    for (let i = 0; i < runs; i++) {
      const snap = await snapshotOnce(bin, prefix, home);
      result.backend = snap.sources?.processes?.backend;
      result.processCount = snap.processes?.length;
      if (typeof snap.self?.sampleMs === 'number') result.sampleMs.push(snap.self.sampleMs);
    }
  } catch (err) {
    const e = err as Error & { stderr?: string };
    result.error = (e.stderr?.trim() || e.message).split('\n').slice(0, 6).join(' | ');
  }
  return result;
}

/** `runs` snapshots as this user; if that read processes through eBPF as root, `runs` more as nobody. */
export async function measureSnapshots(bin: string, n: number, runs: number): Promise<SnapshotResult[]> {
  const home = mkdtempSync(join(tmpdir(), 'smoothtask-bench-snapshot-'));
  // nobody needs a HOME it may write to.
  chmodSync(home, 0o777);
  try {
    const isRoot = process.getuid?.() === 0;
    const first = await series(bin, n, isRoot ? 'root' : 'self', [], runs, home);
    const out = [first];
    if (isRoot && first.backend === 'ebpf') out.push(await series(bin, n, 'nobody', UNPRIVILEGED, runs, home));
    return out;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
