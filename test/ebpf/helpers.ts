/**
 * Shared pieces of the eBPF tests: the privilege gate, a collector context on the real /proc,
 * children that are killed by exact pid, and /proc readers used as the reference.
 */
import { execFileSync, spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Backend, CollectorContext } from '../../src/collectors/contract.js';
import { readHostFacts } from '../../src/collectors/host/static.js';
import { AddonLoader } from '../../src/native/binding.js';
import { bpfNative, type BpfNative } from '../../src/native/bpf.js';
import { KernelSession, type KernelSessionOptions } from '../../src/native/kernel-session.js';
import { parseStat, type StatFields } from '../../src/collectors/processes/parse.js';
import { ReadBuffer } from '../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

/** eBPF needs root (or CAP_BPF + CAP_PERFMON) and the built addon; CI runs these as root. */
export const notRoot = process.getuid?.() !== 0;
const native = bpfNative(new AddonLoader());
/** Why the root-only suites cannot run here, or undefined when they can. */
export const skipReason = notRoot ? 'needs root for eBPF' : native.ok ? undefined : native.reason;

export function requireNative(): BpfNative {
  if (!native.ok) throw new Error(native.reason);
  return native.module;
}

export async function realContext(): Promise<CollectorContext> {
  const host = readHostFacts(buffer, '/proc', '/sys');
  return { procRoot: '/proc', sysRoot: '/sys', readBuffer: new ReadBuffer(), host, now: () => performance.now() };
}

/**
 * A context on the real /proc with its own KernelSession, as the Monitor makes it. The caller
 * closes ctx.kernel; between two reads it calls ctx.kernel.nextTick(), as the Monitor does.
 */
export async function kernelContext(options?: KernelSessionOptions): Promise<CollectorContext & { kernel: KernelSession }> {
  return { ...(await realContext()), kernel: new KernelSession(options) };
}

/** A read as a new tick of the Monitor makes it: the session's maps are read afresh. */
export function readFresh<Raw extends object>(
  backend: Backend<Raw>,
  ctx: CollectorContext & { kernel: KernelSession },
  prior: Partial<Raw> = {},
): Partial<Raw> {
  ctx.kernel.nextTick();
  return backend.read(ctx, prior) as Partial<Raw>;
}

const repo = resolve(import.meta.dirname, '..', '..');

/**
 * The object of a group that exists only for tests (test/ebpf/support/<name>.bpf.c), built by
 * scripts/compile-bpf.sh into build/test-bpf, outside what the package ships.
 */
export function testObject(name: string): string {
  execFileSync('bash', [join(repo, 'scripts', 'compile-bpf.sh'), 'test/ebpf/support', 'build/test-bpf'], { stdio: 'ignore' });
  return join(repo, 'build', 'test-bpf', `${name}.bpf.o`);
}

/** /proc/PID/stat of one process, or undefined when it is gone. */
export function procStat(pid: number): StatFields | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

const children = new Set<ChildProcess>();

/** Spawn a child the suite kills by its pid in killChildren(). */
export function child(cmd: string, args: string[]): ChildProcess {
  const c = spawn(cmd, args, { stdio: 'ignore' });
  children.add(c);
  return c;
}

export function killChildren(): void {
  for (const c of children) {
    if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) process.kill(c.pid, 'SIGKILL');
  }
  children.clear();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fds of `pid` whose /proc/PID/fd link passes `match`; none when the process is gone. */
function fdsLinked(pid: number | string, match: (link: string) => boolean): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  return fds.filter((fd) => {
    try {
      return match(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // The fd or the process went away while we looked.
      return false;
    }
  });
}

/** Pids holding a BPF_ENABLE_STATS fd (an `anon_inode:bpf-stats` link in /proc/PID/fd). */
export function bpfStatsHolders(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && fdsLinked(name, (link) => link === 'anon_inode:bpf-stats').length > 0)
    .map(Number);
}

/** Ids of the BPF programs `pid` holds, from the prog_id lines of its bpf fds' fdinfo. */
export function bpfProgIdsOf(pid: number): number[] {
  const ids = new Set<number>();
  for (const fd of fdsLinked(pid, (link) => link.startsWith('anon_inode:bpf'))) {
    try {
      const m = /^prog_id:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      if (m) ids.add(Number(m[1]));
    } catch {
      // The fd closed while we looked.
    }
  }
  return [...ids];
}

/**
 * A reader of `child`'s stdout line by line: each call resolves with the next line that starts
 * with `prefix`, minus the prefix, however the lines came in chunks.
 */
export function lineReader(child: ChildProcessWithoutNullStreams): (prefix: string) => Promise<string> {
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return async (prefix) => {
    for (;;) {
      const next = await lines.next();
      if (next.done === true) throw new Error(`output ended before a line starting '${prefix}'`);
      if (next.value.startsWith(prefix)) return next.value.slice(prefix.length);
    }
  };
}

/**
 * Resolve with the first stdout line starting with `prefix`, minus the prefix. It waits for new
 * output: a line that came in the chunk an earlier call matched is not seen (lineReader sees it).
 */
export async function stdoutLine(child: ChildProcessWithoutNullStreams, prefix: string): Promise<string> {
  let buffered = '';
  for (;;) {
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    buffered += chunk.toString();
    const found = buffered.split('\n').find((l) => l.startsWith(prefix));
    if (found !== undefined) return found.slice(prefix.length);
  }
}
