/**
 * The cost of a monitor's BPF programs (issue #3: "the programs' cost per event from BPF stats").
 * BPF programs run in whatever task hit the event, so their time is NOT in the monitor's
 * utime/stime; the kernel counts it per program (run_time_ns, run_cnt in /proc/PID/fdinfo of a
 * program's fd) while BPF stats are enabled. See Documentation/bpf and bpf(2) BPF_ENABLE_STATS.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { childrenOf } from './procstat.ts';

const STATS_SYSCTL = '/proc/sys/kernel/bpf_stats_enabled';

export interface BpfProgCounters {
  id: number;
  /** enum bpf_prog_type, as a number. */
  type: string;
  runTimeNs: number;
  runCnt: number;
}

/** /proc/PID/fdinfo/FD of a BPF program fd (proc(5), kernel/bpf/syscall.c bpf_prog_show_fdinfo). */
export function parseProgFdinfo(text: string): BpfProgCounters | undefined {
  const field = (name: string): string | undefined => new RegExp(`^${name}:\\s+(\\S+)$`, 'm').exec(text)?.[1];
  const id = field('prog_id');
  if (id === undefined) return undefined;
  return { id: Number(id), type: field('prog_type') ?? 'n/a', runTimeNs: Number(field('run_time_ns') ?? NaN), runCnt: Number(field('run_cnt') ?? NaN) };
}

/** Every BPF program the process tree under `root` holds an fd to, by program id. */
export function bpfPrograms(root: number): Map<number, BpfProgCounters> {
  const progs = new Map<number, BpfProgCounters>();
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== 'anon_inode:bpf-prog') continue;
        const prog = parseProgFdinfo(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'latin1'));
        if (prog) progs.set(prog.id, prog);
      } catch {
        // The fd was closed between listing and reading.
      }
    }
    todo.push(...childrenOf(pid));
  }
  return progs;
}

/** A program's name and type name as bpftool reports them (fdinfo has neither); empty without bpftool. */
function programInfo(id: number): { name?: string; type?: string } {
  try {
    const out = execFileSync('bpftool', ['prog', 'show', 'id', String(id), '--json'], {
      encoding: 'utf8',
      timeout: 5_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return JSON.parse(out) as { name?: string; type?: string };
  } catch {
    return {};
  }
}

let sysctlWasOff = false;

/**
 * Make sure the kernel counts program run time. SmoothTask may hold a BPF_ENABLE_STATS fd itself;
 * if the sysctl reads 0, nobody does, and the bench turns it on until restoreBpfStats(). The kernel
 * keeps the sysctl's share apart from fd holders, so turning it back off disturbs no one.
 * Returns whether stats are on.
 */
export function ensureBpfStats(): boolean {
  try {
    if (readFileSync(STATS_SYSCTL, 'latin1').trim() === '1') return true;
    writeFileSync(STATS_SYSCTL, '1');
    sysctlWasOff = true;
    return true;
  } catch {
    return false;
  }
}

/** Put kernel.bpf_stats_enabled back to 0 if ensureBpfStats() turned it on. Synchronous, for exit hooks. */
export function restoreBpfStats(): void {
  if (!sysctlWasOff) return;
  try {
    writeFileSync(STATS_SYSCTL, '0');
    sysctlWasOff = false;
  } catch {
    // Left on: it only costs two clock reads per program run.
  }
}

export interface BpfProgramCost {
  id: number;
  name: string;
  type: string;
  eventsPerSecond: number;
  /** Mean run time per event, ns; undefined when it did not run in the window. */
  nsPerEvent?: number;
  msPerRefresh: number;
}

/** Per-program cost between two bpfPrograms() samples taken `elapsedS` apart. */
export function bpfCosts(before: Map<number, BpfProgCounters>, after: Map<number, BpfProgCounters>, elapsedS: number, refreshS: number): BpfProgramCost[] {
  const out: BpfProgramCost[] = [];
  for (const [id, b] of after) {
    const a = before.get(id) ?? { ...b, runTimeNs: 0, runCnt: 0 };
    const ns = b.runTimeNs - a.runTimeNs;
    const cnt = b.runCnt - a.runCnt;
    if (!Number.isFinite(ns) || !Number.isFinite(cnt)) continue;
    const info = programInfo(id);
    out.push({
      id,
      name: info.name ?? `prog ${id}`,
      type: info.type ?? `type ${b.type}`,
      eventsPerSecond: cnt / elapsedS,
      nsPerEvent: cnt > 0 ? ns / cnt : undefined,
      msPerRefresh: ns / 1e6 / (elapsedS / refreshS),
    });
  }
  return out;
}
